package dev.optimlab.ensemble;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

import dev.optimlab.data.LabeledData;
import dev.optimlab.data.Shuffle;
import dev.optimlab.optim.Optimizers;

/**
 * A small DL4J multilayer perceptron trained for a fixed number of epochs of shuffled
 * minibatches: softmax + cross-entropy for classification, identity + MSE for regression. The
 * seed fixes the initial weights and the minibatch order. For regression the targets are
 * standardised with the moments of the data it is given and the predictions mapped back, so one
 * learning rate serves any target scale. No early stopping: the experiment never looks at the
 * test set while fitting and has no validation set to stop on, so the budget is fixed up front.
 *
 * @param hidden widths of the hidden layers
 * @param activation {@code tanh} or {@code relu}
 * @param optimizer an {@link Optimizers} name, with its {@code hyperparameters}
 */
public record NetworkLearner(List<Integer> hidden, String activation, String optimizer,
                             Map<String, Double> hyperparameters, int epochs, int batchSize) implements Learner {

    public static final List<String> ACTIVATIONS = List.of("tanh", "relu");

    @Override
    public Model fit(LabeledData data, long seed) {
        boolean classification = data.isClassification();
        double[][] y = data.y();
        double yMean = 0;
        double yStd = 1;
        if (!classification) {
            if (data.outputs() != 1) {
                throw new IllegalArgumentException("regression network expects one target, got " + data.outputs());
            }
            double s = 0;
            double ss = 0;
            for (double[] row : y) {
                s += row[0];
                ss += row[0] * row[0];
            }
            yMean = s / y.length;
            yStd = Math.sqrt(Math.max(ss / y.length - yMean * yMean, 1e-24));
            double[][] z = new double[y.length][1];
            for (int i = 0; i < y.length; i++) {
                z[i][0] = (y[i][0] - yMean) / yStd;
            }
            y = z;
        }
        MultiLayerNetwork net = network(data.features(), data.outputs(), classification, seed);
        DataSet all = new LabeledData(data.x(), y, data.numClasses()).toDataSet(DataType.FLOAT);
        int n = data.size();
        for (int epoch = 0; epoch < epochs; epoch++) {
            int[] order = Shuffle.permutation(n, seed * 1_000_003L + epoch);
            for (int from = 0; from < n; from += batchSize) {
                net.fit(all.get(Arrays.copyOfRange(order, from, Math.min(n, from + batchSize))));
            }
            net.incrementEpochCount();
        }
        double mean = yMean;
        double std = yStd;
        return x -> {
            double[][] out = net.output(Nd4j.createFromArray(x).castTo(DataType.FLOAT), false)
                    .castTo(DataType.DOUBLE).toDoubleMatrix();
            if (!classification) {
                for (double[] row : out) {
                    row[0] = row[0] * std + mean;
                }
            }
            return out;
        };
    }

    private MultiLayerNetwork network(int nIn, int nOut, boolean classification, long seed) {
        NeuralNetConfiguration.ListBuilder b = new NeuralNetConfiguration.Builder()
                .seed(seed)
                .dataType(DataType.FLOAT)
                .weightInit(WeightInit.XAVIER)
                // Tiny networks: workspaces cost more than they save (DL4J-NOTES §10.8).
                .trainingWorkspaceMode(WorkspaceMode.NONE)
                .inferenceWorkspaceMode(WorkspaceMode.NONE)
                .list();
        int in = nIn;
        for (int width : hidden) {
            b.layer(new DenseLayer.Builder().nIn(in).nOut(width)
                    .activation(activation.equals("relu") ? Activation.RELU : Activation.TANH).build());
            in = width;
        }
        b.layer(new OutputLayer.Builder(classification ? LossFunction.MCXENT : LossFunction.MSE).nIn(in).nOut(nOut)
                .activation(classification ? Activation.SOFTMAX : Activation.IDENTITY).build());
        MultiLayerConfiguration conf = Optimizers.optimizer(optimizer, hyperparameters).applyTo(b.build());
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }
}
