package dev.optimlab.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.junit.jupiter.api.Test;

class BiasVarianceTest {

    @Test
    void smallCaseByHand() {
        // two models, two points: truth (0, 1); predictions (1, 1) and (3, 2)
        BiasVariance bv = BiasVariance.of(new double[][] {{1, 1}, {3, 2}}, new double[] {0, 1}, 0.5);
        // means (2, 1.5): bias² (4, 0.25) → 2.125; variances (1, 0.25) → 0.625
        assertEquals(2.125, bv.bias2(), 1e-15);
        assertEquals(0.625, bv.variance(), 1e-15);
        assertEquals(0.5, bv.noise(), 0);
        // mean over models of (ŷ − f)²: point 0 (1 + 9)/2 = 5, point 1 (0 + 1)/2 = 0.5 → 2.75, + σ²
        assertEquals(3.25, bv.expectedError(), 1e-15);
        assertEquals(4.0, bv.bias2At()[0], 1e-15);
        assertEquals(0.25, bv.varianceAt()[1], 1e-15);
    }

    @Test
    void termsAddUpExactlyToTheExpectedError() {
        Random r = new Random(3);
        for (int trial = 0; trial < 20; trial++) {
            int m = 2 + r.nextInt(40);
            int p = 1 + r.nextInt(200);
            double[][] pred = new double[m][p];
            double[] truth = new double[p];
            double offset = r.nextGaussian() * 10;
            for (int j = 0; j < p; j++) {
                truth[j] = Math.sin(j) * 3;
                for (int i = 0; i < m; i++) {
                    pred[i][j] = truth[j] + offset + r.nextGaussian() * r.nextDouble() * 5;
                }
            }
            BiasVariance bv = BiasVariance.of(pred, truth, r.nextDouble());
            assertEquals(bv.expectedError(), bv.sum(), 1e-9, "trial " + trial);
            // the direct average, written independently of the class
            double direct = 0;
            for (int j = 0; j < p; j++) {
                for (int i = 0; i < m; i++) {
                    direct += (pred[i][j] - truth[j]) * (pred[i][j] - truth[j]) / ((double) m * p);
                }
            }
            assertEquals(direct + bv.noise(), bv.sum(), 1e-9);
        }
    }

    @Test
    void recoversAKnownBiasAndVariance() {
        // models = f + 0.3 + N(0, 0.2²): bias² = 0.09, variance = 0.04·(M−1)/M in expectation
        Random r = new Random(5);
        int m = 400;
        int p = 300;
        double[][] pred = new double[m][p];
        double[] truth = new double[p];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < p; j++) {
                pred[i][j] = truth[j] + 0.3 + 0.2 * r.nextGaussian();
            }
        }
        BiasVariance bv = BiasVariance.of(pred, truth, 0.1);
        assertEquals(0.09, bv.bias2(), 0.09 * 0.02);
        assertEquals(0.04 * (m - 1) / m, bv.variance(), 0.04 * 0.02);
    }

    @Test
    void identicalModelsHaveNoVariance() {
        double[] f = {1, 2, 3};
        double[][] pred = {{1.5, 2, 2}, {1.5, 2, 2}, {1.5, 2, 2}};
        BiasVariance bv = BiasVariance.of(pred, f, 0);
        assertEquals(0, bv.variance(), 0);
        assertEquals((0.25 + 0 + 1) / 3, bv.bias2(), 1e-15);
    }

    @Test
    void measuredErrorOnFreshNoisyTargetsMatchesTheDecompositionAndCatchesAWrongNoise() {
        Random r = new Random(9);
        int m = 20;
        int p = 50;
        int draws = 40;
        double sigma = 0.5;
        double[] truth = new double[p];
        double[][] pred = new double[m][p];
        for (int j = 0; j < p; j++) {
            truth[j] = Math.cos(j / 5.0);
            for (int i = 0; i < m; i++) {
                pred[i][j] = truth[j] + 0.2 * Math.sin(j) + 0.3 * r.nextGaussian();
            }
        }
        double[][][] targets = new double[m][draws][p];
        for (int i = 0; i < m; i++) {
            for (double[] d : targets[i]) {
                for (int j = 0; j < p; j++) {
                    d[j] = truth[j] + sigma * r.nextGaussian();
                }
            }
        }
        BiasVariance.Estimate measured = BiasVariance.measure(pred, targets);
        assertEquals((long) m * draws * p, measured.count());
        BiasVariance right = BiasVariance.of(pred, truth, sigma * sigma);
        assertTrue(Math.abs(measured.mean() - right.sum()) <= 4 * measured.standardError(),
                measured + " vs " + right.sum());
        BiasVariance wrong = BiasVariance.of(pred, truth, 2 * sigma * sigma);
        assertTrue(Math.abs(measured.mean() - wrong.sum()) > 4 * measured.standardError(),
                "a wrong noise variance must be detected: " + measured + " vs " + wrong.sum());
    }

    @Test
    void rejectsMismatchedShapes() {
        assertThrows(IllegalArgumentException.class, () -> BiasVariance.of(new double[][] {{1, 2}}, new double[] {1}, 0));
        assertThrows(IllegalArgumentException.class, () -> BiasVariance.of(new double[0][], new double[] {1}, 0));
        assertThrows(IllegalArgumentException.class,
                () -> BiasVariance.measure(new double[][] {{1}}, new double[][][] {{{1}}, {{1}}}));
    }
}
