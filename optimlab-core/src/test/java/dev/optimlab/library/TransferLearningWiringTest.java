package dev.optimlab.library;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import dev.optimlab.DoublePrecision;
import dev.optimlab.optim.NetworkHarness;
import dev.optimlab.optim.OptimizerWiring;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.transferlearning.FineTuneConfiguration;
import org.deeplearning4j.nn.transferlearning.TransferLearning;
import org.deeplearning4j.nn.weights.WeightInit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * What docs/LIBRARY.md tells a DL4J user about transfer learning: {@code FineTuneConfiguration} carries
 * only an {@code IUpdater}, so an optimizer with per-tensor hooks (adamw, lamb, adamp, ...) is wired with
 * {@link OptimizerWiring} on the network that {@code TransferLearning...build()} returns, before its first
 * fit. Checked against the same network wired before {@code init()}, and with a frozen feature extractor.
 */
@ExtendWith(DoublePrecision.class)
class TransferLearningWiringTest {

    private static final Map<String, Double> ADAMW = Map.of("lr", 1e-2, "weightDecay", 0.1);

    private static MultiLayerConfiguration conf(int hidden2) {
        return new NeuralNetConfiguration.Builder().dataType(DataType.DOUBLE).seed(3).weightInit(WeightInit.XAVIER)
                .updater(new Adam(1e-2)).list()
                .layer(new DenseLayer.Builder().nOut(6).activation(Activation.TANH).build())
                .layer(new DenseLayer.Builder().nOut(hidden2).activation(Activation.TANH).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(3).activation(Activation.SOFTMAX).build())
                .setInputType(InputType.feedForward(4)).build();
    }

    private static MultiLayerNetwork pretrained() {
        MultiLayerNetwork source = new MultiLayerNetwork(conf(5));
        source.init();
        for (int i = 0; i < 5; i++) {
            source.fit(NetworkHarness.batch(1));
        }
        return source;
    }

    private static MultiLayerNetwork fineTuned(MultiLayerNetwork source, int frozenTill) {
        TransferLearning.Builder b = new TransferLearning.Builder(source)
                .fineTuneConfiguration(new FineTuneConfiguration.Builder().updater(new Sgd(0.05)).build())
                .removeOutputLayer()
                .addLayer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(5).nOut(3)
                        .activation(Activation.SOFTMAX).weightInit(WeightInit.XAVIER).build());
        if (frozenTill >= 0) {
            b.setFeatureExtractor(frozenTill);
        }
        return b.build();
    }

    private static void fit(MultiLayerNetwork n, int steps) {
        for (int i = 0; i < steps; i++) {
            n.fit(NetworkHarness.batch(2));
        }
    }

    /** Wired after build() and before fit(): exactly the trajectory of the same network wired before init(). */
    @Test
    void wiringAfterTransferLearningBuildEqualsWiringBeforeInit() {
        MultiLayerNetwork tuned = fineTuned(pretrained(), -1);
        OptimizerWiring.apply(tuned.getLayerWiseConfigurations(), "adamw", ADAMW);
        MultiLayerNetwork reference = new MultiLayerNetwork(OptimizerWiring.apply(conf(5), "adamw", ADAMW));
        reference.init(tuned.params().dup(), true);
        MultiLayerNetwork unwired = fineTuned(pretrained(), -1);
        assertEquals(0.0, reference.params().sub(tuned.params()).amaxNumber().doubleValue(), 0.0);
        fit(tuned, 5);
        fit(reference, 5);
        fit(unwired, 5);
        assertEquals(0.0, reference.params().sub(tuned.params()).amaxNumber().doubleValue(), 0.0,
                "adamw wired after TransferLearning.build() must train as adamw wired before init()");
        assertTrue(unwired.params().sub(tuned.params()).amaxNumber().doubleValue() > 1e-3,
                "without wiring, FineTuneConfiguration's Sgd trains: the wiring must make a difference");
    }

    /** A frozen feature extractor stays frozen: the wiring skips FrozenLayer, so no decoupled decay reaches it. */
    @Test
    void frozenLayersStayFrozenUnderWiredDecay() {
        MultiLayerNetwork tuned = fineTuned(pretrained(), 0);
        OptimizerWiring.apply(tuned.getLayerWiseConfigurations(), "adamw", ADAMW);
        INDArray frozen = tuned.getLayer(0).params().dup();
        INDArray trainable = tuned.getLayer(1).params().dup();
        fit(tuned, 5);
        assertEquals(0.0, frozen.sub(tuned.getLayer(0).params()).amaxNumber().doubleValue(), 0.0, "frozen layer moved");
        assertTrue(trainable.sub(tuned.getLayer(1).params()).amaxNumber().doubleValue() > 1e-3, "layer 1 must train");
    }
}
