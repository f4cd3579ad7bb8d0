package dev.optimlab.ensemble;

/**
 * A test score built from one number per test example, so that a bootstrap resample of the
 * test set is scored by averaging over the resampled indices: accuracy (mean of 0/1
 * correctness) for classification, root-mean-square error (square root of the mean squared
 * error) for regression.
 */
public enum Metric {
    ACCURACY("accuracy", true),
    RMSE("RMSE", false);

    private final String label;
    private final boolean higherIsBetter;

    Metric(String label, boolean higherIsBetter) {
        this.label = label;
        this.higherIsBetter = higherIsBetter;
    }

    public static Metric of(boolean classification) {
        return classification ? ACCURACY : RMSE;
    }

    public String label() {
        return label;
    }

    public boolean higherIsBetter() {
        return higherIsBetter;
    }

    /** The score of the examples at {@code idx} (repeats count repeatedly). */
    public double score(double[] perExample, int[] idx) {
        double s = 0;
        for (int i : idx) {
            s += perExample[i];
        }
        double mean = s / idx.length;
        return this == RMSE ? Math.sqrt(mean) : mean;
    }

    public double score(double[] perExample) {
        double s = 0;
        for (double v : perExample) {
            s += v;
        }
        double mean = s / perExample.length;
        return this == RMSE ? Math.sqrt(mean) : mean;
    }

    /** 1 where the predicted class is right, else 0. */
    public static double[] correct(int[] predicted, int[] truth) {
        double[] v = new double[truth.length];
        for (int i = 0; i < truth.length; i++) {
            v[i] = predicted[i] == truth[i] ? 1 : 0;
        }
        return v;
    }

    /** (prediction − truth)². */
    public static double[] squaredError(double[] predicted, double[] truth) {
        double[] v = new double[truth.length];
        for (int i = 0; i < truth.length; i++) {
            v[i] = (predicted[i] - truth[i]) * (predicted[i] - truth[i]);
        }
        return v;
    }

    /** Per-example values of model outputs: argmax class for classification, column 0 for regression. */
    public double[] perExample(double[][] outputs, double[][] truth) {
        if (this == ACCURACY) {
            return correct(argmax(outputs), argmax(truth));
        }
        double[] p = new double[outputs.length];
        double[] t = new double[outputs.length];
        for (int i = 0; i < outputs.length; i++) {
            p[i] = outputs[i][0];
            t[i] = truth[i][0];
        }
        return squaredError(p, t);
    }

    /** Row-wise argmax (one-hot labels → class indices); first maximum wins. */
    public static int[] argmax(double[][] rows) {
        int[] out = new int[rows.length];
        for (int i = 0; i < rows.length; i++) {
            out[i] = argmax(rows[i]);
        }
        return out;
    }

    /** The index of the largest entry of {@code v}; the first maximum wins. */
    public static int argmax(double[] v) {
        int b = 0;
        for (int c = 1; c < v.length; c++) {
            if (v[c] > v[b]) {
                b = c;
            }
        }
        return b;
    }
}
