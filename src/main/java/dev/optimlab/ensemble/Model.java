package dev.optimlab.ensemble;

/**
 * A fitted model giving one output row per input row: class probabilities for classification,
 * target values for regression. Bagging averages these rows.
 */
public interface Model {
    double[][] predict(double[][] x);
}
