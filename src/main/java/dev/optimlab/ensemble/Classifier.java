package dev.optimlab.ensemble;

/** A fitted classifier of feature rows into classes {@code 0..K-1}. */
public interface Classifier {
    int predict(double[] row);
}
