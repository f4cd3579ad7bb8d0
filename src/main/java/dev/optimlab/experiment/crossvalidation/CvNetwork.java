package dev.optimlab.experiment.crossvalidation;

import java.util.Map;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

import dev.optimlab.data.LabeledData;
import dev.optimlab.ensemble.Metric;
import dev.optimlab.optim.Optimizers;

/**
 * One fit of the small model that cross-validation tunes: a one-hidden-layer tanh MLP in double
 * precision, trained full-batch for a fixed number of epochs with DL4J's L2 penalty
 * ({@code .l2(weightDecay)}: g += λ·w on the weights before the optimizer). Everything the fit
 * learns from the data — feature (and, for regression, target) standardization included — comes
 * from the training part alone; using the moments of all the data would itself be a leak.
 *
 * @param optimizer spec name, with {@code hyperparameters}
 */
record CvNetwork(int hidden, int epochs, String optimizer, Map<String, Double> hyperparameters) {

    /** Trains on {@code train} and returns the predictions for each of {@code evaluate}, in the data's units. */
    double[][][] fitPredict(LabeledData train, double weightDecay, long seed, LabeledData... evaluate) {
        double[][] mx = train.moments();
        boolean classify = train.isClassification();
        double[] my = classify ? null : targetMoments(train);
        LabeledData t = train.standardized(mx);
        if (!classify) {
            t = new LabeledData(t.x(), scale(t.y(), my, false), 0);
        }
        MultiLayerNetwork net = build(train.features(), train.outputs(), classify, weightDecay, seed);
        DataSet ds = t.toDataSet(DataType.DOUBLE);
        for (int e = 0; e < epochs; e++) {
            net.fit(ds);
        }
        double[][][] out = new double[evaluate.length][][];
        for (int k = 0; k < evaluate.length; k++) {
            INDArray x = Nd4j.createFromArray(evaluate[k].standardized(mx).x()).castTo(DataType.DOUBLE);
            INDArray y = net.output(x, false);
            double[][] p = y.toDoubleMatrix();
            y.close();
            x.close();
            out[k] = classify ? p : scale(p, my, true);
        }
        // Thousands of short-lived nets: free their native memory now instead of whenever the
        // garbage collector gets to it (a full run otherwise grew past 10 GB and was OOM-killed).
        net.close();
        ds.getFeatures().close();
        ds.getLabels().close();
        return out;
    }

    private MultiLayerNetwork build(int nIn, int nOut, boolean classify, double weightDecay, long seed) {
        MultiLayerNetwork net = new MultiLayerNetwork(Optimizers.optimizer(optimizer, hyperparameters).applyTo(
                new NeuralNetConfiguration.Builder()
                .seed(seed)
                .dataType(DataType.DOUBLE)
                .weightInit(WeightInit.XAVIER)
                .l2(weightDecay)
                .list()
                .layer(new DenseLayer.Builder().nIn(nIn).nOut(hidden).activation(Activation.TANH).build())
                .layer(new OutputLayer.Builder(classify ? LossFunction.MCXENT : LossFunction.MSE).nIn(hidden).nOut(nOut)
                        .activation(classify ? Activation.SOFTMAX : Activation.IDENTITY).build())
                .build()));
        net.init();
        return net;
    }

    private static double[] targetMoments(LabeledData d) {
        double mean = 0;
        for (double[] r : d.y()) {
            mean += r[0] / d.size();
        }
        double var = 0;
        for (double[] r : d.y()) {
            var += (r[0] - mean) * (r[0] - mean) / d.size();
        }
        return new double[] {mean, Math.sqrt(var) > 1e-12 ? Math.sqrt(var) : 1.0};
    }

    private static double[][] scale(double[][] y, double[] m, boolean back) {
        double[][] out = new double[y.length][y[0].length];
        for (int i = 0; i < y.length; i++) {
            for (int j = 0; j < y[i].length; j++) {
                out[i][j] = back ? y[i][j] * m[1] + m[0] : (y[i][j] - m[0]) / m[1];
            }
        }
        return out;
    }

    /** Fraction of rows whose arg-max differs from the one-hot label's. */
    static double errorRate(double[][] p, LabeledData d) {
        int wrong = 0;
        for (int i = 0; i < p.length; i++) {
            if (Metric.argmax(p[i]) != Metric.argmax(d.y()[i])) {
                wrong++;
            }
        }
        return (double) wrong / p.length;
    }

    /** Sum of squared errors (callers pool over folds, then divide). */
    static double sumSquaredError(double[][] p, LabeledData d) {
        double s = 0;
        for (int i = 0; i < p.length; i++) {
            double e = p[i][0] - d.y()[i][0];
            s += e * e;
        }
        return s;
    }
}
