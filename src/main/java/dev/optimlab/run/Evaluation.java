package dev.optimlab.run;

import java.util.IdentityHashMap;
import java.util.Map;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * A trial's per-epoch evaluation of one split: the problem's data loss and metric (cross-entropy
 * and accuracy, or MSE/MAE and MSE) from one inference pass, computed from the network's output
 * buffer in one fused loop, with the split's labels read once per trial.
 *
 * <p>The numbers are those of {@link #reference}, the plain ND4J form (cast to double, then a
 * dozen array ops per split), bit for bit: the loops add in the order ND4J's single-threaded
 * reductions do (element order, from +0; the suite runs ND4J on one OpenMP thread), a mean is
 * that sum divided by the element count, the clamp and the arg-max follow ND4J's comparisons
 * (a NaN clamps to 1e-10; an arg-max starts at the row's first element and moves only on a
 * strictly larger one, so a leading NaN wins), and the logarithm is still ND4J's (Java's
 * {@code Math.log} differs from it in the last bit for about 1 input in 20,000), taken over
 * the whole clamped output like before so every element is where it was.
 * {@code EvaluationTest} holds the two forms equal on random, tied and non-finite outputs.
 */
public final class Evaluation {

    private static final double FLOOR = 1e-10;

    private final boolean classification;
    private final boolean mae;
    /** Read at construction and never changed after: a runner's trials may run on several threads. */
    private final Map<DataSet, Labels> labels = new IdentityHashMap<>();

    /** A split's labels in row-major order, with each row's arg-max (classification). */
    private record Labels(double[] values, int[] argMax) {
    }

    /**
     * {@code loss} is the problem's loss name (mcxent: classification; mae; any other: MSE);
     * the labels of {@code splits} are read here, once.
     */
    public Evaluation(String loss, DataSet... splits) {
        this.classification = loss.equals("mcxent");
        this.mae = loss.equals("mae");
        for (DataSet ds : splits) {
            labels.put(ds, read(ds.getLabels()));
        }
    }

    /** {loss, metric} of the network's inference output on {@code ds}; NaN twice for an empty split. */
    public double[] lossAndMetric(MultiLayerNetwork net, DataSet ds) {
        if (ds.numExamples() == 0) {
            return new double[] {Double.NaN, Double.NaN};
        }
        return lossAndMetric(net.output(ds.getFeatures(), false), ds);
    }

    /** {loss, metric} of a given output (rows = examples of {@code ds}). */
    double[] lossAndMetric(INDArray output, DataSet ds) {
        Labels l = labels.containsKey(ds) ? labels.get(ds) : read(ds.getLabels());
        double[] out = rowMajor(output);
        return classification ? crossEntropyAndAccuracy(out, l) : lossAndMse(out, l.values());
    }

    private Labels read(INDArray y) {
        double[] v = rowMajor(y);
        return new Labels(v, classification ? argMax(v, (int) y.size(0)) : null);
    }

    private static double[] rowMajor(INDArray a) {
        INDArray c = a.ordering() == 'c' && !a.isView() && a.data().length() == a.length() ? a : a.dup('c');
        return c.data().asDouble();
    }

    /** −Σ y·log(max(p, 1e-10)) / n and the share of rows whose arg-max matches the label's. */
    private static double[] crossEntropyAndAccuracy(double[] p, Labels l) {
        int rows = l.argMax().length;
        double[] clamped = new double[p.length];
        for (int i = 0; i < p.length; i++) {
            clamped[i] = p[i] > FLOOR ? p[i] : FLOOR; // ND4J's max: a NaN compares false and clamps
        }
        double[] log;
        try (INDArray a = Nd4j.createFromArray(clamped)) {
            log = Transforms.log(a, false).data().asDouble();
        }
        double sum = 0;
        for (int i = 0; i < log.length; i++) {
            sum += log[i] * l.values()[i];
        }
        int[] predicted = argMax(p, rows);
        int hits = 0;
        for (int r = 0; r < rows; r++) {
            hits += predicted[r] == l.argMax()[r] ? 1 : 0;
        }
        return new double[] {-sum / rows, (double) hits / rows};
    }

    /** The loss (MSE, or MAE for an mae problem) and the MSE over every output element. */
    private double[] lossAndMse(double[] out, double[] y) {
        double squares = 0;
        double absolute = 0;
        for (int i = 0; i < out.length; i++) {
            double d = out[i] - y[i];
            squares += d * d;
            absolute += Math.abs(d);
        }
        double mse = squares / out.length;
        return new double[] {mae ? absolute / out.length : mse, mse};
    }

    /** Each row's index of its maximum as ND4J's argMax finds it: first element, then strictly larger ones. */
    private static int[] argMax(double[] v, int rows) {
        int cols = v.length / rows;
        int[] idx = new int[rows];
        for (int r = 0; r < rows; r++) {
            int base = r * cols;
            double best = v[base];
            for (int j = 1; j < cols; j++) {
                if (v[base + j] > best) {
                    best = v[base + j];
                    idx[r] = j;
                }
            }
        }
        return idx;
    }

    /**
     * The same numbers as plain ND4J array ops on double copies of output and labels: the form
     * the fused loops replace, kept as their readable reference (tests, and the benchmark's
     * "before" arm).
     */
    public static double[] reference(INDArray output, DataSet ds, String loss) {
        INDArray out = output.castTo(DataType.DOUBLE);
        INDArray labels = ds.getLabels().castTo(DataType.DOUBLE);
        if (loss.equals("mcxent")) {
            double ce = -Transforms.log(Transforms.max(out, FLOOR, true), false).muli(labels).sumNumber().doubleValue()
                    / ds.numExamples();
            double acc = out.argMax(1).eq(labels.argMax(1)).castTo(DataType.DOUBLE).meanNumber().doubleValue();
            return new double[] {ce, acc};
        }
        INDArray d = out.sub(labels);
        double mse = d.mul(d).meanNumber().doubleValue();
        double l = loss.equals("mae") ? Transforms.abs(d, false).meanNumber().doubleValue() : mse;
        return new double[] {l, mse};
    }
}
