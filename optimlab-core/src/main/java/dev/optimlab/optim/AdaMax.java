package dev.optimlab.optim;

import java.util.List;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.schedule.ISchedule;

/**
 * AdaMax (Kingma &amp; Ba, "Adam: A Method for Stochastic Optimization", ICLR 2015, §7.1,
 * Algorithm 2): Adam with the L2 norm of past gradients replaced by the L∞ norm.
 *
 * <pre>
 *   m_t = β1·m_{t−1} + (1 − β1)·g_t
 *   u_t = max(β2·u_{t−1}, |g_t|)
 *   PAPER:  W_t = W_{t−1} − [η / (1 − β1^t)] · m_t / (u_t + ε)
 *   DL4J:   u_t = max(β2·u_{t−1}, |g_t|) + 1e-32,  W_t = W_{t−1} − [η / (1 − β1^t)] · m_t / u_t
 * </pre>
 *
 * <p>u needs no bias correction (the maximum is not biased towards zero). Algorithm 2 has no ε;
 * it is kept here only to guard the division while a coordinate has seen nothing but zero
 * gradients, where the paper's rule is 0/0.
 *
 * <p>Hyperparameters: {@code lr} η = 2e-3 (the paper's and PyTorch's default; DL4J's is 1e-3),
 * {@code beta1} β1 = 0.9, {@code beta2} β2 = 0.999, {@code epsilon} ε = 1e-8. State: m, u (keys
 * {@code "M"}, {@code "V"}: DL4J stores u under "V").
 *
 * <p>Differences: PyTorch's {@code Adamax} puts ε inside the maximum, {@code max(β2·u, |g| + ε)}.
 * DL4J's {@code AdaMax} ignores ε (except as the fallback when η/(1 − β1^t) is not finite) and
 * adds 1e-32 to u at every step; {@link Variant#DL4J} reproduces that exactly.
 */
public final class AdaMax extends AdaptiveMomentUpdater {

    public static final Hyperparameter LR = Hyperparameter.lr(2e-3);
    public static final Hyperparameter EPSILON = Hyperparameter.epsilon(1e-8);
    /** Declared once: read by the constructor checks, the registry, {@code optimlab list}. */
    public static final List<Hyperparameter> HYPERPARAMETERS = declare(LR, EPSILON);

    /** The default configuration; also needed by Jackson. */
    public AdaMax() {
        this(LR.defaultValue());
    }

    public AdaMax(double lr) {
        this(lr, BETA1.defaultValue(), BETA2.defaultValue(), EPSILON.defaultValue(), Variant.PAPER);
    }

    /** The learning rate following {@code schedule}, the other hyperparameters at their defaults (DL4J's {@code new AdaMax(schedule)}). */
    public AdaMax(ISchedule schedule) {
        this(startOf(schedule));
        schedule(schedule);
    }

    public AdaMax(double lr, double beta1, double beta2, double epsilon, Variant variant) {
        super("adamax", HYPERPARAMETERS, lr, beta1, beta2, epsilon, variant);
    }

    @Override
    protected SlicedState<?> newState() {
        return new PassState<>(this, (g, lr, t) -> new Pass(this, g, lr, t), "M", "V");
    }

    /**
     * m as Adam's, the exponentially weighted infinity norm u in place of v, no bias correction of
     * u (the scalars of {@link AdamStep} with rootC2 = 1, 1 − β2 unused).
     */
    private static final class Pass extends AdamStep {
        /** DL4J adds 1e-32 to u at every step. */
        private final double floor;
        private final float ffloor;

        /** The paper's rule is guarded by ε; DL4J divides by u alone (ε = 0 here). */
        Pass(AdaMax config, INDArray grad, double lr, int t) {
            this(scalars(config, grad, lr, t), config.getVariant() == Variant.DL4J ? 0.0 : config.getEpsilon(),
                    config.getVariant() == Variant.DL4J ? 1e-32 : 0.0);
        }

        private Pass(double[] s, double eps, double floor) {
            super(s, eps);
            this.floor = floor;
            this.ffloor = (float) floor;
        }

        private static double[] scalars(AdaMax config, INDArray grad, double lr, int t) {
            if (config.getVariant() == Variant.DL4J) {
                Precision p = Precision.of(grad);
                double b1 = p.round(config.getBeta1());
                double b2 = p.round(config.getBeta2());
                double step = p.round(p.round(lr) / p.oneMinus(p.pow(b1, t)));
                if (Double.isNaN(step) || Double.isInfinite(step) || step == 0.0) {
                    step = config.getEpsilon(); // the built-in's fallback
                }
                return new double[] {b1, b2, p.oneMinus(b1), p.oneMinus(b2), step, 1.0};
            }
            double b1 = config.getBeta1();
            double b2 = config.getBeta2();
            return new double[] {b1, b2, 1 - b1, 1 - b2, lr / (1 - Math.pow(b1, t)), 1.0};
        }

        @Override
        void floats(float[][] t, int len) {
            float[] gt = t[0];
            float[] mt = t[1];
            float[] ut = t[2];
            for (int i = 0; i < len; i++) {
                float gi = gt[i];
                float mi = fb1 * mt[i] + fc1 * gi;
                float ui = Math.max(fb2 * ut[i], Math.abs(gi)) + ffloor;
                mt[i] = mi;
                ut[i] = ui;
                gt[i] = fstep * mi / (ui + feps);
            }
        }

        @Override
        void doubles(Lanes[] l, int n) {
            for (int i = 0; i < n; i++) {
                double gi = l[0].get(i);
                double mi = b1 * l[1].get(i) + c1 * gi;
                double ui = Math.max(b2 * l[2].get(i), Math.abs(gi)) + floor;
                l[1].set(i, mi);
                l[2].set(i, ui);
                l[0].set(i, step * mi / (ui + eps));
            }
        }
    }
}
