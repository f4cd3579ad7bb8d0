package dev.optimlab.optim;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The pass of a rule that shares Adam's bias-corrected step and its two placements of ε
 * ({@link Adam}, {@link AMSGrad}, {@link AdaBelief}, {@link Lamb}, {@link RAdam}): the per-step
 * scalars, computed once before the elementwise loop,
 *
 * <pre>
 *   PAPER:  step = η / (1 − β1^t),                       rootC2 = √(1 − β2^t)
 *   DL4J:   step = α_t = η·√(1 − β2^t) / (1 − β1^t),     rootC2 = 1   (the "ε-hat" form)
 * </pre>
 *
 * so that every rule's update reads {@code step · m / (√(second statistic) / rootC2 + ε)}. In the
 * DL4J variant the scalars are rounded to the array's precision as the native op forms them,
 * and α_t falls back to ε when it is not finite or is 0, as the built-in does. Each rule
 * subclasses this with its own arithmetic ({@link #floats}, {@link #doubles}); {@link Moments}
 * is Adam's own, whose second statistic is v.
 */
abstract class AdamStep extends ElementwisePass {

    final double b1;
    final double b2;
    /** 1 − β1. */
    final double c1;
    /** 1 − β2. */
    final double c2;
    final double step;
    final double rootC2;
    final double eps;
    /** The same scalars in float, for {@link #floats}. */
    final float fb1;
    final float fb2;
    final float fc1;
    final float fc2;
    final float fstep;
    final float frootC2;
    final float feps;

    /** The scalars of step {@code t} of {@code config} in its variant, for the array {@code grad}. */
    AdamStep(AdaptiveMomentUpdater config, INDArray grad, double lr, int t) {
        this(scalars(config, grad, lr, t), config.getEpsilon());
    }

    /** Given scalars {@code {β1, β2, 1 − β1, 1 − β2, step, rootC2}} and ε. */
    AdamStep(double[] s, double eps) {
        b1 = s[0];
        b2 = s[1];
        c1 = s[2];
        c2 = s[3];
        step = s[4];
        rootC2 = s[5];
        this.eps = eps;
        fb1 = (float) b1;
        fb2 = (float) b2;
        fc1 = (float) c1;
        fc2 = (float) c2;
        fstep = (float) step;
        frootC2 = (float) rootC2;
        feps = (float) eps;
    }

    private static double[] scalars(AdaptiveMomentUpdater config, INDArray grad, double lr, int t) {
        if (config.getVariant() == Variant.DL4J) {
            Precision p = Precision.of(grad);
            double b1 = p.round(config.getBeta1());
            double b2 = p.round(config.getBeta2());
            double step = p.round(p.round(lr) * p.round(Math.sqrt(p.oneMinus(p.pow(b2, t)))) / p.oneMinus(p.pow(b1, t)));
            if (Double.isNaN(step) || Double.isInfinite(step) || step == 0.0) {
                step = config.getEpsilon();
            }
            return new double[] {b1, b2, p.oneMinus(b1), p.oneMinus(b2), step, 1.0};
        }
        double b1 = config.getBeta1();
        double b2 = config.getBeta2();
        return new double[] {b1, b2, 1 - b1, 1 - b2, lr / (1 - Math.pow(b1, t)), Math.sqrt(1 - Math.pow(b2, t))};
    }

    /**
     * Adam's pass over g, m, v: m_t = β1·m + (1 − β1)·g, v_t = β2·v + (1 − β2)·g², and the update
     * written into g: {@code step·m_t/(√v_t/rootC2 + ε)} when {@code adaptive}, else
     * {@code step·m_t} (RAdam's un-rectified steps, which still advance v).
     */
    static final class Moments extends AdamStep {
        private final boolean adaptive;

        Moments(AdaptiveMomentUpdater config, INDArray grad, double lr, int t) {
            super(config, grad, lr, t);
            this.adaptive = true;
        }

        Moments(double[] scalars, double eps, boolean adaptive) {
            super(scalars, eps);
            this.adaptive = adaptive;
        }

        @Override
        void floats(float[][] t, int len) {
            if (adaptive) {
                adaptiveTile(t[0], t[1], t[2], len);
            } else {
                momentumTile(t[0], t[1], t[2], len);
            }
        }

        /*
         * The two tile loops are methods of their own for the reason given in ElementwisePass:
         * C2 vectorizes each compiled on its own.
         */

        private void adaptiveTile(float[] gt, float[] mt, float[] vt, int len) {
            for (int i = 0; i < len; i++) {
                float gi = gt[i];
                float mi = fb1 * mt[i] + fc1 * gi;
                float vi = fb2 * vt[i] + fc2 * gi * gi;
                mt[i] = mi;
                vt[i] = vi;
                gt[i] = fstep * mi / ((float) Math.sqrt(vi) / frootC2 + feps);
            }
        }

        private void momentumTile(float[] gt, float[] mt, float[] vt, int len) {
            for (int i = 0; i < len; i++) {
                float gi = gt[i];
                float mi = fb1 * mt[i] + fc1 * gi;
                mt[i] = mi;
                vt[i] = fb2 * vt[i] + fc2 * gi * gi;
                gt[i] = fstep * mi;
            }
        }

        @Override
        void doubles(Lanes[] l, int n) {
            Lanes g = l[0];
            Lanes m = l[1];
            Lanes v = l[2];
            for (int i = 0; i < n; i++) {
                double gi = g.get(i);
                double mi = b1 * m.get(i) + c1 * gi;
                double vi = b2 * v.get(i) + c2 * gi * gi;
                m.set(i, mi);
                v.set(i, vi);
                // √(v/c2) as √v/√c2: one square root per element, no division under it
                g.set(i, adaptive ? step * mi / (Math.sqrt(vi) / rootC2 + eps) : step * mi);
            }
        }
    }
}
