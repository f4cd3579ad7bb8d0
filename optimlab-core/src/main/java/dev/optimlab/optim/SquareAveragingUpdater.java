package dev.optimlab.optim;

import java.util.List;
import java.util.Map;

/**
 * Configuration shared by the rules that divide by the root of a ρ-average of squared gradients,
 * {@link RmsProp} and {@link AdaDelta}: the hyperparameters {@code lr} η &gt; 0, {@code rho}
 * ρ ∈ [0, 1) and {@code epsilon} ε &gt; 0, in that order, checked at construction through the
 * rule's own declaration (the defaults and the place of ε differ) and reported by
 * {@link #hyperparameters()}. Their steps share the scalars of {@link ElementwisePass.Averaging}.
 *
 * <p>The fields keep their names ({@code rho}, {@code epsilon}) because Jackson serializes
 * configurations by their fields, superclass fields included: JSON written before this class
 * existed reads back unchanged.
 */
public abstract class SquareAveragingUpdater extends OptimLabUpdater {

    private double rho;
    private double epsilon;

    /**
     * @param name     the optimizer's spec name, for the range-check messages
     * @param declared the rule's declaration {@code lr, rho, epsilon}, whose entries check the values
     * @param variant  {@link Variant#PAPER} or {@link Variant#DL4J}; null for rules with one form
     */
    protected SquareAveragingUpdater(String name, List<Hyperparameter> declared, double lr, double rho,
            double epsilon, Variant variant) {
        super(declared.get(0).check(name, lr), variant);
        this.rho = declared.get(1).check(name, rho);
        this.epsilon = declared.get(2).check(name, epsilon);
    }

    public double getRho() {
        return rho;
    }

    public double getEpsilon() {
        return epsilon;
    }

    /** A rule's pass from the step's scalars ρ, 1 − ρ, η and ε ({@link ElementwisePass.Averaging}). */
    @FunctionalInterface
    interface AveragingPass {
        ElementwisePass of(double rho, double oneMinusRho, double lr, double epsilon);
    }

    /**
     * The state over {@code keys} whose step is {@code pass} at this configuration's ρ, 1 − ρ and
     * ε. With {@code dl4jRounding} ρ is first rounded to the gradient's precision and 1 − ρ formed
     * there, as DL4J's native ops do (AdaDelta always, RmsProp in its DL4J variant); otherwise both
     * stay exact doubles.
     */
    final PassState<?> averagingState(AveragingPass pass, boolean dl4jRounding, String... keys) {
        return new PassState<>(this, (g, lr, t) -> {
            double r = rho;
            double c = 1 - r;
            if (dl4jRounding) {
                Precision p = Precision.of(g);
                r = p.round(r);
                c = p.oneMinus(r);
            }
            return pass.of(r, c, lr, epsilon);
        }, keys);
    }

    @Override
    public Map<String, Double> hyperparameters() {
        // the keys both rules declare; their defaults differ
        return Hyperparameter.values(RmsProp.HYPERPARAMETERS, getLearningRate(), rho, epsilon);
    }
}
