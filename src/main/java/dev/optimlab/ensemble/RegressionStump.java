package dev.optimlab.ensemble;

/**
 * A one-split regression tree: {@code x[feature] ≤ threshold ? left : right}, fitted by least
 * squares (each side predicts the mean of its targets; the split minimises the summed squared
 * error), scanning every midpoint between consecutive distinct values of every feature. Each side
 * must keep at least {@code minLeaf} examples, so a single outlier cannot get a leaf of its own.
 *
 * <p>The weak learner of the gradient-boosting arm: a stump fitted to residuals is one step of
 * functional gradient descent in the direction of one feature (Friedman 2001, §4.3), and stumps
 * make the boosted model additive in the features, which is easy to read.
 *
 * @param feature the feature split on, or −1 for the constant (mean) predictor
 */
public record RegressionStump(int feature, double threshold, double left, double right) {

    /** The least-squares stump on the examples with {@code use[i]} ({@code null}: all). */
    static RegressionStump fit(SortedColumns columns, double[] target, boolean[] use, int minLeaf) {
        double sum = 0;
        int count = 0;
        for (int i = 0; i < target.length; i++) {
            if (use == null || use[i]) {
                sum += target[i];
                count++;
            }
        }
        if (count == 0) {
            throw new IllegalArgumentException("a stump needs at least one example");
        }
        double mean = sum / count;
        RegressionStump best = new RegressionStump(-1, Double.NaN, mean, mean);
        // SSE = Σy² − (Σ_L y)²/n_L − (Σ_R y)²/n_R: maximise the subtracted part.
        double bestGain = sum * sum / count;
        double[][] x = columns.x();
        for (int j = 0; j < columns.features(); j++) {
            int[] order = use == null ? columns.order(j) : columns.order(j, use);
            double leftSum = 0;
            for (int k = 0; k < order.length - 1; k++) {
                int i = order[k];
                leftSum += target[i];
                int nl = k + 1;
                int nr = order.length - nl;
                double here = x[i][j];
                double next = x[order[k + 1]][j];
                if (next <= here || nl < minLeaf || nr < minLeaf) {
                    continue;
                }
                double rightSum = sum - leftSum;
                double gain = leftSum * leftSum / nl + rightSum * rightSum / nr;
                if (gain > bestGain + 1e-12 * Math.abs(bestGain)) {
                    bestGain = gain;
                    best = new RegressionStump(j, (here + next) / 2, leftSum / nl, rightSum / nr);
                }
            }
        }
        return best;
    }

    /** The least-squares stump on all examples. */
    public static RegressionStump fit(double[][] x, double[] target, int minLeaf) {
        return fit(new SortedColumns(x), target, null, minLeaf);
    }

    public double predict(double[] row) {
        return feature < 0 || row[feature] <= threshold ? left : right;
    }
}
