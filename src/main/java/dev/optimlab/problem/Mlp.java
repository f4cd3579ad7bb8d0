package dev.optimlab.problem;

import java.util.List;

/**
 * The network of a problem: optional convolution blocks (3×3 convolution with the given number
 * of channels, same padding, then 2×2 max pooling; image data only), then dense hidden layers of
 * the given widths, all with one activation, and the data type ({@code float} or {@code double}).
 * With no convolution blocks it is a multilayer perceptron.
 */
public record Mlp(List<Integer> conv, List<Integer> hidden, String activation, String dtype) {

    public Mlp(List<Integer> hidden, String activation, String dtype) {
        this(List.of(), hidden, activation, dtype);
    }
}
