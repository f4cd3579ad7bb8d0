package dev.optimlab.experiment.convolution;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;

import dev.optimlab.problem.DataSource;
import dev.optimlab.problem.Mlp;
import dev.optimlab.problem.Problem;

/**
 * The per-layer parameter formula equals DL4J's {@code numParams()}, layer by layer and in total,
 * for the networks the experiment trains (MLPs, one- and two-block CNNs, 28×28 and 8×8 inputs),
 * and for single 3×3, 1×1 and dense layers.
 */
class LayerCountTest {

    static List<Object[]> networks() {
        return List.of(
                new Object[] {new Mlp(List.of(), List.of(64), "relu", "float"), new int[] {1, 28, 28}},
                new Object[] {new Mlp(List.of(), List.of(16, 8), "relu", "float"), new int[] {1, 8, 8}},
                new Object[] {new Mlp(List.of(8), List.of(), "relu", "float"), new int[] {1, 28, 28}},
                new Object[] {new Mlp(List.of(4, 8), List.of(32), "relu", "float"), new int[] {1, 28, 28}},
                new Object[] {new Mlp(List.of(16), List.of(), "relu", "float"), new int[] {1, 8, 8}},
                new Object[] {new Mlp(List.of(3, 5), List.of(), "tanh", "float"), new int[] {2, 9, 7}});
    }

    @ParameterizedTest
    @MethodSource("networks")
    void formulaEqualsDl4jPerLayerAndInTotal(Mlp model, int[] image) {
        Problem problem = new Problem(new DataSource("digits", 0, 10, 10, 0.2, 0.2, "sin", 0, 0, 0, 0, 0, 0), model,
                "mcxent", 1, 8);
        MultiLayerNetwork net = NetworkDescription.build(problem, image, 10, "adam");
        List<LayerCount.Layer> formula = LayerCount.of(model, image, 10);
        assertEquals(net.getnLayers(), formula.size(), "one formula row per DL4J layer");
        for (int i = 0; i < formula.size(); i++) {
            assertEquals(net.getLayer(i).numParams(), formula.get(i).params(), "layer " + i + ": " + formula.get(i).kind());
        }
        assertEquals(net.numParams(), LayerCount.params(formula));
        List<NetworkDescription.Row> rows = NetworkDescription.rows(net, NetworkDescription.input(problem, image));
        assertEquals(formula.get(formula.size() - 1).output(), rows.get(rows.size() - 1).output());
    }

    @Test
    void singleLayersOfTheLayerExample() {
        assertEquals(numParams(new ConvolutionLayer.Builder(3, 3).nIn(8).nOut(16).padding(1, 1).build(),
                InputType.convolutional(12, 10, 8)), LayerCount.convolution(3, 12, 10, 8, 16).params());
        assertEquals(numParams(new ConvolutionLayer.Builder(1, 1).nIn(8).nOut(16).build(),
                InputType.convolutional(12, 10, 8)), LayerCount.convolution(1, 12, 10, 8, 16).params());
        assertEquals(numParams(new DenseLayer.Builder().nIn(12 * 10 * 8).nOut(12 * 10 * 2).build(),
                InputType.feedForward(12 * 10 * 8)), LayerCount.dense(12 * 10 * 8, 12 * 10 * 2).params());
    }

    @Test
    void multiplyAddsCountOneProductPerKernelTapPerOutputValue() {
        LayerCount.Layer conv = LayerCount.convolution(3, 28, 28, 8, 16);
        assertEquals(28L * 28 * 16 * 9 * 8, conv.macs());
        assertEquals(6272L * 12544, LayerCount.dense(6272, 12544).macs());
    }

    /**
     * A 1×1 convolution is channel mixing: at every pixel it applies the same C_out×C_in matrix as
     * a dense layer would to that pixel's channel vector.
     */
    @Test
    void oneByOneConvolutionIsADenseLayerAtEveryPixel() {
        double[][][] x = new double[3][4][5];
        double[][][][] w = new double[2][3][1][1];
        java.util.Random r = new java.util.Random(2);
        for (double[][] c : x) {
            for (double[] row : c) {
                for (int j = 0; j < row.length; j++) {
                    row[j] = r.nextGaussian();
                }
            }
        }
        for (double[][][] o : w) {
            for (double[][] c : o) {
                c[0][0] = r.nextGaussian();
            }
        }
        double[] b = {0.3, -0.7};
        double[][][] y = CrossCorrelation.dl4j2d(x, w, b);
        for (int i = 0; i < 4; i++) {
            for (int j = 0; j < 5; j++) {
                for (int o = 0; o < 2; o++) {
                    double dense = b[o];
                    for (int c = 0; c < 3; c++) {
                        dense += w[o][c][0][0] * x[c][i][j];
                    }
                    assertEquals(dense, y[o][i][j], 1e-12);
                }
            }
        }
    }

    private static long numParams(Layer layer, InputType input) {
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().dataType(DataType.FLOAT).list()
                .layer(layer).setInputType(input).build());
        net.init();
        return net.numParams();
    }
}
