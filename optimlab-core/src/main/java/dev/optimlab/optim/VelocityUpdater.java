package dev.optimlab.optim;

import java.util.List;
import java.util.Map;

/**
 * Configuration shared by the rules that keep one velocity of past gradients, {@link Momentum}
 * (heavy ball) and {@link Nesterov} (look-ahead): the same hyperparameters {@code lr} η &gt; 0
 * (default 0.01) and {@code momentum} μ ∈ [0, 1) (default 0.9), declared and checked once here,
 * and the same state, one vector under DL4J's key {@code "V"}. A subclass is only its step
 * ({@link #pass}).
 *
 * <p>The field keeps its name ({@code momentum}) because Jackson serializes configurations by
 * their fields, superclass fields included: JSON written before this class existed reads back
 * unchanged.
 */
public abstract class VelocityUpdater extends OptimLabUpdater {

    public static final Hyperparameter LR = Hyperparameter.lr(0.01);
    public static final Hyperparameter MOMENTUM = Hyperparameter.momentum(0.9);
    /** Declared once: read by the constructor checks, the registry, {@code optimlab list}. */
    public static final List<Hyperparameter> HYPERPARAMETERS = List.of(LR, MOMENTUM);

    private double momentum;

    /**
     * @param name    the optimizer's spec name, for the range-check messages
     * @param variant {@link Variant#PAPER} or {@link Variant#DL4J}; null for rules with one form
     */
    protected VelocityUpdater(String name, double lr, double momentum, Variant variant) {
        super(LR.check(name, lr), variant);
        this.momentum = MOMENTUM.check(name, momentum);
    }

    public double getMomentum() {
        return momentum;
    }

    /** The step at learning rate {@code lr} over g and the velocity. */
    abstract ElementwisePass pass(double lr);

    @Override
    protected SlicedState<?> newState() {
        return new PassState<>(this, (g, lr, t) -> pass(lr), "V");
    }

    @Override
    public Map<String, Double> hyperparameters() {
        return Hyperparameter.values(HYPERPARAMETERS, getLearningRate(), momentum);
    }
}
