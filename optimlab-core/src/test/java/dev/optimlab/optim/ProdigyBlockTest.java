package dev.optimlab.optim;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.IUpdater;

/**
 * Prodigy keeps its three scalars (d, d_max, the numerator) in the scalar slot of its block, so
 * the smallest block it can run is 3 parameters: that one must run as the reference does, and a
 * smaller one be refused with a message saying why.
 */
class ProdigyBlockTest {

    @Test
    void threeParametersAreEnoughAndTwoAreRefused() {
        Map<String, Double> hp = Map.of("lr", 1.0, "beta1", 0.8, "beta2", 0.95);
        int[][] shapes = {{1, 3}};
        int steps = 40;
        double[] w0 = TensorBlock.initial(3, 71);
        double[][] g = UpdateSequence.gradients(steps, 3, 72);
        double[][] expected = References.of("prodigy").run(References.Hp.of("prodigy", hp), shapes, w0, steps,
                (w, t) -> g[t]);
        double[][] actual = TensorBlock.trajectory(Optimizers.updaterPart("prodigy", hp),
                Optimizers.parameterHooks("prodigy", hp), shapes, w0, g);
        double err = UpdateSequence.maxRelDiff(actual, expected);
        // double: 40 steps of a few dozen roundings at 1.1e-16, d fed back (ReferenceTest's bound)
        assertTrue(err <= 1e-12, "prodigy on 3 parameters: max rel |Δw| = " + err);

        IUpdater u = Optimizers.updaterPart("prodigy", hp);
        GradientUpdater<?> two = u.instantiate(Nd4j.zeros(DataType.DOUBLE, u.stateSize(2)), true);
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> two.applyUpdater(Nd4j.createFromArray(0.1, -0.2), 0, 0));
        assertTrue(e.getMessage().contains("needs >= 3"), e.getMessage());
    }
}
