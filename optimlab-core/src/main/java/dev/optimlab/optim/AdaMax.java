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
        return new State(this);
    }

    static final class State extends SlicedState<AdaMax> {
        State(AdaMax config) {
            super(config, "M", "V");
        }

        @Override
        protected void update(INDArray grad, double lr, int t) {
            new Pass(config, grad, lr, t).run(grad, slot(0), slot(1));
        }
    }

    /** m as Adam's, the exponentially weighted infinity norm u in place of v, no bias correction of u. */
    private static final class Pass extends ElementwisePass {
        private final double b1;
        private final double b2;
        private final double c1;
        private final double step;
        /** DL4J adds 1e-32 to u at every step. */
        private final double floor;
        /** The paper's rule guarded by ε; DL4J divides by u alone. */
        private final double eps;
        private final float fb1;
        private final float fb2;
        private final float fc1;
        private final float fstep;
        private final float ffloor;
        private final float feps;

        Pass(AdaMax config, INDArray grad, double lr, int t) {
            if (config.getVariant() == Variant.DL4J) {
                Precision p = Precision.of(grad);
                b1 = p.round(config.getBeta1());
                b2 = p.round(config.getBeta2());
                c1 = p.oneMinus(b1);
                double s = p.round(p.round(lr) / p.oneMinus(p.pow(b1, t)));
                step = Double.isNaN(s) || Double.isInfinite(s) || s == 0.0 ? config.getEpsilon() : s; // the built-in's fallback
                floor = 1e-32;
                eps = 0.0;
            } else {
                b1 = config.getBeta1();
                b2 = config.getBeta2();
                c1 = 1 - b1;
                step = lr / (1 - Math.pow(b1, t));
                floor = 0.0;
                eps = config.getEpsilon();
            }
            fb1 = (float) b1;
            fb2 = (float) b2;
            fc1 = (float) c1;
            fstep = (float) step;
            ffloor = (float) floor;
            feps = (float) eps;
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
