package dev.optimlab.optim;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * Small double-precision networks for whole-network tests of updaters: a 4-6-5-3 tanh MLP on
 * fixed random data. With {@code biasUpdater == weightUpdater} DL4J merges all parameters into
 * one updater block; with a bias updater that is not {@code equals}, each tensor gets its own.
 */
public final class NetworkHarness {

    private NetworkHarness() {
    }

    static MultiLayerNetwork network(IUpdater weightUpdater, IUpdater biasUpdater, long seed) {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder()
                .dataType(DataType.DOUBLE)
                .seed(seed)
                .weightInit(WeightInit.XAVIER)
                .updater(weightUpdater)
                .biasUpdater(biasUpdater)
                .list()
                .layer(new DenseLayer.Builder().nIn(4).nOut(6).activation(Activation.TANH).build())
                .layer(new DenseLayer.Builder().nIn(6).nOut(5).activation(Activation.TANH).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(5).nOut(3)
                        .activation(Activation.SOFTMAX).build())
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    /** Number of updater blocks DL4J formed for {@code net}. */
    static int updaterBlocks(MultiLayerNetwork net) {
        return ((org.deeplearning4j.nn.updater.BaseMultiLayerUpdater<?>) net.getUpdater()).getUpdaterBlocks().size();
    }

    /** A fixed batch: 16 examples, 4 features, one-hot labels over 3 classes. */
    public static DataSet batch(long seed) {
        Nd4j.getRandom().setSeed(seed);
        INDArray x = Nd4j.randn(DataType.DOUBLE, 16, 4);
        INDArray y = Nd4j.zeros(DataType.DOUBLE, 16, 3);
        for (int i = 0; i < 16; i++) {
            y.putScalar(i, i % 3, 1.0);
        }
        return new DataSet(x, y);
    }

    /** Fits {@code steps} minibatches (a different fixed batch each step) and returns the params. */
    static INDArray train(MultiLayerNetwork net, int firstStep, int steps) {
        for (int s = firstStep; s < firstStep + steps; s++) {
            net.fit(batch(1000 + s));
        }
        return net.params().dup();
    }

    /** Saves {@code net} with its updater state and restores it into a new network. */
    public static MultiLayerNetwork saveAndRestore(MultiLayerNetwork net) throws IOException {
        File f = Files.createTempFile("optimlab-net", ".zip").toFile();
        try {
            ModelSerializer.writeModel(net, f, true);
            return ModelSerializer.restoreMultiLayerNetwork(f, true);
        } finally {
            Files.deleteIfExists(f.toPath());
        }
    }
}
