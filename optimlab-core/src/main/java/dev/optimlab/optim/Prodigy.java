package dev.optimlab.optim;

import java.util.List;
import java.util.Map;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Prodigy, a learning-rate-free Adam (Mishchenko &amp; Defazio, "Prodigy: An Expeditiously
 * Adaptive Parameter-Free Learner", ICML 2024, Algorithm 4 "Prodigy (Adam version)"; reference
 * code {@code konstmish/prodigy}, {@code prodigyopt/prodigy.py}, whose form this follows). The
 * step size d is estimated from how far the weights moved along the gradients, ⟨g, x₀ − x⟩:
 *
 * <pre>
 *   η_t  = d_t·lr                                   (d_1 = d0; the reference's dlr)
 *   r_t  = β3·r_{t−1} + (d_t/d0)·η_t·⟨g_t, x₀ − x_t⟩          (β3 = √β2)
 *   m_t  = β1·m_{t−1} + d_t·(1 − β1)·g_t
 *   v_t  = β2·v_{t−1} + d_t²·(1 − β2)·g_t²
 *   s_t  = β3·s_{t−1} + (d_t/d0)·η_t·g_t
 *   d̂    = dCoef · r_t / ‖s_t‖₁
 *   d_{t+1} = min(max(d̂_max, d̂), d_t·growthRate), with d̂_max the largest d̂ so far (≥ d0),
 *             and d_{t+1} = max(d0, d̂) first when d_t is still d0
 *   W_{t+1} = W_t − η_t · m_t / (√v_t + d_{t+1}·ε)
 * </pre>
 *
 * <p>x₀ − x_t is kept as the sum of the updates applied so far (the network's parameters are
 * not visible to an updater), so nothing but the state array is needed and the initial weights
 * need no hand-over. With β1 = 0 the step is η_t·d_{t+1}·g/(√v + d_{t+1}·ε), as in the
 * reference. If every gradient of the block is 0 (‖s‖₁ = 0) the reference returns without a
 * step; so does this (m, v, s are still advanced, as there).
 *
 * <p><b>Deviation: per updater block.</b> The reference's sums ⟨g, x₀ − x⟩ and ‖s‖₁ run over
 * every parameter of the model. A DL4J {@code GradientUpdater} sees one updater block, so d is
 * estimated per block. {@link OptimizerWiring} gives every trainable parameter the same
 * configuration, which DL4J merges into one block: then per block is the reference's global
 * estimate. A network whose layers get different configurations gets one d per block.
 *
 * <p>Hyperparameters and defaults (the reference's): {@code lr} 1.0 (a multiplier of d),
 * {@code beta1} 0.9, {@code beta2} 0.999, {@code epsilon} 1e-8, {@code d0} 1e-6,
 * {@code dCoef} 1.0, {@code growthRate} ∞ (written as {@link Double#MAX_VALUE}, which gives the
 * same d since d_{t+1} ≤ d̂_max). Not ported (off by default in the reference):
 * {@code use_bias_correction}, {@code safeguard_warmup}, weight decay, {@code slice_p}; β3 is
 * fixed at its default √β2. State: {@code M}, {@code V}, {@code S}, {@code X0_MINUS_X}, and
 * {@code SCALARS} (elements 0..2 hold d, d̂_max and r; the rest of that slot is unused), so a
 * block needs at least 3 parameters; in a FLOAT network these three are stored, hence rounded,
 * in float between steps. Two {@link ElementwisePass}es per step, since d_{t+1} needs both
 * sums before any update: {@code Sums} reads g, s, x₀ − x and writes only s; {@code Step}
 * advances m and v (they need d_t only, so they wait for the second pass, which reads g anyway)
 * and writes the update. In double the sums are element-ordered double sums; the float tiles
 * compute in float, sum each lane of a tile over 16 tiles in float and those partial sums in
 * double (float32 results differ from the double loop in the last bits, as every float rule's).
 * No DL4J or {@code torch.optim} twin.
 */
public final class Prodigy extends OptimLabUpdater {

    /** 1: the step is d·lr, and d is estimated. */
    public static final Hyperparameter LR = Hyperparameter.lr(1.0);
    public static final Hyperparameter BETA1 = AdaptiveMomentUpdater.BETA1;
    public static final Hyperparameter BETA2 = AdaptiveMomentUpdater.BETA2;
    public static final Hyperparameter EPSILON = Hyperparameter.epsilon(1e-8);
    public static final Hyperparameter D0 = new Hyperparameter("d0", 1e-6, Range.POSITIVE,
            "initial estimate d₀ of the distance to the solution");
    public static final Hyperparameter D_COEF = new Hyperparameter("dCoef", 1.0, Range.POSITIVE,
            "factor on the d estimate");
    /** "No limit" by default: the reference's {@code float('inf')}, finite so that JSON can carry it. */
    public static final Hyperparameter GROWTH_RATE = new Hyperparameter("growthRate", Double.MAX_VALUE, Range.POSITIVE,
            "largest factor by which d may grow per step");
    /** Declared once: read by the constructor checks, the registry, {@code optimlab list}. */
    public static final List<Hyperparameter> HYPERPARAMETERS = List.of(LR, BETA1, BETA2, EPSILON, D0, D_COEF, GROWTH_RATE);

    private double beta1;
    private double beta2;
    private double epsilon;
    private double d0;
    private double dCoef;
    private double growthRate;

    /** The reference's defaults; also needed by Jackson. */
    public Prodigy() {
        this(LR.defaultValue(), BETA1.defaultValue(), BETA2.defaultValue(), EPSILON.defaultValue(), D0.defaultValue(),
                D_COEF.defaultValue(), GROWTH_RATE.defaultValue());
    }

    public Prodigy(double lr, double beta1, double beta2, double epsilon, double d0, double dCoef,
                   double growthRate) {
        super(LR.check("prodigy", lr));
        this.beta1 = BETA1.check("prodigy", beta1);
        this.beta2 = BETA2.check("prodigy", beta2);
        this.epsilon = EPSILON.check("prodigy", epsilon);
        this.d0 = D0.check("prodigy", d0);
        this.dCoef = D_COEF.check("prodigy", dCoef);
        this.growthRate = GROWTH_RATE.check("prodigy", growthRate);
    }

    /** η_t = d_t·lr also feeds r_t and s_t, hence d: a schedule changes the later steps' d too (as in the reference). */
    @Override
    public boolean updateLinearInLearningRate() {
        return false;
    }

    @Override
    protected SlicedState<?> newState() {
        return new State(this);
    }

    @Override
    public Map<String, Double> hyperparameters() {
        return Hyperparameter.values(HYPERPARAMETERS, getLearningRate(), beta1, beta2, epsilon, d0, dCoef, growthRate);
    }

    static final class State extends SlicedState<Prodigy> {
        private static final int D = 0;
        private static final int D_MAX = 1;
        private static final int NUMERATOR = 2;

        State(Prodigy config) {
            super(config, "M", "V", "S", "X0_MINUS_X", "SCALARS");
        }

        @Override
        protected void update(INDArray grad, double lr, int t) {
            INDArray scalars = slot(4);
            if (scalars.length() < 3) {
                throw new IllegalStateException("prodigy: an updater block of " + scalars.length()
                        + " parameters cannot hold d, d_max and the numerator (needs >= 3)");
            }
            if (t == 1) {
                scalars.putScalar(D, config.d0);
                scalars.putScalar(D_MAX, config.d0);
                scalars.putScalar(NUMERATOR, 0.0);
            }
            double d = scalars.getDouble(D);
            double dlr = d * lr;
            double beta3 = Math.sqrt(config.beta2);
            Sums sums = new Sums(beta3, d / config.d0 * dlr);
            sums.run(grad, slot(2), slot(3));
            double l1 = sums.l1();
            if (l1 == 0) { // no gradient anywhere: the reference returns without a step (m and v still advance)
                new Step(config, d, dlr, d, false).run(grad, slot(0), slot(1), slot(3));
                return;
            }
            double numerator = scalars.getDouble(NUMERATOR) * beta3 + sums.scale * sums.dot();
            double dHat = config.dCoef * numerator / l1;
            double next = d;
            if (d == config.d0) {
                next = Math.max(d, dHat);
            }
            double dMax = Math.max(scalars.getDouble(D_MAX), dHat);
            next = Math.min(dMax, next * config.growthRate);
            scalars.putScalar(D, next);
            scalars.putScalar(D_MAX, dMax);
            scalars.putScalar(NUMERATOR, numerator);
            new Step(config, d, dlr, next, true).run(grad, slot(0), slot(1), slot(3));
        }
    }

    /**
     * Pass 1 over (g, s, x₀ − x): s_t = β3·s + scale·g with scale = (d/d0)·η_t, and the sums
     * ⟨g, x₀ − x⟩ and ‖s_t‖₁; writes only s. The float tiles add into one float partial sum
     * per tile position (an elementwise add, which C2 vectorizes, where a running scalar sum
     * would stay one serial chain), moved into the double totals every {@link #FLUSH} tiles.
     */
    private static final class Sums extends ElementwisePass {
        private static final int FLUSH = 16;
        private final double beta3;
        final double scale;
        private final float fBeta3;
        private final float fScale;
        private final float[] dotTile = new float[FloatTiles.SIZE];
        private final float[] l1Tile = new float[FloatTiles.SIZE];
        private int pending;
        private double dot;
        private double l1;

        Sums(double beta3, double scale) {
            this.beta3 = beta3;
            this.scale = scale;
            this.fBeta3 = (float) beta3;
            this.fScale = (float) scale;
        }

        @Override
        boolean writes(int k) {
            return k == 1;
        }

        @Override
        void floats(float[][] t, int len) {
            float[] g = t[0];
            float[] s = t[1];
            float[] moved = t[2];
            for (int i = 0; i < len; i++) {
                float gi = g[i];
                float si = fBeta3 * s[i] + fScale * gi;
                s[i] = si;
                dotTile[i] += gi * moved[i];
                l1Tile[i] += Math.abs(si);
            }
            if (++pending == FLUSH) {
                flush();
            }
        }

        private void flush() {
            for (int i = 0; i < FloatTiles.SIZE; i++) {
                dot += dotTile[i];
                l1 += l1Tile[i];
            }
            java.util.Arrays.fill(dotTile, 0f);
            java.util.Arrays.fill(l1Tile, 0f);
            pending = 0;
        }

        @Override
        void doubles(Lanes[] l, int n) {
            for (int i = 0; i < n; i++) {
                double gi = l[0].get(i);
                dot += gi * l[2].get(i);
                double si = beta3 * l[1].get(i) + scale * gi;
                l[1].set(i, si);
                l1 += Math.abs(si);
            }
        }

        /** Σ g·(x₀ − x), after {@link #run}. */
        double dot() {
            flush();
            return dot;
        }

        /** ‖s_t‖₁, after {@link #run}. */
        double l1() {
            flush();
            return l1;
        }
    }

    /**
     * Pass 2 over (g, m, v, x₀ − x): m_t, v_t with d_t, then u = η_t·m_t/(√v_t + d_{t+1}·ε)
     * (β1 = 0: η_t·d_{t+1}·g/(…), the reference's) into g and x₀ − x grows by u; without a
     * step ({@code apply} false) only m and v advance and u = 0.
     */
    private static final class Step extends ElementwisePass {
        private final double b1;
        private final double b2;
        private final double d;
        private final double dlr;
        private final double next;
        private final double eps;
        private final boolean momentum;
        private final boolean apply;
        private final float fb1;
        private final float fb2;
        /** d·(1 − β1) and d²·(1 − β2), the weights of g and g² in m and v. */
        private final float fm;
        private final float fv;
        /** The numerator is fum·m_t + fug·g: η_t·m_t, or η_t·d_{t+1}·g when β1 = 0. */
        private final float fum;
        private final float fug;
        private final float feps;

        Step(Prodigy config, double d, double dlr, double next, boolean apply) {
            this.b1 = config.beta1;
            this.b2 = config.beta2;
            this.d = d;
            this.dlr = dlr;
            this.next = next;
            this.eps = next * config.epsilon;
            this.momentum = config.beta1 > 0;
            this.apply = apply;
            this.fb1 = (float) b1;
            this.fb2 = (float) b2;
            this.fm = (float) (d * (1 - b1));
            this.fv = (float) (d * d * (1 - b2));
            this.fum = (float) (apply && momentum ? dlr : 0);
            this.fug = (float) (apply && !momentum ? dlr * next : 0);
            this.feps = (float) eps;
        }

        @Override
        boolean writes(int k) {
            return apply || k < 3;
        }

        @Override
        void floats(float[][] t, int len) {
            float[] g = t[0];
            float[] m = t[1];
            float[] v = t[2];
            float[] moved = t[3];
            for (int i = 0; i < len; i++) {
                float gi = g[i];
                float mi = fb1 * m[i] + fm * gi;
                float vi = fb2 * v[i] + fv * gi * gi;
                m[i] = mi;
                v[i] = vi;
                float u = (fum * mi + fug * gi) / ((float) Math.sqrt(vi) + feps);
                g[i] = u;
                moved[i] += u;
            }
        }

        @Override
        void doubles(Lanes[] l, int n) {
            for (int i = 0; i < n; i++) {
                double gi = l[0].get(i);
                double mi = b1 * l[1].get(i) + d * (1 - b1) * gi;
                l[1].set(i, mi);
                double vi = b2 * l[2].get(i) + d * d * (1 - b2) * gi * gi;
                l[2].set(i, vi);
                double u = 0;
                if (apply) {
                    double num = momentum ? dlr * mi : dlr * next * gi;
                    u = num / (Math.sqrt(vi) + eps);
                    l[3].set(i, l[3].get(i) + u);
                }
                l[0].set(i, u);
            }
        }
    }
}
