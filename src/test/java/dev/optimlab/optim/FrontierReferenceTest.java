package dev.optimlab.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.IUpdater;

/**
 * The frontier optimizers (Adan, Nadam with PyTorch's momentum decay, Schedule-Free AdamW/SGD,
 * Prodigy) against plain double-precision loops written from the papers and the authors'
 * reference code (named in each class's Javadoc), over ≥ 150 steps of a fixed random gradient
 * sequence. Hyperparameters other than lr are set away from their defaults and from each other,
 * so that a swapped or ignored one turns a test red. Hooked optimizers run over one merged block
 * of two tensors as DL4J's updater block would ({@link TensorBlock}).
 */
class FrontierReferenceTest {

    private static final int STEPS = 150;
    private static final double TOL = 1e-12;
    private static final int[][] SHAPES = {{3, 4}, {2, 5}};
    private static final int N = 22;

    private static void assertClose(String what, double[][] actual, double[][] expected) {
        double err = UpdateSequence.maxAbsDiff(actual, expected);
        System.out.println(what + ": max |Δ| = " + err);
        assertTrue(err <= TOL, what + ": max |Δ| = " + err);
    }

    @Test
    void adanMatchesReferenceCodeWithProximalDecay() {
        double lr = 0.01;
        double b1 = 0.9;
        double b2 = 0.8;
        double b3 = 0.95;
        double eps = 1e-6;
        double wd = 0.3;
        double[] w0 = TensorBlock.initial(N, 21);
        double[][] g = UpdateSequence.gradients(STEPS, N, 22);
        // sail-sg/Adan _single_tensor_adan, no_prox=False, written out per element
        double[] w = w0.clone();
        double[] m = new double[N];
        double[] d = new double[N];
        double[] n = new double[N];
        double[] negPrev = new double[N];
        double[][] expected = new double[STEPS][];
        for (int t = 1; t <= STEPS; t++) {
            double bc1 = 1 - Math.pow(b1, t);
            double bc2 = 1 - Math.pow(b2, t);
            double bc3 = Math.sqrt(1 - Math.pow(b3, t));
            for (int i = 0; i < N; i++) {
                double gi = g[t - 1][i];
                if (t == 1) {
                    negPrev[i] = -gi;
                }
                double diff = negPrev[i] + gi;
                m[i] = b1 * m[i] + (1 - b1) * gi;
                d[i] = b2 * d[i] + (1 - b2) * diff;
                double z = b2 * diff + gi;
                n[i] = b3 * n[i] + (1 - b3) * z * z;
                double denom = Math.sqrt(n[i]) / bc3 + eps;
                w[i] -= lr / bc1 * m[i] / denom;
                w[i] -= lr * b2 / bc2 * d[i] / denom;
                w[i] /= 1 + lr * wd;
                negPrev[i] = -gi;
            }
            expected[t - 1] = w.clone();
        }
        Map<String, Double> hp = Map.of("lr", lr, "beta1", b1, "beta2", b2, "beta3", b3, "epsilon", eps,
                "weightDecay", wd);
        assertClose("adan", TensorBlock.trajectory(Optimizers.create("adan", hp),
                Optimizers.parameterHooks("adan", hp), SHAPES, w0, g), expected);
    }

    @Test
    void nadamWithMomentumDecayMatchesPytorchNadam() {
        double lr = 0.01;
        double b1 = 0.85;
        double b2 = 0.99;
        double eps = 1e-6;
        for (double psi : new double[] {Nadam.PYTORCH_MOMENTUM_DECAY, 0.05}) {
            double[][] g = UpdateSequence.gradients(STEPS, 19, 23);
            double[] m = new double[19];
            double[] v = new double[19];
            double[] muProduct = {1};
            // torch/optim/nadam.py, _single_tensor_nadam, per element
            double[][] expected = UpdateSequence.reference(g, (t, gt, u) -> {
                double bc2 = 1 - Math.pow(b2, t);
                double mu = b1 * (1 - 0.5 * Math.pow(0.96, t * psi));
                double muNext = b1 * (1 - 0.5 * Math.pow(0.96, (t + 1) * psi));
                muProduct[0] *= mu;
                double muProductNext = muProduct[0] * muNext;
                for (int i = 0; i < gt.length; i++) {
                    m[i] = b1 * m[i] + (1 - b1) * gt[i];
                    v[i] = b2 * v[i] + (1 - b2) * gt[i] * gt[i];
                    double denom = Math.sqrt(v[i] / bc2) + eps;
                    u[i] = lr * (1 - mu) / (1 - muProduct[0]) * gt[i] / denom
                            + lr * muNext / (1 - muProductNext) * m[i] / denom;
                }
            });
            IUpdater nadam = Optimizers.create("nadam",
                    Map.of("lr", lr, "beta1", b1, "beta2", b2, "epsilon", eps, "momentumDecay", psi));
            assertClose("nadam psi=" + psi, UpdateSequence.updates(nadam, g, DataType.DOUBLE), expected);
        }
    }

    @Test
    void nadamWithoutMomentumDecayIsUnchangedAndDl4jVariantRefusesIt() {
        double[][] g = UpdateSequence.gradients(20, 7, 24);
        assertEquals(new Nadam(0.01), Optimizers.create("nadam", Map.of("lr", 0.01, "momentumDecay", 0.0)));
        double[][] constant = UpdateSequence.updates(new Nadam(0.01), g, DataType.DOUBLE);
        double[][] decayed = UpdateSequence.updates(
                Optimizers.create("nadam", Map.of("lr", 0.01, "momentumDecay", 0.004)), g, DataType.DOUBLE);
        assertTrue(UpdateSequence.maxAbsDiff(constant, decayed) > 1e-4, "the schedule must change the updates");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Optimizers.create("nadam", Map.of("momentumDecay", 0.004), Variant.DL4J));
        assertTrue(e.getMessage().contains("momentumDecay"), e.getMessage());
    }
}
