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

    @Test
    void momentumMatchesHeavyBallReference() {
        double lr = 0.03;
        double beta = 0.85;
        double[][] g = UpdateSequence.gradients(STEPS, 23, 3);
        double[][] expected = new double[STEPS][23];
        double[] a = new double[23];
        for (int t = 0; t < STEPS; t++) {
            for (int i = 0; i < 23; i++) {
                a[i] = beta * a[i] + g[t][i];
                expected[t][i] = lr * a[i];
            }
        }
        double err = UpdateSequence.maxAbsDiff(UpdateSequence.updates(new Momentum(lr, beta), g, DataType.DOUBLE), expected);
        assertTrue(err <= 1e-12, "momentum: max |Δu| = " + err);
    }

    @Test
    void adamPaperMatchesAlgorithm1() {
        double lr = 0.01;
        double b1 = 0.8;
        double b2 = 0.99;
        double eps = 1e-3; // large, so that where ε sits is visible
        double[][] g = UpdateSequence.gradients(STEPS, 19, 4);
        double[][] expected = new double[STEPS][19];
        double[] m = new double[19];
        double[] v = new double[19];
        for (int t = 1; t <= STEPS; t++) {
            for (int i = 0; i < 19; i++) {
                double gi = g[t - 1][i];
                m[i] = b1 * m[i] + (1 - b1) * gi;
                v[i] = b2 * v[i] + (1 - b2) * gi * gi;
                double mHat = m[i] / (1 - Math.pow(b1, t));
                double vHat = v[i] / (1 - Math.pow(b2, t));
                expected[t - 1][i] = lr * mHat / (Math.sqrt(vHat) + eps);
            }
        }
        double[][] paper = UpdateSequence.updates(new Adam(lr, b1, b2, eps, Variant.PAPER), g, DataType.DOUBLE);
        double err = UpdateSequence.maxAbsDiff(paper, expected);
        assertTrue(err <= 1e-12, "adam (paper): max |Δu| = " + err);
        double[][] dl4j = UpdateSequence.updates(new Adam(lr, b1, b2, eps, Variant.DL4J), g, DataType.DOUBLE);
        assertTrue(UpdateSequence.maxAbsDiff(dl4j, expected) > 1e-4,
                "with ε = 1e-3 the DL4J ε-hat form must differ visibly from Algorithm 1");
    }
}
