package dev.optimlab.optim;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * The paper forms against straightforward double-precision loops written from the equations in
 * each class's Javadoc (no ND4J in the reference).
 */
class ReferenceTest {

    private static final int STEPS = 150;

    private static void assertMatches(String name, OptimLabUpdater updater, double[][] g, double[][] expected) {
        double err = UpdateSequence.maxAbsDiff(UpdateSequence.updates(updater, g, DataType.DOUBLE), expected);
        System.out.printf("reference %-10s max |du| = %.3g%n", name, err);
        assertTrue(err <= 1e-12, name + " (paper): max |Δu| = " + err);
    }

    @Test
    void momentumMatchesHeavyBallReference() {
        double lr = 0.03;
        double beta = 0.85;
        double[][] g = UpdateSequence.gradients(STEPS, 23, 3);
        double[] a = new double[23];
        double[][] expected = UpdateSequence.reference(g, (t, gt, u) -> {
            for (int i = 0; i < gt.length; i++) {
                a[i] = beta * a[i] + gt[i];
                u[i] = lr * a[i];
            }
        });
        assertMatches("momentum", new Momentum(lr, beta), g, expected);
    }

    @Test
    void adamPaperMatchesAlgorithm1() {
        double lr = 0.01;
        double b1 = 0.8;
        double b2 = 0.99;
        double eps = 1e-3; // large, so that where ε sits is visible
        double[][] g = UpdateSequence.gradients(STEPS, 19, 4);
        double[] m = new double[19];
        double[] v = new double[19];
        double[][] expected = UpdateSequence.reference(g, (t, gt, u) -> {
            for (int i = 0; i < gt.length; i++) {
                m[i] = b1 * m[i] + (1 - b1) * gt[i];
                v[i] = b2 * v[i] + (1 - b2) * gt[i] * gt[i];
                double mHat = m[i] / (1 - Math.pow(b1, t));
                double vHat = v[i] / (1 - Math.pow(b2, t));
                u[i] = lr * mHat / (Math.sqrt(vHat) + eps);
            }
        });
        assertMatches("adam", new Adam(lr, b1, b2, eps, Variant.PAPER), g, expected);
        double[][] dl4j = UpdateSequence.updates(new Adam(lr, b1, b2, eps, Variant.DL4J), g, DataType.DOUBLE);
        assertTrue(UpdateSequence.maxAbsDiff(dl4j, expected) > 1e-4,
                "with ε = 1e-3 the DL4J ε-hat form must differ visibly from Algorithm 1");
    }

    @Test
    void nesterovMatchesPyTorchForm() {
        double lr = 0.03;
        double mu = 0.8;
        double[][] g = UpdateSequence.gradients(STEPS, 23, 5);
        double[] b = new double[23];
        double[][] expected = UpdateSequence.reference(g, (t, gt, u) -> {
            for (int i = 0; i < gt.length; i++) {
                b[i] = mu * b[i] + gt[i];
                u[i] = lr * (gt[i] + mu * b[i]);
            }
        });
        assertMatches("nesterov", new Nesterov(lr, mu, Variant.PAPER), g, expected);
    }

    @Test
    void adagradMatchesDuchiEtAl() {
        double lr = 0.1;
        double eps = 1e-3;
        double h0 = 0.05; // a non-zero start, so that the initial accumulator is seen to be used
        double[][] g = UpdateSequence.gradients(STEPS, 19, 6);
        double[] h = new double[19];
        java.util.Arrays.fill(h, h0);
        double[][] expected = UpdateSequence.reference(g, (t, gt, u) -> {
            for (int i = 0; i < gt.length; i++) {
                h[i] += gt[i] * gt[i];
                u[i] = lr * gt[i] / (Math.sqrt(h[i]) + eps);
            }
        });
        assertMatches("adagrad", new AdaGrad(lr, eps, h0, Variant.PAPER), g, expected);
    }

    @Test
    void adadeltaMatchesZeilerAlgorithm1() {
        double lr = 0.7; // a multiplier of the step only
        double rho = 0.9;
        double eps = 1e-4;
        double[][] g = UpdateSequence.gradients(STEPS, 19, 7);
        double[] eg = new double[19];
        double[] ex = new double[19];
        double[][] expected = UpdateSequence.reference(g, (t, gt, u) -> {
            for (int i = 0; i < gt.length; i++) {
                eg[i] = rho * eg[i] + (1 - rho) * gt[i] * gt[i];
                double dx = Math.sqrt(ex[i] + eps) / Math.sqrt(eg[i] + eps) * gt[i];
                ex[i] = rho * ex[i] + (1 - rho) * dx * dx;
                u[i] = lr * dx;
            }
        });
        assertMatches("adadelta", new AdaDelta(lr, rho, eps), g, expected);
    }

    @Test
    void rmspropMatchesHintonLecture() {
        double lr = 0.01;
        double rho = 0.85;
        double eps = 1e-3;
        double[][] g = UpdateSequence.gradients(STEPS, 19, 8);
        double[] s = new double[19];
        double[][] expected = UpdateSequence.reference(g, (t, gt, u) -> {
            for (int i = 0; i < gt.length; i++) {
                s[i] = rho * s[i] + (1 - rho) * gt[i] * gt[i];
                u[i] = lr * gt[i] / (Math.sqrt(s[i]) + eps);
            }
        });
        assertMatches("rmsprop", new RmsProp(lr, rho, eps, Variant.PAPER), g, expected);
        double[][] dl4j = UpdateSequence.updates(new RmsProp(lr, rho, eps, Variant.DL4J), g, DataType.DOUBLE);
        assertTrue(UpdateSequence.maxAbsDiff(dl4j, expected) > 1e-6,
                "with ε = 1e-3 the DL4J start s_0 = ε must differ visibly from s_0 = 0");
    }

    @Test
    void amsgradMatchesAdamWithRunningMax() {
        double lr = 0.01;
        double b1 = 0.8;
        double b2 = 0.99;
        double eps = 1e-3;
        double[][] g = UpdateSequence.gradients(STEPS, 19, 9);
        double[] m = new double[19];
        double[] v = new double[19];
        double[] vMax = new double[19];
        double[][] expected = UpdateSequence.reference(g, (t, gt, u) -> {
            for (int i = 0; i < gt.length; i++) {
                m[i] = b1 * m[i] + (1 - b1) * gt[i];
                v[i] = b2 * v[i] + (1 - b2) * gt[i] * gt[i];
                vMax[i] = Math.max(vMax[i], v[i]);
                double mHat = m[i] / (1 - Math.pow(b1, t));
                u[i] = lr * mHat / (Math.sqrt(vMax[i] / (1 - Math.pow(b2, t))) + eps);
            }
        });
        assertMatches("amsgrad", new AMSGrad(lr, b1, b2, eps, Variant.PAPER), g, expected);
    }

    @Test
    void adamaxMatchesAlgorithm2() {
        double lr = 0.002;
        double b1 = 0.8;
        double b2 = 0.99;
        double eps = 1e-8;
        double[][] g = UpdateSequence.gradients(STEPS, 19, 10);
        double[] m = new double[19];
        double[] w = new double[19]; // the paper's u_t, the exponentially weighted infinity norm
        double[][] expected = UpdateSequence.reference(g, (t, gt, u) -> {
            for (int i = 0; i < gt.length; i++) {
                m[i] = b1 * m[i] + (1 - b1) * gt[i];
                w[i] = Math.max(b2 * w[i], Math.abs(gt[i]));
                u[i] = (lr / (1 - Math.pow(b1, t))) * m[i] / (w[i] + eps);
            }
        });
        assertMatches("adamax", new AdaMax(lr, b1, b2, eps, Variant.PAPER), g, expected);
    }

    @Test
    void nadamMatchesDozatAlgorithm2WithConstantMomentum() {
        double lr = 0.002;
        double b1 = 0.9;
        double b2 = 0.999;
        double eps = 1e-8;
        double[][] g = UpdateSequence.gradients(STEPS, 19, 11);
        double[] m = new double[19];
        double[] v = new double[19];
        double[][] expected = UpdateSequence.reference(g, (t, gt, u) -> {
            for (int i = 0; i < gt.length; i++) {
                m[i] = b1 * m[i] + (1 - b1) * gt[i];
                v[i] = b2 * v[i] + (1 - b2) * gt[i] * gt[i];
                double mBar = b1 * m[i] / (1 - Math.pow(b1, t + 1)) + (1 - b1) * gt[i] / (1 - Math.pow(b1, t));
                double vHat = v[i] / (1 - Math.pow(b2, t));
                u[i] = lr * mBar / (Math.sqrt(vHat) + eps);
            }
        });
        assertMatches("nadam", new Nadam(lr, b1, b2, eps, Variant.PAPER), g, expected);
        // DL4J's Nadam skips the bias correction of v: its first step is ≈ 60·lr·sign(g), not ≈ 1.5·lr
        double[][] dl4j = UpdateSequence.updates(new Nadam(lr, b1, b2, eps, Variant.DL4J), g, DataType.DOUBLE);
        double ratio = Math.abs(dl4j[0][0] / expected[0][0]);
        assertTrue(ratio > 30, "DL4J's first Nadam step must be much larger than the paper's, ratio " + ratio);
    }

    @Test
    void adabeliefMatchesAlgorithm2() {
        double lr = 0.01;
        double b1 = 0.8;
        double b2 = 0.99;
        double eps = 1e-6;
        double[][] g = UpdateSequence.gradients(STEPS, 19, 12);
        double[] m = new double[19];
        double[] s = new double[19];
        double[][] expected = UpdateSequence.reference(g, (t, gt, u) -> {
            for (int i = 0; i < gt.length; i++) {
                m[i] = b1 * m[i] + (1 - b1) * gt[i];
                s[i] = b2 * s[i] + (1 - b2) * (gt[i] - m[i]) * (gt[i] - m[i]) + eps;
                double mHat = m[i] / (1 - Math.pow(b1, t));
                double sHat = s[i] / (1 - Math.pow(b2, t));
                u[i] = lr * mHat / (Math.sqrt(sHat) + eps);
            }
        });
        assertMatches("adabelief", new AdaBelief(lr, b1, b2, eps, Variant.PAPER), g, expected);
    }
}
