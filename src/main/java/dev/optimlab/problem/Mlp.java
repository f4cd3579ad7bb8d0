package dev.optimlab.problem;

import java.util.List;

/**
 * A multilayer perceptron: the widths of its hidden layers, their activation, and the data type
 * of the network ({@code float} or {@code double}).
 */
public record Mlp(List<Integer> hidden, String activation, String dtype) {
}
