package dev.optimlab.regularize.augment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.function.DoublePredicate;
import java.util.function.DoubleSupplier;

import org.junit.jupiter.api.Test;

/** Beta(α, α) draws have mean 1/2 and variance 1/(4(2α + 1)), for α below, at and above 1. */
class BetaSamplerTest {

    @Test
    void momentsMatchTheBetaDistribution() {
        int draws = 200_000;
        for (double alpha : new double[] {0.2, 1.0, 3.0}) {
            Random r = new Random(7);
            double[] moments = meanAndVariance(draws, () -> BetaSampler.symmetric(alpha, r), b -> b >= 0 && b <= 1);
            double mean = moments[0], var = moments[1];
            double expectedVar = 1 / (4 * (2 * alpha + 1));
            // s.e. of the mean ≤ 0.0009; tolerances are ≥ 5 s.e.
            assertEquals(0.5, mean, 0.005, "mean, alpha=" + alpha);
            assertEquals(expectedVar, var, 0.02 * expectedVar + 0.001, "variance, alpha=" + alpha);
        }
    }

    @Test
    void sameSeedSameDraws() {
        Random a = new Random(3), b = new Random(3);
        for (int i = 0; i < 100; i++) {
            assertEquals(BetaSampler.symmetric(0.4, a), BetaSampler.symmetric(0.4, b));
        }
    }

    /**
     * Gamma(k, 1) has mean and variance k; the symmetric Beta above would hide a wrong shape (any
     * X/(X + Y) of two equal draws has mean 1/2), so the Marsaglia–Tsang draws are checked
     * directly, below 1 (the U^(1/k) boost), at 1 and above.
     */
    @Test
    void gammaDrawsHaveMeanAndVarianceEqualToTheShape() {
        int draws = 200_000;
        for (double k : new double[] {0.3, 1.0, 2.5}) {
            Random r = new Random(11);
            double[] moments = meanAndVariance(draws, () -> BetaSampler.gamma(k, r), g -> g >= 0);
            double mean = moments[0], var = moments[1];
            // s.e. of the mean √(k/draws) ≤ 0.0036; of the variance ≈ k·√(2 + 6/k)/√draws ≤ 0.011
            assertEquals(k, mean, 0.02, "mean, shape " + k);
            assertEquals(k, var, 0.06 * k + 0.02, "variance, shape " + k);
        }
    }

    /** The sample mean and (biased) variance of {@code draws} draws, each required to lie in the support. */
    private static double[] meanAndVariance(int draws, DoubleSupplier draw, DoublePredicate inSupport) {
        double sum = 0, sq = 0;
        for (int i = 0; i < draws; i++) {
            double x = draw.getAsDouble();
            assertTrue(inSupport.test(x), "draw outside the support: " + x);
            sum += x;
            sq += x * x;
        }
        double mean = sum / draws;
        return new double[] {mean, sq / draws - mean * mean};
    }
}
