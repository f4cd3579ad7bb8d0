package dev.optimlab.analysis;

/**
 * The bias–variance decomposition of the expected squared error of a learning procedure, at a
 * fixed set of test points, for data {@code y = f(x) + ε} with E[ε] = 0 and a known Var[ε] = σ².
 *
 * <p>With M models ŷ_1..ŷ_M, each trained on an independent training sample, P test points
 * x_1..x_P and the mean prediction ȳ(x) = (1/M)·Σ_m ŷ_m(x):
 *
 * <pre>
 *   bias²    = (1/P)·Σ_p (ȳ(x_p) − f(x_p))²
 *   variance = (1/P)·Σ_p (1/M)·Σ_m (ŷ_m(x_p) − ȳ(x_p))²
 *   noise    = σ²
 *   expected error = E_D E_ε[(y − ŷ_D(x))²] = (1/P)·Σ_p (1/M)·Σ_m (ŷ_m(x_p) − f(x_p))² + σ²
 * </pre>
 *
 * (Hastie, Tibshirani and Friedman, <i>The Elements of Statistical Learning</i>, 2nd ed., 2009,
 * eq. 7.9; Geman, Bienenstock and Doursat, "Neural Networks and the Bias/Variance Dilemma",
 * Neural Computation 4(1), 1992). The first two terms are the empirical averages over the M
 * training samples, so the identity expected error = bias² + variance + noise holds <em>exactly</em>
 * (to rounding) because the variance divides by M, not M − 1: (1/M)·Σ(ŷ_m − f)² =
 * (ȳ − f)² + (1/M)·Σ(ŷ_m − ȳ)². The noise term enters through the cross term E_ε[ε·(f − ŷ)] = 0,
 * which {@link #measure} checks against noisy targets drawn afresh.
 *
 * @param bias2At    squared bias at each test point
 * @param varianceAt variance at each test point
 */
public record BiasVariance(double bias2, double variance, double noise, double expectedError,
                           double[] bias2At, double[] varianceAt) implements java.io.Serializable {

    /** Mean and standard error of a measured average. */
    public record Estimate(double mean, double standardError, long count) implements java.io.Serializable {
    }

    /**
     * @param predictions   {@code [M][P]}: model m's prediction at test point p (M ≥ 1)
     * @param truth         {@code [P]}: the noise-free target f(x_p)
     * @param noiseVariance σ², known from the data generator
     */
    public static BiasVariance of(double[][] predictions, double[] truth, double noiseVariance) {
        int m = predictions.length;
        if (m == 0 || truth.length == 0) {
            throw new IllegalArgumentException("need at least one model and one test point");
        }
        if (!(noiseVariance >= 0)) {
            throw new IllegalArgumentException("noise variance must be ≥ 0, got " + noiseVariance);
        }
        int p = truth.length;
        double[] bias2At = new double[p];
        double[] varianceAt = new double[p];
        double bias2 = 0;
        double variance = 0;
        double error = 0;
        for (int j = 0; j < p; j++) {
            double mean = 0;
            for (double[] model : predictions) {
                if (model.length != p) {
                    throw new IllegalArgumentException("every model needs " + p + " predictions, got " + model.length);
                }
                mean += model[j];
            }
            mean /= m;
            double var = 0;
            double err = 0;
            for (double[] model : predictions) {
                var += (model[j] - mean) * (model[j] - mean);
                err += (model[j] - truth[j]) * (model[j] - truth[j]);
            }
            bias2At[j] = (mean - truth[j]) * (mean - truth[j]);
            varianceAt[j] = var / m;
            bias2 += bias2At[j];
            variance += varianceAt[j];
            error += err / m;
        }
        return new BiasVariance(bias2 / p, variance / p, noiseVariance, error / p + noiseVariance, bias2At, varianceAt);
    }

    /** bias² + variance + noise: equals {@link #expectedError()} up to rounding. */
    public double sum() {
        return bias2 + variance + noise;
    }

    /**
     * The measured expected error: the mean of (y − ŷ_m(x_p))² over models, test points and noisy
     * targets, with its standard error. The targets must be drawn independently of the training
     * samples; conditional on the trained models the terms are then independent, so the pooled
     * sample standard deviation over √count is a (slightly conservative) standard error.
     *
     * @param targets {@code [M][R][P]}: R fresh noisy targets y = f(x_p) + ε per model and point
     */
    public static Estimate measure(double[][] predictions, double[][][] targets) {
        if (targets.length != predictions.length) {
            throw new IllegalArgumentException("need targets for each of the " + predictions.length + " models");
        }
        long count = 0;
        double mean = 0;
        double m2 = 0;
        for (int i = 0; i < predictions.length; i++) {
            for (double[] draw : targets[i]) {
                if (draw.length != predictions[i].length) {
                    throw new IllegalArgumentException("targets and predictions differ in test points");
                }
                for (int j = 0; j < draw.length; j++) {
                    double e = (draw[j] - predictions[i][j]) * (draw[j] - predictions[i][j]);
                    count++;
                    double d = e - mean; // Welford: stable for the millions of terms of a full run
                    mean += d / count;
                    m2 += d * (e - mean);
                }
            }
        }
        if (count == 0) {
            throw new IllegalArgumentException("no targets");
        }
        double se = count > 1 ? Math.sqrt(m2 / (count - 1) / count) : Double.NaN;
        return new Estimate(mean, se, count);
    }
}
