package dev.optimlab.experiment.convolution;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.Convolution1DLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * DL4J's "convolution" layers compute cross-correlation: with the kernel as given they match the
 * plain cross-correlation loop, and they match a true convolution only when handed the flipped
 * kernel (for an asymmetric kernel the two differ).
 */
class CrossCorrelationTest {

    private static final double TOL = 1e-12;

    /** An asymmetric kernel: flipping it changes it. */
    private static final double[][] KERNEL = {{1, 2, 0}, {-1, 3, 0.5}, {0, 0, 4}};

    @Test
    void loopsAgreeWithAHandComputedCase() {
        double[][] x = {{1, 2, 3}, {4, 5, 6}};
        double[][] k = {{1, 0}, {0, 2}};
        // cross-correlation: x[i][j]·1 + x[i+1][j+1]·2
        assertArrayEquals(new double[] {1 + 10, 2 + 12}, CrossCorrelation.crossCorrelate(x, k)[0], TOL);
        // convolution: the kernel turned around, x[i][j]·2 + x[i+1][j+1]·1
        assertArrayEquals(new double[] {2 + 5, 4 + 6}, CrossCorrelation.convolve(x, k)[0], TOL);
    }

    @Test
    void convolutionLayerIsMultiChannelCrossCorrelation() {
        Random r = new Random(3);
        double[][][] x = random(r, 2, 6, 5);
        double[][][][] w = new double[3][][][];
        for (int o = 0; o < w.length; o++) {
            w[o] = random(r, 2, 3, 2);
        }
        double[] b = {0.5, -1, 2};
        double[][][] dl4j = CrossCorrelation.dl4j2d(x, w, b);
        double[][][] loop = CrossCorrelation.crossCorrelate(x, w, b);
        assertEquals(3, dl4j.length);
        assertEquals(4, dl4j[0].length);
        assertEquals(4, dl4j[0][0].length);
        for (int o = 0; o < 3; o++) {
            assertMatrixEquals(loop[o], dl4j[o]);
        }
    }

    @Test
    void convolutionLayerIsATrueConvolutionOnlyWithTheFlippedKernel() {
        double[][] x = random(new Random(5), 1, 5, 6)[0];
        double[][] unflipped = dl4j2d(x, KERNEL);
        double[][] flipped = dl4j2d(x, CrossCorrelation.flip(KERNEL));
        assertMatrixEquals(CrossCorrelation.crossCorrelate(x, KERNEL), unflipped);
        assertMatrixEquals(CrossCorrelation.convolve(x, KERNEL), flipped);
        assertTrue(maxDifference(CrossCorrelation.convolve(x, KERNEL), unflipped) > 0.1,
                "with the kernel as given DL4J must not compute the true convolution");
    }

    @Test
    void convolution1DLayerIsCrossCorrelationToo() {
        Random r = new Random(7);
        double[][] x = {row(r, 9), row(r, 9)};
        double[][][] w = {{{1, -2, 0.5}, {0, 1, 3}}, {{2, 0, -1}, {1, 1, 0}}};
        double[] b = {0.25, -0.5};
        double[][] dl4j = CrossCorrelation.dl4j1d(x, w, b);
        double[][][][] as2d = new double[2][2][1][];
        double[][][] x2d = {{x[0]}, {x[1]}};
        for (int o = 0; o < 2; o++) {
            for (int c = 0; c < 2; c++) {
                as2d[o][c][0] = w[o][c];
            }
        }
        double[][][] loop = CrossCorrelation.crossCorrelate(x2d, as2d, b);
        for (int o = 0; o < 2; o++) {
            assertArrayEquals(loop[o][0], dl4j[o], TOL);
        }
    }

    /**
     * The DL4J trap {@link CrossCorrelation#dl4j1d} works around: kernels written in the layout
     * the "W" parameter reports, [C_out][C_in][k][1], are not the kernels the layer applies.
     */
    @Test
    void convolution1DLayerDoesNotReadItsKernelsInTheReportedLayout() {
        double[][] x = {{1, 2, 3, 4, 5}, {10, 20, 30, 40, 50}};
        double[][][] w = {{{1, 0, 0}, {0, 0, 0}}, {{0, 0, 0}, {0, 0, 0}}}; // only out 0 ← in 0, tap 0
        MultiLayerNetwork net = new MultiLayerNetwork(
                new NeuralNetConfiguration.Builder().dataType(DataType.DOUBLE)
                        .list().layer(new Convolution1DLayer.Builder().kernelSize(3).nIn(2)
                                .nOut(2).activation(Activation.IDENTITY).build())
                        .setInputType(InputType.recurrent(2, 5)).build());
        net.init();
        INDArray reported = Nd4j.createFromArray(w).reshape(2, 2, 3, 1);
        net.getLayer(0).getParam("W").assign(reported);
        net.getLayer(0).getParam("b").assign(0);
        double[][] out = net.output(Nd4j.createFromArray(new double[][][] {x}), false).slice(0)
                .toDoubleMatrix();
        assertArrayEquals(new double[] {1, 2, 3}, CrossCorrelation.dl4j1d(x, w, new double[2])[0], TOL);
        assertArrayEquals(new double[] {1, 2, 3}, out[0], TOL, "the first buffer entry is still out 0 ← in 0, tap 0");
        w[0][0][0] = 0;
        w[0][0][1] = 1; // out 0 ← in 0, tap 1: buffer index 1, which the layer reads as tap 0, in 0 → out 1
        net.getLayer(0).getParam("W").assign(Nd4j.createFromArray(w).reshape(2, 2, 3, 1));
        out = net.output(Nd4j.createFromArray(new double[][][] {x}), false).slice(0).toDoubleMatrix();
        assertArrayEquals(new double[] {2, 3, 4}, CrossCorrelation.dl4j1d(x, w, new double[2])[0], TOL);
        assertArrayEquals(new double[] {0, 0, 0}, out[0], TOL, "reported layout: nothing reaches output channel 0");
        assertArrayEquals(new double[] {1, 2, 3}, out[1], TOL, "reported layout: tap 0 of channel 0 reaches output 1");
    }

    @Test
    void convolution1DLayerIsATrueConvolutionOnlyWithTheFlippedKernel() {
        double[] x = row(new Random(11), 8);
        double[] k = {1, -2, 4};
        double[] reversed = {4, -2, 1};
        double[] unflipped = CrossCorrelation.dl4j1d(new double[][] {x}, new double[][][] {{k}}, new double[1])[0];
        double[] flipped = CrossCorrelation.dl4j1d(new double[][] {x}, new double[][][] {{reversed}}, new double[1])[0];
        double[] convolution = CrossCorrelation.convolve(new double[][] {x}, new double[][] {k})[0];
        assertArrayEquals(CrossCorrelation.crossCorrelate(new double[][] {x}, new double[][] {k})[0], unflipped, TOL);
        assertArrayEquals(convolution, flipped, TOL);
        assertTrue(maxDifference(new double[][] {convolution}, new double[][] {unflipped}) > 0.1);
    }

    private static double[][] dl4j2d(double[][] x, double[][] k) {
        return CrossCorrelation.dl4j2d(new double[][][] {x}, new double[][][][] {{k}}, new double[1])[0];
    }

    private static double[][][] random(Random r, int c, int h, int w) {
        double[][][] a = new double[c][h][];
        for (int i = 0; i < c; i++) {
            for (int j = 0; j < h; j++) {
                a[i][j] = row(r, w);
            }
        }
        return a;
    }

    private static double[] row(Random r, int n) {
        double[] a = new double[n];
        for (int i = 0; i < n; i++) {
            a[i] = r.nextGaussian();
        }
        return a;
    }

    private static double maxDifference(double[][] a, double[][] b) {
        double m = 0;
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < a[i].length; j++) {
                m = Math.max(m, Math.abs(a[i][j] - b[i][j]));
            }
        }
        return m;
    }

    private static void assertMatrixEquals(double[][] expected, double[][] actual) {
        assertEquals(expected.length, actual.length);
        for (int i = 0; i < expected.length; i++) {
            assertArrayEquals(expected[i], actual[i], TOL, "row " + i);
        }
    }
}
