package dev.optimlab.analysis;

import java.util.Arrays;
import java.util.Random;
import java.util.function.ToDoubleFunction;

import dev.optimlab.data.Bootstrap;

/**
 * A percentile bootstrap confidence interval for any statistic of a test set (Efron &amp;
 * Tibshirani, <i>An Introduction to the Bootstrap</i>, Chapman &amp; Hall 1993, ch. 13): the
 * statistic θ̂ is recomputed on {@code B} resamples of the test examples (drawn with
 * replacement, {@link Bootstrap}), and the interval is the (1 − level)/2 and (1 + level)/2
 * quantiles of the B values θ̂*₁..θ̂*_B (linear interpolation between order statistics,
 * "type 7"). It measures how much the number would move on another test set of the same size
 * from the same distribution, not how much it moves between training runs.
 *
 * <p>The statistic receives the resampled indices, so one call can score several models on the
 * same resample: a statistic that is a difference of two models' scores gives the <em>paired</em>
 * interval of the difference, much narrower than comparing two separate intervals.
 *
 * @param estimate θ̂ on the test set itself (the identity resample)
 * @param lower lower end of the interval
 * @param upper upper end of the interval
 * @param level coverage asked for, e.g. 0.95
 * @param resamples B
 */
public record BootstrapInterval(double estimate, double lower, double upper, double level, int resamples) {

    /**
     * @param n size of the test set
     * @param statistic θ̂ of the examples at the given indices (repeats count repeatedly)
     * @param resamples B ≥ 1 (1000–2000 is usual for 95% intervals)
     * @param level in (0, 1)
     * @param seed fixes the resamples: same seed, same interval
     */
    public static BootstrapInterval percentile(int n, ToDoubleFunction<int[]> statistic, int resamples, double level,
                                               long seed) {
        if (resamples < 1 || !(level > 0 && level < 1)) {
            throw new IllegalArgumentException("bootstrap interval needs resamples ≥ 1 and level in (0, 1), got "
                    + resamples + ", " + level);
        }
        int[] identity = new int[n];
        Arrays.setAll(identity, i -> i);
        double estimate = statistic.applyAsDouble(identity);
        Random rng = new Random(seed);
        double[] values = new double[resamples];
        for (int b = 0; b < resamples; b++) {
            values[b] = statistic.applyAsDouble(Bootstrap.of(n, n, rng).sample());
        }
        Arrays.sort(values);
        return new BootstrapInterval(estimate, quantile(values, (1 - level) / 2), quantile(values, (1 + level) / 2),
                level, resamples);
    }

    /** The p-quantile of ascending {@code sorted}, interpolating between order statistics. */
    static double quantile(double[] sorted, double p) {
        double h = (sorted.length - 1) * p;
        int lo = (int) Math.floor(h);
        int hi = Math.min(lo + 1, sorted.length - 1);
        return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
    }

    public boolean contains(double value) {
        return value >= lower && value <= upper;
    }
}
