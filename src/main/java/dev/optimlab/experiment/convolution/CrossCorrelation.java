package dev.optimlab.experiment.convolution;

import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.Convolution1DLayer;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * What deep learning calls "convolution" is cross-correlation: the kernel slides over the input
 * without being flipped. This class holds plain double-precision loops of both operations (valid
 * region, stride 1, no padding) and runs DL4J's {@link ConvolutionLayer} and
 * {@link Convolution1DLayer} with given weights, so that tests and the report can compare them.
 *
 * <pre>
 *   cross-correlation  y[i][j] = Σ_a Σ_b x[i+a][j+b] · k[a][b]
 *   convolution        (x ∗ k)[n][m] = Σ_p Σ_q x[p][q] · k[n−p][m−q]   (full), kept where the kernel lies inside x
 * </pre>
 */
public final class CrossCorrelation {

    private CrossCorrelation() {
    }

    /**
     * Multi-channel cross-correlation as a layer computes it.
     *
     * @param x input [C_in][H][W]
     * @param w kernels [C_out][C_in][k_h][k_w]
     * @param b biases [C_out]
     * @return [C_out][H−k_h+1][W−k_w+1]
     */
    public static double[][][] crossCorrelate(double[][][] x, double[][][][] w, double[] b) {
        int kh = w[0][0].length;
        int kw = w[0][0][0].length;
        int ho = x[0].length - kh + 1;
        int wo = x[0][0].length - kw + 1;
        double[][][] y = new double[w.length][ho][wo];
        for (int o = 0; o < w.length; o++) {
            for (int i = 0; i < ho; i++) {
                for (int j = 0; j < wo; j++) {
                    double s = b[o];
                    for (int c = 0; c < x.length; c++) {
                        for (int a = 0; a < kh; a++) {
                            for (int d = 0; d < kw; d++) {
                                s += x[c][i + a][j + d] * w[o][c][a][d];
                            }
                        }
                    }
                    y[o][i][j] = s;
                }
            }
        }
        return y;
    }

    /** Single-channel cross-correlation, no bias. */
    public static double[][] crossCorrelate(double[][] x, double[][] k) {
        return crossCorrelate(new double[][][] {x}, new double[][][][] {{k}}, new double[1])[0];
    }

    /**
     * True 2-D convolution by its definition (the kernel index runs against the input index),
     * restricted to the positions where the whole kernel overlaps the input.
     */
    public static double[][] convolve(double[][] x, double[][] k) {
        int kh = k.length;
        int kw = k[0].length;
        double[][] y = new double[x.length - kh + 1][x[0].length - kw + 1];
        for (int i = 0; i < y.length; i++) {
            for (int j = 0; j < y[0].length; j++) {
                int n = i + kh - 1; // position in the full convolution
                int m = j + kw - 1;
                double s = 0;
                for (int p = n - kh + 1; p <= n; p++) {
                    for (int q = m - kw + 1; q <= m; q++) {
                        s += x[p][q] * k[n - p][m - q];
                    }
                }
                y[i][j] = s;
            }
        }
        return y;
    }

    /** The kernel rotated by 180° (flipped along both axes). */
    public static double[][] flip(double[][] k) {
        double[][] f = new double[k.length][k[0].length];
        for (int a = 0; a < k.length; a++) {
            for (int b = 0; b < k[0].length; b++) {
                f[a][b] = k[k.length - 1 - a][k[0].length - 1 - b];
            }
        }
        return f;
    }

    /** DL4J's {@link ConvolutionLayer} (identity activation, no padding, stride 1) with the given weights, in double. */
    public static double[][][] dl4j2d(double[][][] x, double[][][][] w, double[] b) {
        Layer layer = new ConvolutionLayer.Builder(w[0][0].length, w[0][0][0].length).nIn(x.length).nOut(w.length)
                .stride(1, 1).convolutionMode(ConvolutionMode.Truncate).activation(Activation.IDENTITY).build();
        MultiLayerNetwork net = single(layer, InputType.convolutional(x[0].length, x[0][0].length, x.length));
        net.getLayer(0).setParam("W", Nd4j.createFromArray(w));
        net.getLayer(0).setParam("b", Nd4j.createFromArray(b).reshape(1, b.length));
        INDArray out = net.output(Nd4j.createFromArray(new double[][][][] {x}), false);
        double[][][] y = new double[w.length][][];
        for (int o = 0; o < w.length; o++) {
            y[o] = out.get(org.nd4j.linalg.indexing.NDArrayIndex.point(0), org.nd4j.linalg.indexing.NDArrayIndex.point(o))
                    .toDoubleMatrix();
        }
        return y;
    }

    /**
     * DL4J's {@link Convolution1DLayer} on a sequence [C_in][L] with kernels [C_out][C_in][k]
     * (identity activation, no padding, stride 1), in double; returns [C_out][L−k+1].
     *
     * <p>DL4J 1.0.0-M2.1 trap: the layer's "W" parameter reports the shape [C_out][C_in][k][1], but
     * the forward pass reads that buffer as [k][C_in][C_out] (a reshape where a permute was meant),
     * so kernels written in the reported layout land on the wrong channel pairs whenever C_in or
     * C_out exceeds 1. The kernels are written here in the layout the layer reads.
     */
    public static double[][] dl4j1d(double[][] x, double[][][] w, double[] b) {
        Layer layer = new Convolution1DLayer.Builder().kernelSize(w[0][0].length).nIn(x.length).nOut(w.length)
                .stride(1).convolutionMode(ConvolutionMode.Truncate).activation(Activation.IDENTITY).build();
        MultiLayerNetwork net = single(layer, InputType.recurrent(x.length, x[0].length));
        INDArray kernels = Nd4j.createFromArray(w).permute(2, 1, 0).dup('c'); // [k][C_in][C_out]
        net.getLayer(0).getParam("W").assign(kernels.reshape(net.getLayer(0).getParam("W").shape()));
        net.getLayer(0).setParam("b", Nd4j.createFromArray(b).reshape(1, b.length));
        INDArray out = net.output(Nd4j.createFromArray(new double[][][] {x}), false);
        return out.slice(0).toDoubleMatrix();
    }

    private static MultiLayerNetwork single(Layer layer, InputType input) {
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(1).dataType(DataType.DOUBLE)
                .list().layer(layer).setInputType(input).build());
        net.init();
        return net;
    }
}
