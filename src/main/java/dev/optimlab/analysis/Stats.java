package dev.optimlab.analysis;

import java.util.List;

import org.apache.commons.math3.distribution.TDistribution;

/**
 * Mean, sample standard deviation and the 95% confidence half-width of the mean of a list of
 * values, ignoring nulls (diverged runs are reported separately, not averaged in). The interval
 * is Student's t: mean ± t₀.₉₇₅(n − 1)·s/√n, with the quantile from commons-math3's
 * {@link TDistribution} at every number of degrees of freedom (no normal approximation).
 */
public record Stats(int n, double mean, double std, double ci95) {

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
        return new Stats(n, mean, std, n > 1 ? t975(n - 1) * std / Math.sqrt(n) : Double.NaN);
    }

    /** The 0.975 quantile of Student's t with {@code df} degrees of freedom (two-sided 95%). */
    public static double t975(int df) {
        return new TDistribution(null, df).inverseCumulativeProbability(0.975);
    }

    public double lower() {
        return mean - ci95;
    }

    public double upper() {
        return mean + ci95;
    }
}
