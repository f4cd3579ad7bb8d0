package dev.optimlab.optim;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Configuration shared by the rules that keep Adam's two exponential moving averages (Kingma &amp;
 * Ba, "Adam: A Method for Stochastic Optimization", ICLR 2015, Algorithm 1):
 *
 * <pre>
 *   m_t = β1·m_{t−1} + (1 − β1)·g_t            (first moment)
 *   v_t = β2·v_{t−1} + (1 − β2)·(second-moment statistic of g_t)
 *   u_t = η · (bias-corrected m_t) / (root of the second statistic + ε)
 * </pre>
 *
 * <p>Subclasses ({@link Adam}, {@link AMSGrad}, {@link AdaBelief}, {@link AdaMax}, {@link Nadam},
 * {@link RAdam}, {@link Lamb}) differ in the second statistic, the correction and where ε sits;
 * each documents its rule, paper and defaults. This class holds what they share: the
 * hyperparameters {@code lr} η &gt; 0, {@code beta1} β1 ∈ [0, 1), {@code beta2} β2 ∈ [0, 1),
 * {@code epsilon} ε &gt; 0, checked at construction with the optimizer's spec name in the message,
 * and reported by {@link #hyperparameters()} in that order.
 *
 * <p>The fields keep their names ({@code beta1}, {@code beta2}, {@code epsilon}) because Jackson
 * serializes configurations by their fields, superclass fields included: JSON written before
 * this class existed reads back unchanged.
 */
public abstract class AdaptiveMomentUpdater extends OptimLabUpdater {

    /** β1, the same default (0.9) in every rule of the family. */
    public static final Hyperparameter BETA1 = new Hyperparameter("beta1", 0.9, Range.UNIT_HALF_OPEN,
            "decay rate β1 of the first-moment average m");
    /** β2, the same default (0.999) in every rule of the family. */
    public static final Hyperparameter BETA2 = new Hyperparameter("beta2", 0.999, Range.UNIT_HALF_OPEN,
            "decay rate β2 of the second-moment statistic");

    /** {@code lr, beta1, beta2, epsilon} of a rule of the family with its defaults of η and ε. */
    static List<Hyperparameter> declare(Hyperparameter lr, Hyperparameter epsilon, Hyperparameter... more) {
        List<Hyperparameter> all = new ArrayList<>(List.of(lr, BETA1, BETA2, epsilon));
        all.addAll(List.of(more));
        return List.copyOf(all);
    }

    private double beta1;
    private double beta2;
    private double epsilon;

    /**
     * @param name     the optimizer's spec name, for the range-check messages
     * @param declared the rule's {@link #declare declaration}, whose entries check the values
     * @param variant  {@link Variant#PAPER} or {@link Variant#DL4J}; null for rules with one form
     */
    protected AdaptiveMomentUpdater(String name, List<Hyperparameter> declared, double lr, double beta1, double beta2,
            double epsilon, Variant variant) {
        super(declared.get(0).check(name, lr), variant);
        this.beta1 = declared.get(1).check(name, beta1);
        this.beta2 = declared.get(2).check(name, beta2);
        this.epsilon = declared.get(3).check(name, epsilon);
    }

    public double getBeta1() {
        return beta1;
    }

    public double getBeta2() {
        return beta2;
    }

    public double getEpsilon() {
        return epsilon;
    }

    /**
     * m and v advanced by Adam's kernel ({@link AdamStep.Moments}): the whole state of {@link Adam}
     * and {@link Lamb}, whose elementwise steps differ only in ε's default (LAMB's trust ratio is a
     * per-tensor hook), so the kernel and the slots' keys are named once, here.
     */
    protected final SlicedState<?> momentsState() {
        return new PassState<>(this, (g, lr, t) -> new AdamStep.Moments(this, g, lr, t), "M", "V");
    }

    @Override
    public Map<String, Double> hyperparameters() {
        // the family's keys, as every rule declares them first; the defaults of η and ε are each rule's
        return Hyperparameter.values(Adam.HYPERPARAMETERS, getLearningRate(), beta1, beta2, epsilon);
    }
}
