package dev.optimlab.experiment.convolution;

import java.util.ArrayList;
import java.util.List;

import dev.optimlab.problem.Mlp;

/**
 * Parameters and multiply–adds of a network, layer by layer, from the textbook formulas alone
 * (no DL4J), so that they can be checked against DL4J's {@code numParams()}:
 *
 * <pre>
 *   k_h×k_w convolution C_in → C_out:  params = k_h·k_w·C_in·C_out + C_out      (one kernel per channel pair, one bias per output channel)
 *                                      MACs   = H_out·W_out · C_out · k_h·k_w·C_in
 *   dense n_in → n_out:                params = n_in·n_out + n_out,   MACs = n_in·n_out
 *   max pooling:                       params = 0,                    MACs = 0 (comparisons only)
 * </pre>
 *
 * The shapes follow {@code Networks.build}: each convolution block is a 3×3 convolution with
 * stride 1 and padding 1 (same size) followed by 2×2 max pooling with stride 2 (floor(H/2)).
 */
public final class LayerCount {

    /** Kernel of the convolutions {@code Networks.build} makes. */
    static final int KERNEL = 3;

    /** One layer: what it is, its output volume, its parameters and multiply–adds per example. */
    public record Layer(String kind, String output, long params, long macs) {
    }

    private LayerCount() {
    }

    /** A k×k convolution with "same" padding, stride 1, on an H×W×C_in input. */
    public static Layer convolution(int k, int height, int width, int channelsIn, int channelsOut) {
        long perOutput = (long) k * k * channelsIn;
        return new Layer(k + "×" + k + " convolution " + channelsIn + " → " + channelsOut,
                height + "×" + width + "×" + channelsOut, perOutput * channelsOut + channelsOut,
                (long) height * width * channelsOut * perOutput);
    }

    public static Layer dense(long nIn, long nOut) {
        return new Layer("dense " + nIn + " → " + nOut, Long.toString(nOut), nIn * nOut + nOut, nIn * nOut);
    }

    /**
     * Every weight and pooling layer of {@code model} on inputs of shape {channels, height, width}
     * with {@code classes} outputs.
     */
    public static List<Layer> of(Mlp model, int[] image, int classes) {
        List<Layer> layers = new ArrayList<>();
        int c = image[0];
        int h = image[1];
        int w = image[2];
        long flat = (long) c * h * w;
        for (int channels : model.conv()) {
            layers.add(convolution(KERNEL, h, w, c, channels));
            c = channels;
            h /= 2;
            w /= 2;
            layers.add(new Layer("2×2 max pooling", h + "×" + w + "×" + c, 0, 0));
            flat = (long) c * h * w;
        }
        for (int width : model.hidden()) {
            layers.add(dense(flat, width));
            flat = width;
        }
        layers.add(dense(flat, classes));
        return layers;
    }

    public static long params(List<Layer> layers) {
        return layers.stream().mapToLong(Layer::params).sum();
    }

    public static long macs(List<Layer> layers) {
        return layers.stream().mapToLong(Layer::macs).sum();
    }
}
