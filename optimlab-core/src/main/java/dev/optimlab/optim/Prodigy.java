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
 * in float between steps (the sums themselves are taken in double). Two passes over the block
 * per step (the d-estimate needs the sums before the step), element by element through
 * {@link Lanes}, not the float tiles. No DL4J or {@code torch.optim} twin.
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
            Lanes g = Lanes.of(grad);
            Lanes m = Lanes.of(slot(0));
            Lanes v = Lanes.of(slot(1));
            Lanes s = Lanes.of(slot(2));
            Lanes moved = Lanes.of(slot(3));
            double[] sums = moments(g, m, v, s, moved, d, dlr, beta3);
            m.commit();
            v.commit();
            s.commit();
            if (sums[1] == 0) { // no gradient anywhere: the reference returns without a step
                grad.assign(0);
                return;
            }
            double numerator = scalars.getDouble(NUMERATOR) * beta3 + sums[0];
            double dHat = config.dCoef * numerator / sums[1];
            if (d == config.d0) {
                d = Math.max(d, dHat);
            }
            double dMax = Math.max(scalars.getDouble(D_MAX), dHat);
            d = Math.min(dMax, d * config.growthRate);
            scalars.putScalar(D, d);
            scalars.putScalar(D_MAX, dMax);
            scalars.putScalar(NUMERATOR, numerator);
            step(g, m, v, moved, dlr, d);
            moved.commit();
            g.commit();
        }

        /** Advances m, v, s; returns {Σ (d/d0)·dlr·g·(x₀ − x), ‖s‖₁}. */
        private double[] moments(Lanes g, Lanes m, Lanes v, Lanes s, Lanes moved, double d, double dlr,
                                 double beta3) {
            double b1 = config.beta1;
            double b2 = config.beta2;
            double scale = d / config.d0 * dlr;
            double dot = 0;
            double l1 = 0;
            for (int i = 0; i < g.length; i++) {
                double gi = g.get(i);
                dot += gi * moved.get(i);
                m.set(i, b1 * m.get(i) + d * (1 - b1) * gi);
                v.set(i, b2 * v.get(i) + d * d * (1 - b2) * gi * gi);
                double si = beta3 * s.get(i) + scale * gi;
                s.set(i, si);
                l1 += Math.abs(si);
            }
            return new double[] {scale * dot, l1};
        }

        /** u = dlr·m/(√v + d·ε) (β1 = 0: dlr·d·g/(…)); x₀ − x grows by u. */
        private void step(Lanes g, Lanes m, Lanes v, Lanes moved, double dlr, double d) {
            double eps = d * config.epsilon;
            boolean momentum = config.beta1 > 0;
            for (int i = 0; i < g.length; i++) {
                double num = momentum ? dlr * m.get(i) : dlr * d * g.get(i);
                double u = num / (Math.sqrt(v.get(i)) + eps);
                g.set(i, u);
                moved.set(i, moved.get(i) + u);
            }
        }
    }
}
