package dev.optimlab.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.junit.jupiter.api.Test;

/**
 * The percentile interval covers the true value about as often as asked, on distributions whose
 * truth is known, and behaves as a statistic of resampled indices should.
 */
class BootstrapIntervalTest {

    private static double mean(double[] v, int[] idx) {
        double s = 0;
        for (int i : idx) {
            s += v[i];
        }
        return s / idx.length;
    }

    /** Fraction of {@code reps} samples whose 95% interval for the mean contains the true mean. */
    private static double coverage(int reps, int n, java.util.function.DoubleSupplier draw, double truth) {
        int hits = 0;
        for (int r = 0; r < reps; r++) {
            double[] x = new double[n];
            for (int i = 0; i < n; i++) {
                x[i] = draw.getAsDouble();
            }
            BootstrapInterval ci = BootstrapInterval.percentile(n, idx -> mean(x, idx), 300, 0.95, 1000 + r);
            if (ci.contains(truth)) {
                hits++;
            }
        }
        return (double) hits / reps;
    }

    @Test
    void coversTheMeanOfANormalAbout95PercentOfTheTime() {
        Random rng = new Random(7);
        double c = coverage(300, 60, () -> 3 + 2 * rng.nextGaussian(), 3);
        // The percentile interval is slightly short at n = 60 (≈ 94%); 300 repetitions give a
        // binomial std of 1.3 points, so [0.90, 0.985] is a ≥ 3-std band around 0.94–0.95.
        System.out.println("normal mean, n=60: coverage " + c);
        assertTrue(c >= 0.90 && c <= 0.985, "coverage " + c);
    }

    @Test
    void coversAnAccuracyOfBernoulliCorrectnessAbout95PercentOfTheTime() {
        Random rng = new Random(11);
        double c = coverage(300, 200, () -> rng.nextDouble() < 0.9 ? 1 : 0, 0.9);
        System.out.println("Bernoulli(0.9) accuracy, n=200: coverage " + c);
        assertTrue(c >= 0.90 && c <= 0.985, "coverage " + c);
    }

    @Test
    void widthShrinksLikeOneOverRootN() {
        Random rng = new Random(5);
        double[] small = rng.doubles(100).map(u -> u < 0.8 ? 1 : 0).toArray();
        double[] large = rng.doubles(1600).map(u -> u < 0.8 ? 1 : 0).toArray();
        BootstrapInterval a = BootstrapInterval.percentile(small.length, idx -> mean(small, idx), 2000, 0.95, 1);
        BootstrapInterval b = BootstrapInterval.percentile(large.length, idx -> mean(large, idx), 2000, 0.95, 1);
        double ratio = (a.upper() - a.lower()) / (b.upper() - b.lower());
        assertEquals(4, ratio, 0.8, "16× the examples: a quarter of the width");
        // And the width is the normal-theory one: 2·1.96·sqrt(p(1−p)/n).
        double p = a.estimate();
        assertEquals(2 * 1.96 * Math.sqrt(p * (1 - p) / 100), a.upper() - a.lower(), 0.025);
    }

    @Test
    void estimateIsTheStatisticOfTheWholeSetAndSeedFixesTheInterval() {
        double[] v = {1, 2, 3, 4, 10};
        BootstrapInterval a = BootstrapInterval.percentile(5, idx -> mean(v, idx), 500, 0.9, 3);
        BootstrapInterval b = BootstrapInterval.percentile(5, idx -> mean(v, idx), 500, 0.9, 3);
        assertEquals(4.0, a.estimate(), 1e-12);
        assertEquals(a, b, "same seed, same interval");
        assertTrue(a.lower() >= 1 && a.upper() <= 10 && a.lower() < a.upper());
        // A paired difference of a model with itself is exactly zero on every resample.
        BootstrapInterval zero = BootstrapInterval.percentile(5, idx -> mean(v, idx) - mean(v, idx), 200, 0.95, 3);
        assertEquals(0, zero.lower());
        assertEquals(0, zero.upper());
    }

    @Test
    void quantilesInterpolateBetweenOrderStatistics() {
        double[] sorted = {0, 10, 20, 30, 40};
        assertEquals(0, BootstrapInterval.quantile(sorted, 0), 1e-12);
        assertEquals(40, BootstrapInterval.quantile(sorted, 1), 1e-12);
        assertEquals(20, BootstrapInterval.quantile(sorted, 0.5), 1e-12);
        assertEquals(1, BootstrapInterval.quantile(sorted, 0.025), 1e-12); // h = 0.1
    }
}
