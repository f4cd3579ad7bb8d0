package dev.optimlab.optim;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Prodigy's float32 tiles against the double reference, measured relative to the distance the
 * weights moved rather than to the weights themselves: Prodigy starts with tiny steps (d0), so
 * |Δw|/|w| would stay small even for a float path that stepped the wrong way, and such faults
 * would pass {@link ReferenceTest}'s float check. Both branches of the numerator are run: β1 > 0
 * (η·m_t) and β1 = 0 (η·d_{t+1}·g, the reference's form without a first moment).
 */
class ProdigyFloatTest {

    private static final int[][] SHAPES = {{40, 30}, {30, 20}}; // 1,800 parameters: whole float tiles and a remainder
    private static final int N = 40 * 30 + 30 * 20;
    private static final int STEPS = 30;
    /**
     * Float rounding of w (|w| about 1, an ulp 6e-8) over 30 steps against a displacement of order 0.1:
     * about 1e-5 of the distance moved; a wrong term in the step is of order 1.
     */
    private static final double TOLERANCE = 1e-3;

    @Test
    void floatTilesFollowTheReferenceWithAndWithoutFirstMoment() {
        double[][] g = UpdateSequence.gradients(STEPS, N, 41);
        double[] w0 = TensorBlock.initial(N, 42);
        for (double beta1 : new double[] {0.9, 0.0}) {
            Map<String, Double> hp = Map.of("lr", 1.0, "beta1", beta1, "d0", 1e-2, "growthRate", 1.5);
            double[][] expected = References.of("prodigy").run(References.Hp.of("prodigy", hp), SHAPES, w0, STEPS,
                    (w, t) -> g[t]);
            double[][] actual = TensorBlock.trajectory(Optimizers.updaterPart("prodigy", hp), java.util.List.of(), SHAPES,
                    w0, STEPS, (w, t) -> g[t], DataType.FLOAT);
            double moved = 0;
            for (double[] w : expected) {
                moved = Math.max(moved, UpdateSequence.maxAbsDiff(new double[][] {w}, new double[][] {w0}));
            }
            double err = UpdateSequence.maxAbsDiff(actual, expected) / moved;
            System.out.println("prodigy float32, beta1 " + beta1 + ": max |Δw| / distance moved = " + err
                    + " (moved up to " + moved + ")");
            assertTrue(moved > 0.05, "beta1 " + beta1 + ": the weights must move visibly: " + moved);
            assertTrue(err <= TOLERANCE, "beta1 " + beta1 + ": max |Δw| / distance moved = " + err);
        }
    }
}
