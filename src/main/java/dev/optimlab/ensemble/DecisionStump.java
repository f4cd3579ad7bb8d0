package dev.optimlab.ensemble;

/**
 * A one-split classification tree: {@code x[feature] ≤ threshold ? left : right}. Fitted to
 * minimise the <em>weighted</em> misclassification error Σᵢ wᵢ·1(yᵢ ≠ T(xᵢ)) exactly, over every
 * feature, every midpoint between consecutive distinct values, and the constant (no-split)
 * classifier; each side predicts its class of largest weight.
 *
 * <p>The classic weak learner of AdaBoost: it takes example weights directly (a network would
 * need them emulated by resampling), its weighted error is the exact minimum AdaBoost's analysis
 * assumes, and it is deterministic (ties go to the lowest feature, threshold and class).
 *
 * @param feature the feature split on, or −1 for the constant classifier
 */
public record DecisionStump(int feature, double threshold, int left, int right) implements Classifier {

    /** The weighted-error minimiser; {@code weights} need not sum to 1. */
    public static DecisionStump fit(double[][] x, int[] y, int numClasses, double[] weights) {
        return fit(new SortedColumns(x), y, numClasses, weights);
    }

    static DecisionStump fit(SortedColumns columns, int[] y, int numClasses, double[] weights) {
        double[] total = new double[numClasses];
        for (int i = 0; i < y.length; i++) {
            total[y[i]] += weights[i];
        }
        int majority = Metric.argmax(total);
        DecisionStump best = new DecisionStump(-1, Double.NaN, majority, majority);
        double bestCorrect = total[majority];
        double[][] x = columns.x();
        double[] left = new double[numClasses];
        for (int j = 0; j < columns.features(); j++) {
            int[] order = columns.order(j);
            java.util.Arrays.fill(left, 0);
            for (int k = 0; k < order.length - 1; k++) {
                int i = order[k];
                left[y[i]] += weights[i];
                double here = x[i][j];
                double next = x[order[k + 1]][j];
                if (next <= here) {
                    continue; // no threshold between equal values
                }
                int l = Metric.argmax(left);
                int r = 0;
                double rBest = Double.NEGATIVE_INFINITY;
                for (int c = 0; c < numClasses; c++) {
                    double w = total[c] - left[c];
                    if (w > rBest) {
                        rBest = w;
                        r = c;
                    }
                }
                double correct = left[l] + rBest;
                // A relative margin keeps rounding noise from choosing between exact ties.
                if (correct > bestCorrect + 1e-12 * Math.abs(bestCorrect)) {
                    bestCorrect = correct;
                    best = new DecisionStump(j, (here + next) / 2, l, r);
                }
            }
        }
        return best;
    }

    @Override
    public int predict(double[] row) {
        return feature < 0 || row[feature] <= threshold ? left : right;
    }
}
