package dev.optimlab.ensemble;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import dev.optimlab.data.Shuffle;

/**
 * Least-squares gradient boosting with regression stumps (Friedman, "Greedy function
 * approximation: a gradient boosting machine", <i>Annals of Statistics</i> 29(5), 2001,
 * Algorithm 2 "LS_Boost", with shrinkage ν from §5), made stochastic by fitting each stump on a
 * random subsample drawn without replacement (Friedman, "Stochastic gradient boosting",
 * <i>Computational Statistics &amp; Data Analysis</i> 38(4), 2002):
 * <pre>
 *   F₀(x) = mean(y)
 *   for m = 1..M:  rᵢ = yᵢ − F_{m−1}(xᵢ)                 (the negative gradient of ½(y − F)²)
 *                  h_m = least-squares stump fitted to (xᵢ, rᵢ) on a subsample S_m
 *                  F_m(x) = F_{m−1}(x) + ν·h_m(x)
 * </pre>
 * Each stump is fitted to what the ensemble so far still gets wrong, the regression counterpart
 * of AdaBoost's re-weighting. Hyperparameters: {@code rounds} M, learning rate ν = 0.1,
 * subsample fraction 1 (deterministic; 0.5 is Friedman's recommendation), {@code minLeaf} = 5.
 * Same rule as scikit-learn's {@code GradientBoostingRegressor(loss="squared_error", max_depth=1)},
 * whose trees also refit leaf values to the residual means.
 */
public final class GradientBoosting {

    private final double initial;
    private final double learningRate;
    private final List<RegressionStump> stumps;

    private GradientBoosting(double initial, double learningRate, List<RegressionStump> stumps) {
        this.initial = initial;
        this.learningRate = learningRate;
        this.stumps = stumps;
    }

    /**
     * @param seed draws the subsamples (unused when {@code subsample == 1})
     */
    public static GradientBoosting fit(double[][] x, double[] y, int rounds, double learningRate, double subsample,
                                       int minLeaf, long seed) {
        if (rounds < 1 || !(learningRate > 0 && learningRate <= 1) || !(subsample > 0 && subsample <= 1) || minLeaf < 1) {
            throw new IllegalArgumentException("gradient boosting needs rounds ≥ 1, learningRate in (0, 1], "
                    + "subsample in (0, 1] and minLeaf ≥ 1, got " + rounds + ", " + learningRate + ", " + subsample
                    + ", " + minLeaf);
        }
        int n = y.length;
        double mean = 0;
        for (double v : y) {
            mean += v / n;
        }
        SortedColumns columns = new SortedColumns(x);
        double[] f = new double[n];
        java.util.Arrays.fill(f, mean);
        double[] residual = new double[n];
        int take = Math.max(1, (int) Math.round(subsample * n));
        Random rng = new Random(seed);
        List<RegressionStump> out = new ArrayList<>();
        for (int m = 0; m < rounds; m++) {
            for (int i = 0; i < n; i++) {
                residual[i] = y[i] - f[i];
            }
            boolean[] use = null;
            if (take < n) {
                use = new boolean[n];
                int[] p = Shuffle.permutation(n, rng.nextLong());
                for (int k = 0; k < take; k++) {
                    use[p[k]] = true;
                }
            }
            RegressionStump h = RegressionStump.fit(columns, residual, use, minLeaf);
            out.add(h);
            for (int i = 0; i < n; i++) {
                f[i] += learningRate * h.predict(x[i]);
            }
        }
        return new GradientBoosting(mean, learningRate, List.copyOf(out));
    }

    public List<RegressionStump> stumps() {
        return stumps;
    }

    public double initial() {
        return initial;
    }

    /** F_m(xᵢ) for m = 1..{@code upTo}: {@code [m-1][i]}; stages past the fitted rounds repeat the last. */
    public double[][] staged(double[][] x, int upTo) {
        double[][] out = new double[upTo][x.length];
        for (int i = 0; i < x.length; i++) {
            double f = initial;
            for (int m = 0; m < upTo; m++) {
                if (m < stumps.size()) {
                    f += learningRate * stumps.get(m).predict(x[i]);
                }
                out[m][i] = f;
            }
        }
        return out;
    }

    public double predict(double[] row) {
        return staged(new double[][] {row}, stumps.size())[stumps.size() - 1][0];
    }
}
