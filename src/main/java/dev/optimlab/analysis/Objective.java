package dev.optimlab.analysis;

/**
 * A scalar loss of a flat parameter vector, with its gradient: what the landscape analyses
 * ({@link Sharpness}, {@link HessianPowerIteration}, {@link Interpolation}) probe. Implementations
 * may reuse internal buffers but must leave {@code w} unchanged.
 */
public interface Objective {

    /** Number of parameters. */
    int dimension();

    /** f(w). */
    double value(double[] w);

    /** f(w), writing ∇f(w) into {@code gradient} (length {@link #dimension()}). */
    double valueAndGradient(double[] w, double[] gradient);
}
