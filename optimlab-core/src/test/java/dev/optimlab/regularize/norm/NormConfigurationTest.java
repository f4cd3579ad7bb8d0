package dev.optimlab.regularize.norm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.memory.LayerMemoryReport;
import org.deeplearning4j.nn.conf.preprocessor.FeedForwardToCnnPreProcessor;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * The configuration side of the normalization layers, which the numeric tests pass through
 * without reading: messages naming the layer and its index, output and preprocessor types for
 * flat convolutional input, nIn inference and its override, the memory report, the rejection
 * of groups holding one value, and the per-channel sum of the row standardization.
 */
class NormConfigurationTest {

    @Test
    void rejectionMessagesNameTheLayerAndItsIndex() {
        GroupNorm named = new GroupNorm.Builder().groups(4).name("gn").build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> named.getOutputType(3, InputType.feedForward(4)));
        assertTrue(e.getMessage().startsWith("group-norm layer 'gn' (index 3): received input type"), e.getMessage());
        GroupNorm unnamed = new GroupNorm.Builder().groups(4).build();
        IllegalArgumentException u = assertThrows(IllegalArgumentException.class,
                () -> unnamed.setNIn(InputType.feedForward(4), true));
        assertTrue(u.getMessage().startsWith("group-norm layer: received input type"), u.getMessage());
        // one pixel per channel: instance norm would normalize single values
        assertThrows(IllegalArgumentException.class,
                () -> new InstanceNorm.Builder().build().getOutputType(0, InputType.convolutional(1, 1, 4)));
        new InstanceNorm.Builder().build().getOutputType(0, InputType.convolutional(1, 2, 4));
        assertThrows(IllegalStateException.class, () -> unnamed.getOutputType(0, null));
    }

    @Test
    void flatConvolutionalInputBecomesConvolutionalAndOthersPassThrough() {
        BatchNorm bn = new BatchNorm.Builder().build();
        InputType flat = InputType.convolutionalFlat(4, 5, 2);
        assertEquals(InputType.convolutional(4, 5, 2), bn.getOutputType(0, flat));
        assertEquals(InputType.feedForward(6), bn.getOutputType(0, InputType.feedForward(6)));
        assertEquals(InputType.convolutional(4, 5, 2), bn.getOutputType(0, InputType.convolutional(4, 5, 2)));
        FeedForwardToCnnPreProcessor p = assertInstanceOf(FeedForwardToCnnPreProcessor.class,
                bn.getPreProcessorForInputType(flat));
        assertEquals(4, p.getInputHeight());
        assertEquals(5, p.getInputWidth());
        assertEquals(2, p.getNumChannels());
        assertNull(bn.getPreProcessorForInputType(InputType.feedForward(6)));
    }

    @Test
    void nInIsInferredUnlessGivenAndOverridden() {
        BatchNorm given = new BatchNorm.Builder().channels(3).build();
        given.setNIn(InputType.feedForward(5), false);
        assertEquals(3, given.getNIn());
        given.setNIn(InputType.feedForward(5), true);
        assertEquals(5, given.getNIn());
        assertEquals(5, given.getNOut());
        BatchNorm inferred = new BatchNorm.Builder().build();
        inferred.setNIn(InputType.convolutional(4, 4, 6), false);
        assertEquals(6, inferred.getNIn());
        inferred.setNIn(InputType.convolutionalFlat(4, 4, 7), true);
        assertEquals(7, inferred.getNIn());
        inferred.setNIn(InputType.recurrent(8), true);
        assertEquals(8, inferred.getNIn());
    }

    @Test
    void memoryReportCountsTheAffineParameters() {
        LayerNorm ln = new LayerNorm.Builder().build();
        ln.setNIn(InputType.feedForward(6), true);
        LayerMemoryReport r = ln.getMemoryReport(InputType.feedForward(6));
        assertEquals(12, r.getParameterSize(), "γ and β per channel");
        assertEquals(InputType.feedForward(6), r.getOutputType());
        BatchNorm bn = new BatchNorm.Builder().build();
        bn.setNIn(InputType.convolutionalFlat(2, 3, 4), true);
        assertEquals(InputType.convolutional(2, 3, 4), bn.getMemoryReport(InputType.convolutionalFlat(2, 3, 4)).getOutputType());
    }

    @Test
    void groupwiseLayersKnowTheirIndexAndConfiguration() {
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().dataType(DataType.DOUBLE)
                .list()
                .layer(new org.deeplearning4j.nn.conf.layers.DenseLayer.Builder().nOut(4).build())
                .layer(new GroupNorm.Builder().groups(2).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(2).activation(Activation.SOFTMAX).build())
                .setInputType(InputType.feedForward(3)).build());
        net.init();
        assertEquals(1, net.getLayer(1).getIndex());
        assertSame(net.getLayerWiseConfigurations().getConf(1), net.getLayer(1).conf());
        MultiLayerNetwork bn = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().dataType(DataType.DOUBLE)
                .list()
                .layer(new org.deeplearning4j.nn.conf.layers.DenseLayer.Builder().nOut(4).build())
                .layer(new BatchNorm.Builder().build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(2).activation(Activation.SOFTMAX).build())
                .setInputType(InputType.feedForward(3)).build());
        bn.init();
        assertEquals(1, bn.getLayer(1).getIndex());
        assertSame(bn.getLayerWiseConfigurations().getConf(1), bn.getLayer(1).conf());
        assertEquals(org.deeplearning4j.nn.api.Layer.Type.NORMALIZATION, bn.getLayer(1).type());
        assertTrue(!bn.getLayer(1).isPretrainLayer());
        org.deeplearning4j.nn.api.Layer layer = bn.getLayer(1);
        for (String key : layer.paramTable().keySet()) {
            assertTrue(!ChannelParams.AFFINE.isWeightParam(layer.conf().getLayer(), key)
                    && !ChannelParams.AFFINE.isBiasParam(layer.conf().getLayer(), key), key + ": no weight or bias to regularize");
        }
    }

    @Test
    void buildersCheckTheirValuesUnderTheirNames() {
        IllegalArgumentException g = assertThrows(IllegalArgumentException.class, () -> new GroupNorm.Builder().groups(0).build());
        assertTrue(g.getMessage().contains("group-norm: groups must be in [1, inf), got 0"), g.getMessage());
        assertEquals(1, new GroupNorm.Builder().groups(1).build().getGroups());
        IllegalArgumentException d = assertThrows(IllegalArgumentException.class, () -> new BatchNorm.Builder().decay(1.5).build());
        assertTrue(d.getMessage().startsWith("batch-norm"), d.getMessage());
    }

    @Test
    void sumPerChannelSumsEveryAxisButTheSecond() {
        INDArray a = Nd4j.rand(DataType.DOUBLE, 2, 3, 4, 5);
        double[] expected = new double[3];
        for (int n = 0; n < 2; n++) {
            for (int c = 0; c < 3; c++) {
                for (int h = 0; h < 4; h++) {
                    for (int w = 0; w < 5; w++) {
                        expected[c] += a.getDouble(n, c, h, w);
                    }
                }
            }
        }
        double[] actual = RowStandardization.sumPerChannel(a).toDoubleVector();
        assertEquals(3, actual.length);
        for (int c = 0; c < 3; c++) {
            assertEquals(expected[c], actual[c], 1e-12);
        }
        INDArray seq = Nd4j.rand(DataType.DOUBLE, 2, 3, 4);
        assertEquals(seq.sum(0, 2), RowStandardization.sumPerChannel(seq));
        INDArray ff = Nd4j.rand(DataType.DOUBLE, 5, 3);
        assertEquals(ff.sum(0), RowStandardization.sumPerChannel(ff));
    }
}
