package dev.optimlab.optim;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The state machine of a rule whose whole step is one {@link ElementwisePass} over the gradient
 * and all of its state slots, in the order of the keys: the step driver those rules share, so
 * that such a rule says only which slots it keeps and which pass a step is
 * ({@code new PassState<>(this, (g, lr, t) -> new Pass(...), "M", "V")}) instead of writing its
 * own {@link SlicedState} subclass around the same one line. Rules with more than one pass per
 * step or state outside the slots (Nadam's Π, Prodigy's scalars, Muon, Shampoo) keep their own.
 */
final class PassState<T extends OptimLabUpdater> extends SlicedState<T> {

    /** The pass of step {@code t} for gradient {@code g} at learning rate {@code lr}. */
    @FunctionalInterface
    interface Step {
        ElementwisePass at(INDArray g, double lr, int t);
    }

    private final Step step;
    private double initialValue;

    PassState(T config, Step step, String... keys) {
        super(config, keys);
        this.step = step;
    }

    /**
     * Starts freshly initialized slots at {@code value} instead of 0 (DL4J's RmsProp and AdaGrad
     * start their accumulators above 0); returns this.
     */
    PassState<T> startingAt(double value) {
        this.initialValue = value;
        return this;
    }

    @Override
    protected double initialValue() {
        return initialValue;
    }

    @Override
    protected void update(INDArray g, double lr, int t) {
        step.at(g, lr, t).run(g, state);
    }
}
