package dev.optimlab.optim;

import java.util.List;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.schedule.ISchedule;

/**
 * AdaBelief (Zhuang, Tang, Ding, Tatikonda, Dvornek, Papademetris &amp; Duncan, "AdaBelief
 * Optimizer: Adapting Stepsizes by the Belief in Observed Gradients", NeurIPS 2020,
 * Algorithm 2).
 *
 * <pre>
 *   m_t = β1·m_{t−1} + (1 − β1)·g_t
 *   s_t = β2·s_{t−1} + (1 − β2)·(g_t − m_t)² + ε
 *   PAPER:  W_t = W_{t−1} − η · [m_t / (1 − β1^t)] / (√(s_t / (1 − β2^t)) + ε)
 *   DL4J:   W_t = W_{t−1} − α_t · m_t / (√s_t + ε),   α_t = η·√(1 − β2^t) / (1 − β1^t)
 * </pre>
 *
 * <p>Adam with v replaced by the variance of g around its EMA m ("belief"): when the observed
 * gradient agrees with the prediction m the step is large, when it disagrees it is small.
 *
 * <p>Hyperparameters: {@code lr} η = 1e-3, {@code beta1} β1 = 0.9, {@code beta2} β2 = 0.999,
 * {@code epsilon} ε = 1e-16 (the authors' reference implementation, adabelief-pytorch ≥ 0.1;
 * DL4J's default is 1e-14). ε enters twice, inside s (as in Algorithm 2) and outside the root.
 * State: m, s (keys {@code "M"}, {@code "S"}, DL4J's layout).
 *
 * <p>Differences: the {@link Variant#PAPER} default bias-corrects s and adds ε to the corrected
 * root, as the paper and the authors' PyTorch code do; DL4J's {@code AdaBelief} uses Adam's
 * "ε-hat" form, reproduced exactly by {@link Variant#DL4J}. DL4J 1.0.0-M2.1's built-in cannot be
 * used in a network at all ({@code AdaBelief.instantiate} throws
 * {@code ArrayIndexOutOfBoundsException}); this class can, in either variant.
 */
public final class AdaBelief extends AdaptiveMomentUpdater {

    public static final Hyperparameter LR = Hyperparameter.lr(1e-3);
    public static final Hyperparameter EPSILON = Hyperparameter.epsilon(1e-16);
    /** Declared once: read by the constructor checks, the registry, {@code optimlab list}. */
    public static final List<Hyperparameter> HYPERPARAMETERS = declare(LR, EPSILON);

    /** The default configuration; also needed by Jackson. */
    public AdaBelief() {
        this(LR.defaultValue());
    }

    public AdaBelief(double lr) {
        this(lr, BETA1.defaultValue(), BETA2.defaultValue(), EPSILON.defaultValue(), Variant.PAPER);
    }

    /** The learning rate following {@code schedule}, the other hyperparameters at their defaults (DL4J's {@code new AdaBelief(schedule)}). */
    public AdaBelief(ISchedule schedule) {
        this(startOf(schedule));
        schedule(schedule);
    }

    public AdaBelief(double lr, double beta1, double beta2, double epsilon, Variant variant) {
        super("adabelief", HYPERPARAMETERS, lr, beta1, beta2, epsilon, variant);
    }

    @Override
    protected SlicedState<?> newState() {
        return new PassState<>(this, (g, lr, t) -> new Pass(this, g, lr, t), "M", "S");
    }

    /** Adam's m, and the belief s of (g − m_t)² + ε in place of v. */
    private static final class Pass extends AdamStep {
        Pass(AdaBelief config, INDArray grad, double lr, int t) {
            super(config, grad, lr, t);
        }

        @Override
        void floats(float[][] t, int len) {
            float[] gt = t[0];
            float[] mt = t[1];
            float[] st = t[2];
            for (int i = 0; i < len; i++) {
                float gi = gt[i];
                float mPrev = mt[i];
                float mi = fb1 * mPrev + fc1 * gi;
                // g − m_t written as β1·(g − m_{t−1}) (equal when c1 = 1 − β1): with g − m_t,
                // C2 (JDK 17) packs the loop badly and it runs several times slower
                float d = fb1 * (gi - mPrev);
                float si = fb2 * st[i] + fc2 * d * d + feps;
                mt[i] = mi;
                st[i] = si;
                gt[i] = fstep * mi / ((float) Math.sqrt(si) / frootC2 + feps);
            }
        }

        @Override
        void doubles(Lanes[] l, int n) {
            for (int i = 0; i < n; i++) {
                double gi = l[0].get(i);
                double mPrev = l[1].get(i);
                double mi = b1 * mPrev + c1 * gi;
                double d = b1 * (gi - mPrev); // = g − m_t, as in the float loop
                double si = b2 * l[2].get(i) + c2 * d * d + eps;
                l[1].set(i, mi);
                l[2].set(i, si);
                l[0].set(i, step * mi / (Math.sqrt(si) / rootC2 + eps));
            }
        }
    }
}
