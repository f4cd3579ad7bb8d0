package dev.optimlab.optim;

import java.util.List;
import java.util.Map;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Adan, adaptive Nesterov momentum (Xie, Zhou, Li, Lin, Yan, "Adan: Adaptive Nesterov Momentum
 * Algorithm for Faster Optimizing Deep Models", arXiv 2208.06677, Algorithm 1), in the β
 * convention of the authors' code ({@code sail-sg/Adan}, {@code adan.py}): every β weighs the
 * <em>old</em> value, so the paper's β_i is this class's 1 − β_i.
 *
 * <pre>
 *   Δ_t = g_t − g_{t−1}                       (Δ_1 = 0: g_0 := g_1, as the reference code does)
 *   m_t = β1·m_{t−1} + (1 − β1)·g_t
 *   d_t = β2·d_{t−1} + (1 − β2)·Δ_t
 *   n_t = β3·n_{t−1} + (1 − β3)·(g_t + β2·Δ_t)²
 *   u_t = η · [ m_t/(1 − β1^t) + β2·d_t/(1 − β2^t) ] / ( √(n_t/(1 − β3^t)) + ε )
 *   W_t = (W_{t−1} − u_t) / (1 + η·λ)          (the λ part: {@link ProximalWeightDecay})
 * </pre>
 *
 * <p>The bias corrections are the reference code's (the paper's Algorithm 1 has none). Note the
 * reference's β2 in the n-statistic and in front of d_t: in the paper's convention these are
 * (1 − β2), the same numbers. Hyperparameters and defaults (the reference code's): {@code lr}
 * η = 1e-3, {@code beta1} 0.98, {@code beta2} 0.92, {@code beta3} 0.99, {@code epsilon} 1e-8,
 * {@code weightDecay} λ = 0 (registry key; the proximal form of the reference's default
 * {@code no_prox=False}, applied per weight tensor by the hook, biases undecayed as with every
 * OptimLab decay). Global gradient-norm clipping ({@code max_grad_norm}) is left to
 * {@link GlobalNormClipping}. State: {@code M}, {@code D}, {@code N}, {@code G} (the previous
 * gradient). DL4J 1.0.0-M2.1 and {@code torch.optim} have no twin.
 */
public final class Adan extends OptimLabUpdater {

    public static final Hyperparameter LR = Hyperparameter.lr(1e-3);
    public static final Hyperparameter BETA1 = new Hyperparameter("beta1", 0.98, Range.UNIT_HALF_OPEN,
            "decay rate β1 of the gradient average m (the paper's 1 − β1 = 0.02)");
    public static final Hyperparameter BETA2 = new Hyperparameter("beta2", 0.92, Range.UNIT_HALF_OPEN,
            "decay rate β2 of the gradient-difference average v");
    public static final Hyperparameter BETA3 = new Hyperparameter("beta3", 0.99, Range.UNIT_HALF_OPEN,
            "decay rate β3 of the second-moment statistic n");
    public static final Hyperparameter EPSILON = Hyperparameter.epsilon(1e-8);
    /** The proximal decay's ({@link ProximalWeightDecay}) λ; 0: no hook. */
    public static final Hyperparameter WEIGHT_DECAY = new Hyperparameter("weightDecay", 0.0, Range.NON_NEGATIVE,
            "proximal weight decay λ, applied by a per-tensor hook");
    /** Declared once: read by the constructor checks, the registry, {@code optimlab list}. */
    public static final List<Hyperparameter> HYPERPARAMETERS = List.of(LR, BETA1, BETA2, BETA3, EPSILON, WEIGHT_DECAY);

    private double beta1;
    private double beta2;
    private double beta3;
    private double epsilon;

    /** The reference code's defaults; also needed by Jackson. */
    public Adan() {
        this(LR.defaultValue(), BETA1.defaultValue(), BETA2.defaultValue(), BETA3.defaultValue(), EPSILON.defaultValue());
    }

    public Adan(double lr, double beta1, double beta2, double beta3, double epsilon) {
        super(LR.check("adan", lr));
        this.beta1 = BETA1.check("adan", beta1);
        this.beta2 = BETA2.check("adan", beta2);
        this.beta3 = BETA3.check("adan", beta3);
        this.epsilon = EPSILON.check("adan", epsilon);
    }

    @Override
    protected SlicedState<?> newState() {
        return new State(this);
    }

    @Override
    public Map<String, Double> hyperparameters() {
        return Hyperparameter.values(HYPERPARAMETERS, getLearningRate(), beta1, beta2, beta3, epsilon);
    }

    static final class State extends SlicedState<Adan> {
        State(Adan config) {
            super(config, "M", "D", "N", "G");
        }

        @Override
        protected void update(INDArray grad, double lr, int t) {
            new Pass(config, lr, t).run(grad, slot(0), slot(1), slot(2), slot(3));
        }
    }

    /** One step over g, m, d, n and the previous gradient (the class comment's box). */
    private static final class Pass extends ElementwisePass {
        private final double b1;
        private final double b2;
        private final double b3;
        private final double eps;
        private final double stepM;
        private final double stepD;
        private final double rootC3;
        /** 0 at t = 1: the reference starts from g_0 = g_1, so the first difference is 0. */
        private final double first;
        private final float fb1;
        private final float fb2;
        private final float fb3;
        private final float fc1;
        private final float fc2;
        private final float fc3;
        private final float fStepM;
        private final float fStepD;
        private final float fRootC3;
        private final float fEps;
        private final float fFirst;
        /** The numerator fStepM·m + fStepD·d of one tile, between the two float loops. */
        private final float[] num = new float[FloatTiles.SIZE];

        Pass(Adan config, double lr, int t) {
            b1 = config.beta1;
            b2 = config.beta2;
            b3 = config.beta3;
            eps = config.epsilon;
            stepM = lr / (1 - Math.pow(b1, t));
            stepD = lr * b2 / (1 - Math.pow(b2, t));
            rootC3 = Math.sqrt(1 - Math.pow(b3, t));
            first = t == 1 ? 0 : 1;
            fb1 = (float) b1;
            fb2 = (float) b2;
            fb3 = (float) b3;
            fc1 = (float) (1 - b1);
            fc2 = (float) (1 - b2);
            fc3 = (float) (1 - b3);
            fStepM = (float) stepM;
            fStepD = (float) stepD;
            fRootC3 = (float) rootC3;
            fEps = (float) eps;
            fFirst = (float) first;
        }

        /*
         * The float rule is two tile loops, not one: as one loop over five arrays its body is
         * larger than C2's unrolling limit (LoopUnrollLimit, JDK 17), so SuperWord never sees it
         * and it runs scalar, about 4x Adam's time per step. Split, each loop vectorizes; the
         * second reads back in L1 what the first wrote. The arithmetic is the same, in the same
         * order: bitwise the same floats.
         */
        @Override
        void floats(float[][] t, int len) {
            moments(t[0], t[1], t[2], t[4], len);
            step(t[0], t[3], len);
        }

        /** m, d and the previous gradient; leaves z = g + β2·Δ in g's tile and the numerator in {@link #num}. */
        private void moments(float[] gt, float[] mt, float[] dt, float[] pt, int len) {
            float[] u = num;
            for (int i = 0; i < len; i++) {
                float gi = gt[i];
                float diff = fFirst * (gi - pt[i]);
                float mi = fb1 * mt[i] + fc1 * gi;
                float di = fb2 * dt[i] + fc2 * diff;
                mt[i] = mi;
                dt[i] = di;
                pt[i] = gi;
                gt[i] = gi + fb2 * diff;
                u[i] = fStepM * mi + fStepD * di;
            }
        }

        /** n from z (in g's tile), then the update into g's tile. */
        private void step(float[] zt, float[] nt, int len) {
            float[] u = num;
            for (int i = 0; i < len; i++) {
                float z = zt[i];
                float ni = fb3 * nt[i] + fc3 * z * z;
                nt[i] = ni;
                zt[i] = u[i] / ((float) Math.sqrt(ni) / fRootC3 + fEps);
            }
        }

        @Override
        void doubles(Lanes[] l, int n) {
            for (int i = 0; i < n; i++) {
                double gi = l[0].get(i);
                double diff = first * (gi - l[4].get(i));
                double mi = b1 * l[1].get(i) + (1 - b1) * gi;
                double di = b2 * l[2].get(i) + (1 - b2) * diff;
                double z = gi + b2 * diff;
                double ni = b3 * l[3].get(i) + (1 - b3) * z * z;
                l[1].set(i, mi);
                l[2].set(i, di);
                l[3].set(i, ni);
                l[4].set(i, gi);
                l[0].set(i, (stepM * mi + stepD * di) / (Math.sqrt(ni) / rootC3 + eps));
            }
        }
    }
}
