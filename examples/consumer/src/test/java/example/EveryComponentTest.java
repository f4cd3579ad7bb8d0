package example;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.DataSetPreProcessor;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.ILossFunction;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import dev.optimlab.optim.OptimLabUpdater;
import dev.optimlab.optim.Optimizer;
import dev.optimlab.optim.Optimizers;
import dev.optimlab.optim.ScheduleFree;
import dev.optimlab.regularize.Regularizers;
import dev.optimlab.regularize.Regularizers.Kind;

/**
 * Every registered optimizer and every registered regularizer, at its defaults, in a network built
 * by this user project: each must configure, train a few steps and leave finite, changed weights.
 * The lists come from the library's registries, so a new component is covered here unedited.
 */
class EveryComponentTest {

    static Stream<String> optimizers() {
        return Optimizers.names().stream();
    }

    static Stream<String[]> regularizers() {
        return Stream.of(Kind.values()).flatMap(k -> Regularizers.names(k).stream().map(n -> new String[] {k.name(), n}));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("optimizers")
    void everyOptimizerTrainsADenseNetwork(String name) {
        Optimizer optimizer = Optimizers.optimizer(name, Map.of());
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(3).dataType(DataType.DOUBLE).list()
                .layer(new DenseLayer.Builder().nIn(4).nOut(8).activation(Activation.TANH).build())
                .layer(new DenseLayer.Builder().nIn(8).nOut(8).activation(Activation.TANH).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nIn(8).nOut(2)
                        .activation(Activation.IDENTITY).build())
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(optimizer.applyTo(conf));
        net.init();
        if (optimizer.requirements().contains(OptimLabUpdater.Requirement.START_AT_INITIAL_WEIGHTS)) {
            ScheduleFree.start(net);
        }
        DataSet data = new DataSet(Nd4j.rand(DataType.DOUBLE, 16, 4), Nd4j.rand(DataType.DOUBLE, 16, 2));
        INDArray before = net.params().dup();
        for (int i = 0; i < 5; i++) {
            net.fit(data);
        }
        assertFalse(net.params().isInfinite().any() || net.params().isNaN().any(), name + ": non-finite weights");
        assertTrue(before.sub(net.params()).norm2Number().doubleValue() > 0, name + ": weights did not move");
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("regularizers")
    void everyRegularizerTrainsASmallCnn(String kindName, String name) {
        Kind kind = Kind.valueOf(kindName);
        DenseLayer.Builder dense = new DenseLayer.Builder().nOut(16).activation(Activation.RELU);
        switch (kind) {
            case DROPOUT -> dense.dropOut(Regularizers.dropout(name, Map.of()));
            case WEIGHT_NOISE -> dense.weightNoise(Regularizers.weightNoise(name, Map.of()));
            case PENALTY -> dense.regularization(Regularizers.penalty(name, Map.of()));
            default -> { }
        }
        ILossFunction loss = kind == Kind.LOSS ? Regularizers.loss(name, Map.of()) : LossFunctions.LossFunction.MCXENT.getILossFunction();
        NeuralNetConfiguration.ListBuilder list = new NeuralNetConfiguration.Builder().seed(5).dataType(DataType.DOUBLE)
                .list()
                .layer(new ConvolutionLayer.Builder(3, 3).nOut(32).activation(Activation.IDENTITY).build());
        if (kind == Kind.NORM) {
            list.layer(Regularizers.normLayer(name, Map.of()));
        }
        MultiLayerConfiguration conf = list.layer(dense.build())
                .layer(new OutputLayer.Builder().lossFunction(loss).nOut(3).activation(Activation.SOFTMAX).build())
                .setInputType(InputType.convolutional(8, 8, 1))
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(Optimizers.optimizer("adam", Map.of()).applyTo(conf));
        net.init();
        DataSet data = new DataSet(Nd4j.rand(DataType.DOUBLE, 12, 1, 8, 8), Nd4j.eye(3).repeat(0, 4).castTo(DataType.DOUBLE));
        if (kind == Kind.AUGMENTATION) {
            Map<String, Double> hp = new HashMap<>();
            if (Regularizers.defaults(kind, name).containsKey("channels")) {
                hp.putAll(Map.of("channels", 1.0, "height", 8.0, "width", 8.0, "prob", 1.0));
            }
            DataSetPreProcessor augment = Regularizers.augmentation(name, hp, 9);
            INDArray original = data.getFeatures().dup();
            augment.preProcess(data);
            assertTrue(original.sub(data.getFeatures()).norm2Number().doubleValue() > 0, name + " left the images unchanged");
        }
        INDArray before = net.params().dup();
        for (int i = 0; i < 3; i++) {
            net.fit(data);
        }
        assertTrue(Double.isFinite(net.score(data)), name + ": score " + net.score(data));
        assertTrue(before.sub(net.params()).norm2Number().doubleValue() > 0, name + ": weights did not move");
    }
}
