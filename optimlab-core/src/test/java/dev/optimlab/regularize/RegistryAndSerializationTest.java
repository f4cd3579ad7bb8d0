package dev.optimlab.regularize;

import dev.optimlab.optim.NetworkHarness;
import dev.optimlab.DoublePrecision;
import org.junit.jupiter.api.extension.ExtendWith;

import static dev.optimlab.regularize.NetworkFixtures.maxAbsDiff;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.optimlab.regularize.loss.HuberLoss;
import dev.optimlab.regularize.loss.LabelSmoothingCrossEntropy;
import dev.optimlab.regularize.loss.MeanAbsoluteError;
import dev.optimlab.regularize.noise.GaussianInputNoise;
import dev.optimlab.regularize.noise.GaussianWeightNoise;
import dev.optimlab.regularize.noise.InvertedDropConnect;
import dev.optimlab.regularize.noise.InvertedDropout;
import dev.optimlab.regularize.norm.BatchNorm;
import dev.optimlab.regularize.norm.GroupNorm;
import dev.optimlab.regularize.norm.InstanceNorm;
import dev.optimlab.regularize.norm.LayerNorm;
import dev.optimlab.optim.DecoupledWeightDecay;
import dev.optimlab.regularize.penalty.L2Penalty;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.BaseOutputLayer;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.regularization.Regularization;
import org.nd4j.linalg.lossfunctions.ILossFunction;
import org.nd4j.linalg.lossfunctions.impl.LossMSE;

/**
 * The name registry (every name builds, values reach the objects, bad names/keys/values fail with
 * the allowed ones listed) and serialization of every network-side component through JSON and
 * ModelSerializer with non-default values, so a silently dropped field would show.
 */
@ExtendWith(DoublePrecision.class)
class RegistryAndSerializationTest {


    @Test
    void everyRegisteredNameBuildsWithItsDefaults() {
        for (Regularizers.Kind kind : Regularizers.Kind.values()) {
            assertTrue(Regularizers.names(kind).size() >= 2, kind.toString());
            for (String name : Regularizers.names(kind)) {
                Object built = switch (kind) {
                    case DROPOUT -> Regularizers.dropout(name, Map.of());
                    case WEIGHT_NOISE -> Regularizers.weightNoise(name, Map.of());
                    case PENALTY -> Regularizers.penalty(name, Map.of());
                    case LOSS -> Regularizers.loss(name, Map.of());
                    case NORM -> Regularizers.normLayer(name, Map.of());
                    case AUGMENTATION -> Regularizers.augmentation(name, Map.of(), 1);
                };
                assertNotNull(built, name);
            }
        }
    }

    @Test
    void valuesReachTheComponents() {
        assertEquals(new InvertedDropout(0.3), Regularizers.dropout("dropout", Map.of("p", 0.3)));
        assertEquals(new GaussianInputNoise(0.2), Regularizers.dropout("gaussian-noise", Map.of("sigma", 0.2)));
        assertEquals(new InvertedDropConnect(0.1, true),
                Regularizers.weightNoise("dropconnect", Map.of("p", 0.1, "applyToBias", 1.0)));
        assertEquals(new GaussianWeightNoise(0.05, false), Regularizers.weightNoise("weight-noise", Map.of("sigma", 0.05)));
        assertEquals(List.of(new L2Penalty(0.01)), Regularizers.penalty("l2", Map.of("l2", 0.01)));
        assertEquals(List.of(new DecoupledWeightDecay(0.02)),
                Regularizers.penalty("weight-decay", Map.of("weightDecay", 0.02)));
        assertEquals(new HuberLoss(0.5), Regularizers.loss("huber", Map.of("delta", 0.5)));
        assertEquals(new LabelSmoothingCrossEntropy(0.2), Regularizers.loss("label-smoothing", Map.of("smoothing", 0.2)));
        assertInstanceOf(MeanAbsoluteError.class, Regularizers.loss("mae", Map.of()));
        assertInstanceOf(LossMSE.class, Regularizers.loss("mse", Map.of()));
        GroupNorm g = (GroupNorm) Regularizers.normLayer("group-norm", Map.of("groups", 4.0, "epsilon", 1e-3), 8);
        assertEquals(4, g.getGroups());
        assertEquals(1e-3, g.getEpsilon());
        assertEquals(8, g.getNOut());
        BatchNorm b = (BatchNorm) Regularizers.normLayer("batch-norm", Map.of("decay", 0.8));
        assertEquals(0.8, b.getDecay());
        List<Regularization> fresh = Regularizers.penalty("l2", Map.of());
        fresh.add(new L2Penalty(1)); // a mutable list, as DL4J's builders expect
    }

    @Test
    void errorsListWhatIsAllowed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Regularizers.dropout("drop", Map.of()));
        assertTrue(e.getMessage().contains("dropout, gaussian-noise"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Regularizers.dropout("dropout", Map.of("rate", 0.5)));
        assertTrue(e.getMessage().contains("allowed: p"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Regularizers.dropout("dropout", Map.of("p", 1.5)));
        assertEquals("dropout: p must be in [0, 1), got 1.5", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Regularizers.normLayer("group-norm", Map.of("groups", 2.5)));
        assertTrue(e.getMessage().contains("integer"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Regularizers.loss("mse", Map.of("delta", 1.0)));
        assertTrue(e.getMessage().contains("(none)"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Regularizers.augmentation("mixup", Map.of("size", 3.0), 1));
        assertTrue(e.getMessage().contains("alpha, prob"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Regularizers.weightNoise("dropconnect", Map.of("applyToBias", 0.5)));
        assertTrue(e.getMessage().contains("0 or 1"), e.getMessage());
    }

    private static MultiLayerConfiguration denseConfig(ILossFunction loss) {
        return new NeuralNetConfiguration.Builder().dataType(DataType.DOUBLE).seed(1).weightInit(WeightInit.XAVIER)
                .updater(new Adam(0.01)).list()
                .layer(new DenseLayer.Builder().nOut(8).activation(Activation.TANH)
                        .dropOut(new InvertedDropout(0.3)).weightNoise(new InvertedDropConnect(0.2, true))
                        .regularization(new ArrayList<>(List.of(new L2Penalty(0.01))))
                        .regularizationBias(new ArrayList<>(List.of(new DecoupledWeightDecay(0.02)))).build())
                .layer(new BatchNorm.Builder().decay(0.8).epsilon(1e-4).build())
                .layer(new LayerNorm.Builder().epsilon(1e-6).build())
                .layer(new DenseLayer.Builder().nOut(6).activation(Activation.TANH)
                        .dropOut(new GaussianInputNoise(0.2)).weightNoise(new GaussianWeightNoise(0.05, false)).build())
                .layer(new GroupNorm.Builder().groups(3).epsilon(1e-3).build())
                .layer(new OutputLayer.Builder().lossFunction(loss).nOut(3).activation(Activation.SOFTMAX).build())
                .setInputType(InputType.feedForward(4)).build();
    }

    @Test
    void jsonRoundTripKeepsEveryField() {
        for (ILossFunction loss : new ILossFunction[] {new LabelSmoothingCrossEntropy(0.15), new HuberLoss(0.3),
                new MeanAbsoluteError()}) {
            MultiLayerConfiguration conf = denseConfig(loss);
            MultiLayerConfiguration back = MultiLayerConfiguration.fromJson(conf.toJson());
            assertEquals(conf, back);
            BaseLayer d0 = (BaseLayer) back.getConf(0).getLayer();
            assertEquals(new InvertedDropout(0.3), d0.getIDropout());
            assertEquals(new InvertedDropConnect(0.2, true), d0.getWeightNoise());
            assertEquals(List.of(new L2Penalty(0.01)), d0.getRegularization());
            assertEquals(List.of(new DecoupledWeightDecay(0.02)), d0.getRegularizationBias());
            BatchNorm bn = (BatchNorm) back.getConf(1).getLayer();
            assertEquals(0.8, bn.getDecay());
            assertEquals(1e-4, bn.getEpsilon());
            assertEquals(8, bn.getNOut());
            assertEquals(1e-6, ((LayerNorm) back.getConf(2).getLayer()).getEpsilon());
            BaseLayer d3 = (BaseLayer) back.getConf(3).getLayer();
            assertEquals(new GaussianInputNoise(0.2), d3.getIDropout());
            assertEquals(new GaussianWeightNoise(0.05, false), d3.getWeightNoise());
            GroupNorm gn = (GroupNorm) back.getConf(4).getLayer();
            assertEquals(3, gn.getGroups());
            assertEquals(1e-3, gn.getEpsilon());
            assertEquals(loss, ((BaseOutputLayer) back.getConf(5).getLayer()).getLossFn());
        }
        MultiLayerConfiguration conv = new NeuralNetConfiguration.Builder().list()
                .layer(new ConvolutionLayer.Builder(2, 2).nOut(3).build())
                .layer(new InstanceNorm.Builder().epsilon(1e-4).build())
                .layer(new OutputLayer.Builder().lossFunction(new LabelSmoothingCrossEntropy(0.1)).nOut(2).build())
                .setInputType(InputType.convolutional(4, 4, 1)).build();
        MultiLayerConfiguration convBack = MultiLayerConfiguration.fromJson(conv.toJson());
        assertEquals(conv, convBack);
        assertEquals(1e-4, ((InstanceNorm) convBack.getConf(1).getLayer()).getEpsilon());
    }

    @Test
    void modelSerializerRoundTripContinuesTrainingIdentically() throws Exception {
        MultiLayerNetwork net = new MultiLayerNetwork(denseConfig(new LabelSmoothingCrossEntropy(0.15)));
        net.init();
        DataSet ds = new DataSet(NetworkFixtures.randn(3, 10, 4), NetworkFixtures.oneHot(10, 3));
        for (int i = 0; i < 3; i++) {
            net.fit(ds);
        }
        MultiLayerNetwork back = NetworkHarness.saveAndRestore(net);
        assertEquals(net.getLayerWiseConfigurations(), back.getLayerWiseConfigurations());
        assertEquals(0.0, maxAbsDiff(net.params(), back.params()));
        assertEquals(0.0, maxAbsDiff(net.getUpdater().getStateViewArray(), back.getUpdater().getStateViewArray()));
        INDArray x = ds.getFeatures();
        assertEquals(0.0, maxAbsDiff(net.output(x, false), back.output(x, false)));
        // Noise draws come from ND4J's RNG: reseed both so the next step sees the same masks.
        Nd4j.getRandom().setSeed(99);
        net.fit(ds);
        Nd4j.getRandom().setSeed(99);
        back.fit(ds);
        assertEquals(0.0, maxAbsDiff(net.params(), back.params()));
        assertTrue(maxAbsDiff(net.getParam("1_mean"), Nd4j.zeros(DataType.DOUBLE, 8)) > 0, "running stats trained");
    }
}
