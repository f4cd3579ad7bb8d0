package dev.optimlab.optim;

import java.util.List;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.schedule.ISchedule;

/**
 * AMSGrad (Reddi, Kale &amp; Kumar, "On the Convergence of Adam and Beyond", ICLR 2018,
 * Algorithm 2), with Adam's bias corrections as in PyTorch's {@code Adam(amsgrad=True)}.
 *
 * <pre>
 *   m_t = β1·m_{t−1} + (1 − β1)·g_t
 *   v_t = β2·v_{t−1} + (1 − β2)·g_t²
 *   v̂_t = max(v̂_{t−1}, v_t)
 *   PAPER:  W_t = W_{t−1} − η · [m_t / (1 − β1^t)] / (√(v̂_t / (1 − β2^t)) + ε)
 *   DL4J:   W_t = W_{t−1} − α_t · m_t / (√v̂_t + ε),   α_t = η·√(1 − β2^t) / (1 − β1^t)
 * </pre>
 *
 * <p>The running maximum makes the effective step η/√v̂ non-increasing, which restores the
 * convergence guarantee that Adam loses (the paper's counterexample, Theorem 1). Algorithm 2 of
 * the paper is written without bias corrections and without ε; the implementations in use
 * (PyTorch, DL4J, TensorFlow) keep Adam's, and so does this one, so that {@code amsgrad} differs
 * from {@link Adam} only by the maximum.
 *
 * <p>Hyperparameters: {@code lr} η = 1e-3, {@code beta1} β1 = 0.9, {@code beta2} β2 = 0.999,
 * {@code epsilon} ε = 1e-8 (DL4J's and PyTorch's defaults). State: m, v, v̂ (keys {@code "M"},
 * {@code "V"}, {@code "V_HAT"}, DL4J's layout); v̂ holds the maximum of the raw, uncorrected v.
 *
 * <p>Where ε sits: {@link Variant#PAPER} (default) adds it to the bias-corrected root, as PyTorch
 * does; DL4J's {@code AMSGrad} uses Adam's "ε-hat" form (ε added to the uncorrected root, a larger
 * effective ε early on), reproduced exactly, with its α_t = ε fallback, by {@link Variant#DL4J}.
 */
public final class AMSGrad extends AdaptiveMomentUpdater {

    public static final Hyperparameter LR = Hyperparameter.lr(1e-3);
    public static final Hyperparameter EPSILON = Hyperparameter.epsilon(1e-8);
    /** Declared once: read by the constructor checks, the registry, {@code optimlab list}. */
    public static final List<Hyperparameter> HYPERPARAMETERS = declare(LR, EPSILON);

    /** The default configuration; also needed by Jackson. */
    public AMSGrad() {
        this(LR.defaultValue());
    }

    public AMSGrad(double lr) {
        this(lr, BETA1.defaultValue(), BETA2.defaultValue(), EPSILON.defaultValue(), Variant.PAPER);
    }

    /** The learning rate following {@code schedule}, the other hyperparameters at their defaults (DL4J's {@code new AMSGrad(schedule)}). */
    public AMSGrad(ISchedule schedule) {
        this(startOf(schedule));
        schedule(schedule);
    }

    public AMSGrad(double lr, double beta1, double beta2, double epsilon, Variant variant) {
        super("amsgrad", HYPERPARAMETERS, lr, beta1, beta2, epsilon, variant);
    }

    @Override
    protected SlicedState<?> newState() {
        return new PassState<>(this, (g, lr, t) -> new Pass(this, g, lr, t), "M", "V", "V_HAT");
    }

    /** Adam's m and v, and v̂ = max(v̂, v) in the denominator. */
    private static final class Pass extends AdamStep {
        Pass(AMSGrad config, INDArray grad, double lr, int t) {
            super(config, grad, lr, t);
        }

        @Override
        void floats(float[][] t, int len) {
            float[] gt = t[0];
            float[] mt = t[1];
            float[] vt = t[2];
            float[] ht = t[3];
            for (int i = 0; i < len; i++) {
                float gi = gt[i];
                float mi = fb1 * mt[i] + fc1 * gi;
                float vi = fb2 * vt[i] + fc2 * gi * gi;
                float hi = Math.max(ht[i], vi);
                mt[i] = mi;
                vt[i] = vi;
                ht[i] = hi;
                gt[i] = fstep * mi / ((float) Math.sqrt(hi) / frootC2 + feps);
            }
        }

        @Override
        void doubles(Lanes[] l, int n) {
            for (int i = 0; i < n; i++) {
                double gi = l[0].get(i);
                double mi = b1 * l[1].get(i) + c1 * gi;
                double vi = b2 * l[2].get(i) + c2 * gi * gi;
                double hi = Math.max(l[3].get(i), vi);
                l[1].set(i, mi);
                l[2].set(i, vi);
                l[3].set(i, hi);
                l[0].set(i, step * mi / (Math.sqrt(hi) / rootC2 + eps));
            }
        }
    }
}
