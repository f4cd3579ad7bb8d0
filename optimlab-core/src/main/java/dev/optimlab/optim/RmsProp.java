package dev.optimlab.optim;

import java.util.List;

import org.nd4j.linalg.schedule.ISchedule;

/**
 * RMSprop (Tieleman &amp; Hinton, "Lecture 6.5 — rmsprop: Divide the gradient by a running average
 * of its recent magnitude", COURSERA: Neural Networks for Machine Learning, 2012).
 *
 * <pre>
 *   s_0 = 0
 *   s_t = ρ·s_{t−1} + (1 − ρ)·g_t²
 *   W_t = W_{t−1} − η_t · g_t / (√s_t + ε)
 * </pre>
 *
 * <p>AdaGrad's sum of squares replaced by an exponential moving average, so the step size no
 * longer decays to zero.
 *
 * <p>Hyperparameters: {@code lr} η = 1e-3, {@code rho} ρ = 0.9 (the lecture's value; Keras and
 * TensorFlow use the same), {@code epsilon} ε = 1e-8. State: s (key {@code "G"}, as DL4J's).
 *
 * <p>ε sits outside the square root in the lecture, PyTorch and DL4J. PyTorch's
 * {@code torch.optim.RMSprop} (lr = 0.01, alpha = ρ = 0.99, ε = 1e-8, centered/momentum off) is
 * this rule. DL4J's {@code RmsProp} (lr = 0.1, rmsDecay = 0.95, ε = 1e-8) starts s at ε instead
 * of 0, which makes the very first steps smaller for tiny gradients; {@link Variant#DL4J}
 * reproduces that.
 */
public final class RmsProp extends SquareAveragingUpdater {

    public static final Hyperparameter LR = Hyperparameter.lr(1e-3);
    public static final Hyperparameter RHO = new Hyperparameter("rho", 0.9, Range.UNIT_HALF_OPEN,
            "decay rate ρ of the average of squared gradients");
    public static final Hyperparameter EPSILON = Hyperparameter.epsilon(1e-8);
    /** Declared once: read by the constructor checks, the registry, {@code optimlab list}. */
    public static final List<Hyperparameter> HYPERPARAMETERS = List.of(LR, RHO, EPSILON);

    /** Default configuration; also needed by Jackson. */
    public RmsProp() {
        this(LR.defaultValue());
    }

    public RmsProp(double lr) {
        this(lr, RHO.defaultValue(), EPSILON.defaultValue(), Variant.PAPER);
    }

    /** The learning rate following {@code schedule}, the other hyperparameters at their defaults (DL4J's {@code new RmsProp(schedule)}). */
    public RmsProp(ISchedule schedule) {
        this(startOf(schedule));
        schedule(schedule);
    }

    public RmsProp(double lr, double rho, double epsilon, Variant variant) {
        super("rmsprop", HYPERPARAMETERS, lr, rho, epsilon, variant);
    }

    @Override
    protected SlicedState<?> newState() {
        // DL4J's built-in starts s at ε (see the class comment)
        return averagingState(Pass::new, getVariant() == Variant.DL4J, "G")
                .startingAt(getVariant() == Variant.DL4J ? getEpsilon() : 0.0);
    }

    /** s = ρ·s + (1 − ρ)·g², update η·g/(√s + ε). */
    private static final class Pass extends ElementwisePass.Averaging {
        Pass(double rho, double c, double lr, double eps) {
            super(rho, c, lr, eps);
        }

        @Override
        void floats(float[][] t, int len) {
            float[] gt = t[0];
            float[] st = t[1];
            for (int i = 0; i < len; i++) {
                float gi = gt[i];
                float si = frho * st[i] + fc * gi * gi;
                st[i] = si;
                gt[i] = flr * gi / ((float) Math.sqrt(si) + feps);
            }
        }

        @Override
        void doubles(Lanes[] l, int n) {
            for (int i = 0; i < n; i++) {
                double gi = l[0].get(i);
                double si = rho * l[1].get(i) + c * gi * gi;
                l[1].set(i, si);
                l[0].set(i, lr * gi / (Math.sqrt(si) + eps));
            }
        }
    }
}
