package dev.optimlab.data;

import java.util.Arrays;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * An in-memory data set: features {@code [n][d]} and either class labels (classification) or
 * real targets {@code [n][k]} (regression). Kept in plain Java arrays so that splits, resampling
 * and re-ordering are exact and cheap; converted to a DL4J {@link DataSet} at the edge.
 */
public record LabeledData(double[][] x, double[][] y, int numClasses) implements java.io.Serializable {

    /** Classification data; labels become one-hot rows. */
    public static LabeledData classification(double[][] x, int[] labels, int numClasses) {
        double[][] y = new double[labels.length][numClasses];
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= numClasses) {
                throw new DataException("label " + labels[i] + " of example " + i + " is outside 0.." + (numClasses - 1));
            }
            y[i][labels[i]] = 1.0;
        }
        return new LabeledData(x, y, numClasses);
    }

    /** Regression data ({@code numClasses == 0}). */
    public static LabeledData regression(double[][] x, double[][] y) {
        return new LabeledData(x, y, 0);
    }

    public int size() {
        return x.length;
    }

    public int features() {
        return x[0].length;
    }

    public int outputs() {
        return y[0].length;
    }

    public boolean isClassification() {
        return numClasses > 0;
    }

    /** The examples at {@code idx}, in that order. */
    public LabeledData select(int[] idx) {
        double[][] xs = new double[idx.length][];
        double[][] ys = new double[idx.length][];
        for (int i = 0; i < idx.length; i++) {
            xs[i] = x[idx[i]];
            ys[i] = y[idx[i]];
        }
        return new LabeledData(xs, ys, numClasses);
    }

    /** The examples {@code from} (inclusive) to {@code to} (exclusive). */
    public LabeledData range(int from, int to) {
        return new LabeledData(Arrays.copyOfRange(x, from, to), Arrays.copyOfRange(y, from, to), numClasses);
    }

    /** Per-feature mean and standard deviation of this set (for standardizing others with it). */
    public double[][] moments() {
        int d = features();
        double[] mean = new double[d];
        double[] std = new double[d];
        for (double[] row : x) {
            for (int j = 0; j < d; j++) {
                mean[j] += row[j] / x.length;
            }
        }
        for (double[] row : x) {
            for (int j = 0; j < d; j++) {
                std[j] += (row[j] - mean[j]) * (row[j] - mean[j]) / x.length;
            }
        }
        for (int j = 0; j < d; j++) {
            std[j] = Math.sqrt(std[j]);
        }
        return new double[][] {mean, std};
    }

    /** Features standardized with given moments (constant features are only centred). */
    public LabeledData standardized(double[][] moments) {
        double[][] xs = new double[x.length][features()];
        for (int i = 0; i < x.length; i++) {
            for (int j = 0; j < features(); j++) {
                double s = moments[1][j] > 1e-12 ? moments[1][j] : 1.0;
                xs[i][j] = (x[i][j] - moments[0][j]) / s;
            }
        }
        return new LabeledData(xs, y, numClasses);
    }

    /** Features multiplied by {@code factor} (e.g. pixel counts to [0, 1]). */
    public LabeledData scaled(double factor) {
        double[][] xs = new double[x.length][];
        for (int i = 0; i < x.length; i++) {
            xs[i] = Arrays.stream(x[i]).map(v -> v * factor).toArray();
        }
        return new LabeledData(xs, y, numClasses);
    }

    public DataSet toDataSet(DataType dtype) {
        INDArray f = Nd4j.createFromArray(x).castTo(dtype);
        INDArray l = Nd4j.createFromArray(y).castTo(dtype);
        return new DataSet(f, l);
    }
}
