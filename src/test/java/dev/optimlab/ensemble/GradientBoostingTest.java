package dev.optimlab.ensemble;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;

import org.junit.jupiter.api.Test;

/** LS_Boost: each round fits the residuals, training error never rises, and the seed fixes subsampling. */
class GradientBoostingTest {

    private static final Random RNG = new Random(4);
    private static final double[][] X = new double[120][2];
    private static final double[] Y = new double[120];

    static {
        for (int i = 0; i < X.length; i++) {
            X[i][0] = RNG.nextDouble() * 6 - 3;
            X[i][1] = RNG.nextDouble() * 6 - 3;
            Y[i] = 2 * Math.sin(X[i][0]) + 0.5 * X[i][1] * X[i][1] + 0.2 * RNG.nextGaussian();
        }
    }

    private static double mse(double[] p) {
        double s = 0;
        for (int i = 0; i < Y.length; i++) {
            s += (p[i] - Y[i]) * (p[i] - Y[i]) / Y.length;
        }
        return s;
    }

    @Test
    void eachRoundIsTheLeastSquaresStumpOfTheCurrentResiduals() {
        GradientBoosting gb = GradientBoosting.fit(X, Y, 3, 0.3, 1.0, 5, 0);
        double mean = Arrays.stream(Y).average().orElseThrow();
        assertEquals(mean, gb.initial(), 1e-12, "F₀ is the mean");
        double[] f = new double[Y.length];
        Arrays.fill(f, mean);
        for (int m = 0; m < 3; m++) {
            double[] r = new double[Y.length];
            for (int i = 0; i < Y.length; i++) {
                r[i] = Y[i] - f[i];
            }
            RegressionStump expected = RegressionStump.fit(X, r, 5);
            RegressionStump got = gb.stumps().get(m);
            assertEquals(expected.feature(), got.feature(), "round " + (m + 1));
            assertEquals(expected.threshold(), got.threshold(), 0, "round " + (m + 1));
            assertEquals(expected.left(), got.left(), 1e-12);
            assertEquals(expected.right(), got.right(), 1e-12);
            for (int i = 0; i < Y.length; i++) {
                f[i] += 0.3 * expected.predict(X[i]);
            }
        }
        assertArrayEquals(f, gb.staged(X, 3)[2], 1e-12);
        assertEquals(f[7], gb.predict(X[7]), 1e-12);
    }

    @Test
    void trainingErrorNeverRisesWithFullSamplesAndFallsFarBelowTheVariance() {
        GradientBoosting gb = GradientBoosting.fit(X, Y, 200, 0.1, 1.0, 5, 0);
        double[][] staged = gb.staged(X, 200);
        double previous = Double.POSITIVE_INFINITY;
        for (double[] stage : staged) {
            double e = mse(stage);
            assertTrue(e <= previous + 1e-12, "training MSE rose");
            previous = e;
        }
        double mean = Arrays.stream(Y).average().orElseThrow();
        double variance = Arrays.stream(Y).map(v -> (v - mean) * (v - mean)).average().orElseThrow();
        assertTrue(previous < 0.15 * variance, "200 stumps explain most of an additive function: " + previous
                + " vs variance " + variance);
    }

    @Test
    void subsamplingIsFixedBySeed() {
        GradientBoosting a = GradientBoosting.fit(X, Y, 20, 0.1, 0.5, 5, 9);
        GradientBoosting b = GradientBoosting.fit(X, Y, 20, 0.1, 0.5, 5, 9);
        GradientBoosting c = GradientBoosting.fit(X, Y, 20, 0.1, 0.5, 5, 10);
        assertEquals(a.stumps(), b.stumps());
        assertFalse(a.stumps().equals(c.stumps()), "another seed, other subsamples");
    }
}
