package dev.optimlab.analysis;

import java.util.List;

/**
 * Mean, sample standard deviation and the 95% confidence half-width of the mean (Student t) of
 * a list of values, ignoring nulls (diverged runs are reported separately, not averaged in).
 */
public record Stats(int n, double mean, double std, double ci95) {

    /** Two-sided 97.5% quantiles of Student's t for 1..30 degrees of freedom. */
    private static final double[] T975 = {12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228,
        2.201, 2.179, 2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064, 2.060,
        2.056, 2.052, 2.048, 2.045, 2.042};

    public static Stats of(List<Double> values) {
        double sum = 0;
        int n = 0;
        for (Double v : values) {
            if (v != null) {
                sum += v;
                n++;
            }
        }
        if (n == 0) {
            return new Stats(0, Double.NaN, Double.NaN, Double.NaN);
        }
        double mean = sum / n;
        double ss = 0;
        for (Double v : values) {
            if (v != null) {
                ss += (v - mean) * (v - mean);
            }
        }
        double std = n > 1 ? Math.sqrt(ss / (n - 1)) : 0.0;
        double t = n > 1 ? (n - 1 <= T975.length ? T975[n - 2] : 1.96) : Double.NaN;
        return new Stats(n, mean, std, n > 1 ? t * std / Math.sqrt(n) : Double.NaN);
    }
}
