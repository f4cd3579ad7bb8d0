package dev.optimlab.optim;

import java.util.List;

import java.util.Map;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.schedule.ISchedule;

/**
 * Nadam: Adam with Nesterov momentum (Dozat, "Incorporating Nesterov Momentum into Adam", ICLR
 * 2016 Workshop, Algorithm 2), with a constant momentum μ_t = β1 or, with {@code momentumDecay}
 * ψ &gt; 0, the paper's warming momentum schedule as PyTorch's {@code torch.optim.NAdam} has it.
 *
 * <pre>
 *   m_t = β1·m_{t−1} + (1 − β1)·g_t
 *   v_t = β2·v_{t−1} + (1 − β2)·g_t²
 *   m̄_t = β1·m_t / (1 − β1^{t+1}) + (1 − β1)·g_t / (1 − β1^t)
 *   PAPER:  W_t = W_{t−1} − η · m̄_t / (√(v_t / (1 − β2^t)) + ε)
 *   DL4J:   W_t = W_{t−1} − η · [(β1·m_t + (1 − β1)·g_t) / (1 − β1^t)] / (√v_t + ε)
 * </pre>
 *
 * <p>The momentum term looks one step ahead (β1·m_t, corrected with the next step's factor)
 * while the current gradient enters with the current step's correction, the Nesterov
 * counterpart of Adam's m̂.
 *
 * <p>Hyperparameters: {@code lr} η = 2e-3 (the paper's and PyTorch's default; DL4J's is 1e-3),
 * {@code beta1} β1 = 0.9, {@code beta2} β2 = 0.999, {@code epsilon} ε = 1e-8. State: m, v (keys
 * {@code "M"}, {@code "V"}, DL4J's layout).
 *
 * <p>Differences: DL4J's {@code Nadam} does <b>not</b> bias-correct v, so its first steps are
 * 1/√(1 − β2^t) times too large (≈ 60·η·sign(g) at t = 1 with the defaults), and it corrects
 * β1·m_t with 1 − β1^t instead of 1 − β1^{t+1}; {@link Variant#DL4J} reproduces it exactly.
 *
 * <p>Momentum schedule ({@code momentumDecay} ψ, default 0): with ψ = 0 the momentum is the
 * constant μ_t = β1 above, the common "Nadam" of Keras and DL4J, which differs from {@link Adam}
 * by the look-ahead only. With ψ &gt; 0 it is PyTorch's {@code NAdam} ({@code torch/optim/nadam.py},
 * default ψ = 0.004), so a PyTorch user gets PyTorch's numbers:
 * <pre>
 *   μ_t = β1·(1 − ½·0.96^{t·ψ}),   Π_t = μ_1·μ_2·…·μ_t
 *   m_t, v_t as above (m with the constant β1, as in PyTorch)
 *   W_t = W_{t−1} − η·[ (1 − μ_t)·g_t/(1 − Π_t) + μ_{t+1}·m_t/(1 − Π_{t+1}) ] / (√(v_t/(1 − β2^t)) + ε)
 * </pre>
 * With μ_t ≡ β1 this is exactly the PAPER form above (Π_t = β1^t). Note that ψ = 0 in this
 * formula would give μ = β1/2, not β1: ψ = 0 means "no schedule", not PyTorch's formula at 0.
 * Π_{t+1} = Π_t·μ_{t+1} as in the current {@code nadam.py} (early releases multiplied μ_t in
 * twice). DL4J's built-in has no schedule, so {@link Variant#DL4J} requires ψ = 0. The product Π_t is
 * accumulated step by step as PyTorch does (and recomputed from t = 1 after a restore, which
 * repeats the same multiplications), so nothing beyond m and v is stored.
 */
public final class Nadam extends AdaptiveMomentUpdater {

    public static final Hyperparameter LR = Hyperparameter.lr(2e-3);
    public static final Hyperparameter EPSILON = Hyperparameter.epsilon(1e-8);
    /** 0: constant momentum; PyTorch's NAdam default is {@link #PYTORCH_MOMENTUM_DECAY}. */
    public static final Hyperparameter MOMENTUM_DECAY = new Hyperparameter("momentumDecay", 0.0, Range.NON_NEGATIVE,
            "momentum schedule ψ (0: constant momentum β1)");
    /** Declared once: read by the constructor checks, the registry, {@code optimlab list}. */
    public static final List<Hyperparameter> HYPERPARAMETERS = declare(LR, EPSILON, MOMENTUM_DECAY);
    public static final double PYTORCH_MOMENTUM_DECAY = 0.004;

    private double momentumDecay;

    /** The default configuration; also needed by Jackson. */
    public Nadam() {
        this(LR.defaultValue());
    }

    public Nadam(double lr) {
        this(lr, BETA1.defaultValue(), BETA2.defaultValue(), EPSILON.defaultValue(), Variant.PAPER);
    }

    /** The learning rate following {@code schedule}, the other hyperparameters at their defaults (DL4J's {@code new Nadam(schedule)}). */
    public Nadam(ISchedule schedule) {
        this(startOf(schedule));
        schedule(schedule);
    }

    public Nadam(double lr, double beta1, double beta2, double epsilon, Variant variant) {
        this(lr, beta1, beta2, epsilon, MOMENTUM_DECAY.defaultValue(), variant);
    }

    public Nadam(double lr, double beta1, double beta2, double epsilon, double momentumDecay, Variant variant) {
        super("nadam", HYPERPARAMETERS, lr, beta1, beta2, epsilon, variant);
        this.momentumDecay = MOMENTUM_DECAY.check("nadam", momentumDecay);
        if (momentumDecay != 0 && variant == Variant.DL4J) {
            throw new IllegalArgumentException("nadam: DL4J's built-in has no momentum schedule; "
                    + "momentumDecay must be 0 with the dl4j variant, got " + momentumDecay);
        }
    }

    public double getMomentumDecay() {
        return momentumDecay;
    }

    /** μ_t of the schedule (β1 when ψ = 0). */
    double mu(int t) {
        return momentumDecay == 0 ? getBeta1() : getBeta1() * (1 - 0.5 * Math.pow(0.96, t * momentumDecay));
    }

    /**
     * Adds {@code momentumDecay} only when it is set, so that the constant-momentum Nadam keeps its
     * name, equality and report text from before the schedule existed.
     */
    @Override
    public Map<String, Double> hyperparameters() {
        Map<String, Double> hp = super.hyperparameters();
        if (momentumDecay != 0) {
            hp.put("momentumDecay", momentumDecay);
        }
        return hp;
    }

    @Override
    protected SlicedState<?> newState() {
        return new State(this);
    }

    static final class State extends SlicedState<Nadam> {
        /** Π_{productT} = μ_1·…·μ_{productT}, extended step by step (see the class comment). */
        private int productT;
        private double product = 1;

        State(Nadam config) {
            super(config, "M", "V");
        }

        private double muProduct(int t) {
            if (t < productT) {
                productT = 0;
                product = 1;
            }
            for (; productT < t; productT++) {
                product *= config.mu(productT + 1);
            }
            return product;
        }

        @Override
        protected void update(INDArray grad, double lr, int t) {
            new Pass(config, this, grad, lr, t).run(grad, slot(0), slot(1));
        }
    }

    /**
     * Adam's m and v; the numerator looks ahead: ahead·m_t + now·g_t in place of step·m_t (the
     * scalars of {@link AdamStep}, formed Nadam's way, step unused).
     */
    private static final class Pass extends AdamStep {
        /** Coefficient of m_t in the numerator, η included. */
        private final double ahead;
        /** Coefficient of g_t in the numerator, η included. */
        private final double now;
        private final float fahead;
        private final float fnow;

        Pass(Nadam config, State state, INDArray grad, double lr, int t) {
            this(scalars(config, state, grad, lr, t), config.getEpsilon());
        }

        private Pass(double[] s, double eps) {
            super(s, eps);
            ahead = s[6];
            now = s[7];
            fahead = (float) ahead;
            fnow = (float) now;
        }

        /** {β1, β2, 1 − β1, 1 − β2, (no step), rootC2, ahead, now}; rootC2 = 1 in DL4J, which does not correct v. */
        private static double[] scalars(Nadam config, State state, INDArray grad, double lr, int t) {
            if (config.getVariant() == Variant.DL4J) {
                Precision p = Precision.of(grad);
                double b1 = p.round(config.getBeta1());
                double b2 = p.round(config.getBeta2());
                double c1 = p.oneMinus(b1);
                double corr1 = p.oneMinus(p.pow(b1, t));
                return new double[] {b1, b2, c1, p.oneMinus(b2), Double.NaN, 1.0, lr * b1 / corr1, lr * c1 / corr1};
            }
            double b1 = config.getBeta1();
            double b2 = config.getBeta2();
            double ahead;
            double now;
            if (config.momentumDecay == 0) {
                ahead = lr * b1 / (1 - Math.pow(b1, t + 1));
                now = lr * (1 - b1) / (1 - Math.pow(b1, t));
            } else {
                double prodT = state.muProduct(t);
                ahead = lr * config.mu(t + 1) / (1 - prodT * config.mu(t + 1));
                now = lr * (1 - config.mu(t)) / (1 - prodT);
            }
            return new double[] {b1, b2, 1 - b1, 1 - b2, Double.NaN, Math.sqrt(1 - Math.pow(b2, t)), ahead, now};
        }

        @Override
        void floats(float[][] t, int len) {
            float[] gt = t[0];
            float[] mt = t[1];
            float[] vt = t[2];
            for (int i = 0; i < len; i++) {
                float gi = gt[i];
                float mi = fb1 * mt[i] + fc1 * gi;
                float vi = fb2 * vt[i] + fc2 * gi * gi;
                mt[i] = mi;
                vt[i] = vi;
                gt[i] = (fahead * mi + fnow * gi) / ((float) Math.sqrt(vi) / frootC2 + feps);
            }
        }

        @Override
        void doubles(Lanes[] l, int n) {
            for (int i = 0; i < n; i++) {
                double gi = l[0].get(i);
                double mi = b1 * l[1].get(i) + c1 * gi;
                double vi = b2 * l[2].get(i) + c2 * gi * gi;
                l[1].set(i, mi);
                l[2].set(i, vi);
                l[0].set(i, (ahead * mi + now * gi) / (Math.sqrt(vi) / rootC2 + eps));
            }
        }
    }
}
