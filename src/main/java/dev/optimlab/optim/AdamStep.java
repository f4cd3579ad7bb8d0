package dev.optimlab.optim;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The per-step scalars of the rules that share Adam's bias-corrected step and its two placements
 * of ε ({@link Adam}, {@link AMSGrad}, {@link AdaBelief}), computed once per step before the
 * elementwise loop:
 *
 * <pre>
 *   PAPER:  step = η / (1 − β1^t),                       rootC2 = √(1 − β2^t)
 *   DL4J:   step = α_t = η·√(1 − β2^t) / (1 − β1^t),     rootC2 = 1   (the "ε-hat" form)
 * </pre>
 *
 * so that every rule's update reads {@code step · m / (√(second statistic) / rootC2 + ε)}. In the
 * DL4J variant the scalars are rounded to the array's precision as the native op forms them,
 * and α_t falls back to ε when it is not finite or is 0, as the built-in does.
 */
final class AdamStep {

    final double b1;
    final double b2;
    /** 1 − β1. */
    final double c1;
    /** 1 − β2. */
    final double c2;
    final double step;
    final double rootC2;

    private AdamStep(double b1, double b2, double c1, double c2, double step, double rootC2) {
        this.b1 = b1;
        this.b2 = b2;
        this.c1 = c1;
        this.c2 = c2;
        this.step = step;
        this.rootC2 = rootC2;
    }

    static AdamStep of(AdaptiveMomentUpdater config, INDArray grad, double lr, int t) {
        if (config.getVariant() == Variant.DL4J) {
            Precision p = Precision.of(grad);
            double b1 = p.round(config.getBeta1());
            double b2 = p.round(config.getBeta2());
            double step = p.round(p.round(lr) * p.round(Math.sqrt(p.oneMinus(p.pow(b2, t)))) / p.oneMinus(p.pow(b1, t)));
            if (Double.isNaN(step) || Double.isInfinite(step) || step == 0.0) {
                step = config.getEpsilon();
            }
            return new AdamStep(b1, b2, p.oneMinus(b1), p.oneMinus(b2), step, 1.0);
        }
        double b1 = config.getBeta1();
        double b2 = config.getBeta2();
        return new AdamStep(b1, b2, 1 - b1, 1 - b2, lr / (1 - Math.pow(b1, t)), Math.sqrt(1 - Math.pow(b2, t)));
    }
}
