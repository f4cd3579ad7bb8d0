package dev.optimlab.optim;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The per-step scalars of the rules that share Adam's bias-corrected step and its two placements
 * of ε ({@link Adam}, {@link AMSGrad}, {@link AdaBelief}, {@link Lamb}, {@link RAdam}), computed
 * once per step before the elementwise loop:
 *
 * <pre>
 *   PAPER:  step = η / (1 − β1^t),                       rootC2 = √(1 − β2^t)
 *   DL4J:   step = α_t = η·√(1 − β2^t) / (1 − β1^t),     rootC2 = 1   (the "ε-hat" form)
 * </pre>
 *
 * so that every rule's update reads {@code step · m / (√(second statistic) / rootC2 + ε)}. In the
 * DL4J variant the scalars are rounded to the array's precision as the native op forms them,
 * and α_t falls back to ε when it is not finite or is 0, as the built-in does.
 *
 * <p>{@link #apply} is the single-pass kernel of the rules whose second statistic is Adam's own
 * v (Adam, LAMB's elementwise part, RAdam); AMSGrad and AdaBelief keep other statistics and
 * loop themselves.
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

    AdamStep(double b1, double b2, double c1, double c2, double step, double rootC2) {
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

    /**
     * One step of m_t = β1·m + (1 − β1)·g, v_t = β2·v + (1 − β2)·g², and the update written into
     * g: {@code step·m_t/(√v_t/rootC2 + ε)} when {@code adaptive}, else {@code step·m_t} (RAdam's
     * un-rectified steps, which still advance v). One pass over g, m and v; FLOAT arrays through
     * {@link FloatTiles} in float arithmetic, everything else element by element in double.
     */
    void apply(INDArray grad, INDArray mArr, INDArray vArr, double eps, boolean adaptive) {
        Lanes g = Lanes.of(grad);
        Lanes m = Lanes.of(mArr);
        Lanes v = Lanes.of(vArr);
        if (Lanes.floats(g, m, v)) {
            FloatTiles tiles = new FloatTiles(g, m, v);
            float[] gt = tiles.tile(0);
            float[] mt = tiles.tile(1);
            float[] vt = tiles.tile(2);
            for (int base = 0; base < g.length; base += FloatTiles.SIZE) {
                int len = tiles.load(base);
                if (adaptive) {
                    adaptiveTile(gt, mt, vt, len, (float) eps);
                } else {
                    momentumTile(gt, mt, vt, len);
                }
                tiles.store(base, len);
            }
        } else {
            for (int i = 0; i < g.length; i++) {
                double gi = g.get(i);
                double mi = b1 * m.get(i) + c1 * gi;
                double vi = b2 * v.get(i) + c2 * gi * gi;
                m.set(i, mi);
                v.set(i, vi);
                // √(v/c2) as √v/√c2: one square root per element, no division under it
                g.set(i, adaptive ? step * mi / (Math.sqrt(vi) / rootC2 + eps) : step * mi);
            }
        }
        m.commit();
        v.commit();
        g.commit();
    }

    /*
     * The tile loops are methods of their own: compiled on their own, C2 (JDK 17) vectorizes them;
     * inlined into a larger method they can stay scalar (see AdaBelief's tile).
     */

    private void adaptiveTile(float[] gt, float[] mt, float[] vt, int len, float eps) {
        float fb1 = (float) b1;
        float fb2 = (float) b2;
        float fc1 = (float) c1;
        float fc2 = (float) c2;
        float fstep = (float) step;
        float frootC2 = (float) rootC2;
        for (int i = 0; i < len; i++) {
            float gi = gt[i];
            float mi = fb1 * mt[i] + fc1 * gi;
            float vi = fb2 * vt[i] + fc2 * gi * gi;
            mt[i] = mi;
            vt[i] = vi;
            gt[i] = fstep * mi / ((float) Math.sqrt(vi) / frootC2 + eps);
        }
    }

    private void momentumTile(float[] gt, float[] mt, float[] vt, int len) {
        float fb1 = (float) b1;
        float fb2 = (float) b2;
        float fc1 = (float) c1;
        float fc2 = (float) c2;
        float fstep = (float) step;
        for (int i = 0; i < len; i++) {
            float gi = gt[i];
            float mi = fb1 * mt[i] + fc1 * gi;
            mt[i] = mi;
            vt[i] = fb2 * vt[i] + fc2 * gi * gi;
            gt[i] = fstep * mi;
        }
    }
}
