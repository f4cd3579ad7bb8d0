package dev.optimlab.optim;

import java.util.List;
import java.util.Map;

import org.nd4j.linalg.schedule.ISchedule;

/**
 * AdaGrad (Duchi, Hazan &amp; Singer, "Adaptive Subgradient Methods for Online Learning and
 * Stochastic Optimization", JMLR 12, 2011, Figure 1, diagonal update with δ; the same rule in
 * PyTorch's {@code torch.optim.Adagrad} without lr decay).
 *
 * <pre>
 *   h_0 = h₀ (initialAccumulator)
 *   h_t = h_{t−1} + g_t²
 *   W_t = W_{t−1} − η_t · g_t / (√h_t + ε)
 * </pre>
 *
 * <p>The per-coordinate step η/√h_t only shrinks: learning stalls as the sum of squares grows,
 * which is what RMSprop and AdaDelta fix.
 *
 * <p>Hyperparameters (PyTorch's defaults): {@code lr} η = 0.01, {@code epsilon} ε = 1e-10,
 * {@code initialAccumulator} h₀ = 0. State: h (key {@code "grad"}, as DL4J's).
 *
 * <p>ε sits outside the square root everywhere (paper, PyTorch, DL4J). DL4J's {@code AdaGrad}
 * (defaults lr = 0.1, ε = 1e-6) starts the accumulator at 1e-6 instead of 0, and that 1e-6 is
 * hard-wired in M2.1's {@code AdaGradUpdater}: it does not follow the configured ε (found by the
 * parity test with ε = 1e-10, confirmed in the bytecode). {@link Variant#DL4J} does the same and
 * rejects a non-zero {@code initialAccumulator}, which the built-in has no equivalent for.
 */
public final class AdaGrad extends OptimLabUpdater {

    public static final Hyperparameter LR = Hyperparameter.lr(0.01);
    public static final Hyperparameter EPSILON = Hyperparameter.epsilon(1e-10);
    public static final Hyperparameter INITIAL_ACCUMULATOR = new Hyperparameter("initialAccumulator", 0.0,
            Range.NON_NEGATIVE, "start value h₀ of the sum of squares");
    /** Declared once: read by the constructor checks, the registry, {@code optimlab list}. */
    public static final List<Hyperparameter> HYPERPARAMETERS = List.of(LR, EPSILON, INITIAL_ACCUMULATOR);
    /** The accumulator's start in DL4J's {@code AdaGradUpdater}, whatever ε is configured. */
    static final double DL4J_INITIAL_ACCUMULATOR = 1e-6;

    private double epsilon;
    private double initialAccumulator;

    /** Default configuration; also needed by Jackson. */
    public AdaGrad() {
        this(LR.defaultValue());
    }

    public AdaGrad(double lr) {
        this(lr, EPSILON.defaultValue(), INITIAL_ACCUMULATOR.defaultValue(), Variant.PAPER);
    }

    /** The learning rate following {@code schedule}, the other hyperparameters at their defaults (DL4J's {@code new AdaGrad(schedule)}). */
    public AdaGrad(ISchedule schedule) {
        this(startOf(schedule));
        schedule(schedule);
    }

    public AdaGrad(double lr, double epsilon, double initialAccumulator, Variant variant) {
        super(LR.check("adagrad", lr), variant);
        this.epsilon = EPSILON.check("adagrad", epsilon);
        this.initialAccumulator = INITIAL_ACCUMULATOR.check("adagrad", initialAccumulator);
        if (variant == Variant.DL4J && initialAccumulator != 0) {
            throw new IllegalArgumentException("adagrad: initialAccumulator must be 0 in the DL4J variant"
                    + " (the built-in starts the accumulator at 1e-6), got " + initialAccumulator);
        }
    }

    public double getEpsilon() {
        return epsilon;
    }

    public double getInitialAccumulator() {
        return initialAccumulator;
    }

    @Override
    protected SlicedState<?> newState() {
        return new PassState<>(this, (g, lr, t) -> new Pass(lr, epsilon), "grad")
                .startingAt(getVariant() == Variant.DL4J ? DL4J_INITIAL_ACCUMULATOR : initialAccumulator);
    }

    @Override
    public Map<String, Double> hyperparameters() {
        return Hyperparameter.values(HYPERPARAMETERS, getLearningRate(), epsilon, initialAccumulator);
    }

    /** h += g², update η·g/(√h + ε). */
    private static final class Pass extends ElementwisePass {
        private final double lr;
        private final double eps;
        private final float flr;
        private final float feps;

        Pass(double lr, double eps) {
            this.lr = lr;
            this.eps = eps;
            this.flr = (float) lr;
            this.feps = (float) eps;
        }

        @Override
        void floats(float[][] t, int len) {
            float[] gt = t[0];
            float[] ht = t[1];
            for (int i = 0; i < len; i++) {
                float gi = gt[i];
                float hi = ht[i] + gi * gi;
                ht[i] = hi;
                gt[i] = flr * gi / ((float) Math.sqrt(hi) + feps);
            }
        }

        @Override
        void doubles(Lanes[] l, int n) {
            for (int i = 0; i < n; i++) {
                double gi = l[0].get(i);
                double hi = l[1].get(i) + gi * gi;
                l[1].set(i, hi);
                l[0].set(i, lr * gi / (Math.sqrt(hi) + eps));
            }
        }
    }
}
