package dev.optimlab.data;

import java.util.Random;

/**
 * A synthetic autoregressive series {@code s_t = Σ_i φ_i s_{t−i} + σ·ε_t} (ε standard normal,
 * after a burn-in of 200 steps) and its supervised windowing: features are the previous
 * {@code lags} values, the target is the next one, examples in time order.
 */
public record TimeSeries(double[] phi, double sigma, int length) {

    public TimeSeries {
        if (length < 2) {
            throw new IllegalArgumentException("length must be ≥ 2, got " + length);
        }
        if (sigma < 0) {
            throw new IllegalArgumentException("sigma must be ≥ 0, got " + sigma);
        }
    }

    public double[] sample(long seed) {
        Random r = new Random(seed);
        int burn = 200;
        double[] s = new double[length + burn];
        for (int t = 0; t < s.length; t++) {
            double v = sigma * r.nextGaussian();
            for (int i = 0; i < phi.length && t - 1 - i >= 0; i++) {
                v += phi[i] * s[t - 1 - i];
            }
            s[t] = v;
        }
        return java.util.Arrays.copyOfRange(s, burn, s.length);
    }

    /** Lagged windows in time order: example t has features s[t..t+lags) and target s[t+lags]. */
    public static LabeledData windows(double[] series, int lags) {
        int n = series.length - lags;
        double[][] x = new double[n][lags];
        double[][] y = new double[n][1];
        for (int t = 0; t < n; t++) {
            System.arraycopy(series, t, x[t], 0, lags);
            y[t][0] = series[t + lags];
        }
        return LabeledData.regression(x, y);
    }
}
