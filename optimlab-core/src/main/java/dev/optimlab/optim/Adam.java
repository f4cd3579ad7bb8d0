package dev.optimlab.optim;

import java.util.List;

import org.nd4j.linalg.schedule.ISchedule;

/**
 * Adam (Kingma &amp; Ba, "Adam: A Method for Stochastic Optimization", ICLR 2015, Algorithm 1).
 *
 * <pre>
 *   m_t = β1·m_{t−1} + (1 − β1)·g_t
 *   v_t = β2·v_{t−1} + (1 − β2)·g_t²
 *   PAPER (Algorithm 1):   W_t = W_{t−1} − η · m̂_t / (√v̂_t + ε),
 *                          m̂_t = m_t / (1 − β1^t),  v̂_t = v_t / (1 − β2^t)
 *   DL4J  (the paper's §2 "ε-hat" form):
 *                          W_t = W_{t−1} − α_t · m_t / (√v_t + ε),
 *                          α_t = η·√(1 − β2^t) / (1 − β1^t)
 * </pre>
 *
 * <p>Hyperparameters (defaults from the paper, equal to DL4J's and PyTorch's): {@code lr} η = 1e-3,
 * {@code beta1} β1 = 0.9, {@code beta2} β2 = 0.999, {@code epsilon} ε = 1e-8. State: {@code M},
 * {@code V} (DL4J's keys and layout).
 *
 * <p>Where ε sits: the {@link Variant#PAPER} default adds ε to the bias-corrected √v̂, as
 * PyTorch's {@code torch.optim.Adam} does. DL4J's built-in adds it to the uncorrected √v, which
 * equals the paper's form with ε replaced by ε·√(1 − β2^t): a larger effective ε early on
 * (31.6·ε at t = 1). {@link Variant#DL4J} reproduces the built-in exactly, including its fallback
 * to α_t = ε when α_t is not finite or is 0.
 *
 * <p>Both variants are one loop over g, m and v ({@link AdamStep.Moments}) (one pass over memory per step instead of one per
 * ND4J op); FLOAT arrays go through vectorized tiles ({@link FloatTiles}) in float arithmetic,
 * as DL4J's native op computes. Speed against the built-in: {@code results/benchmarks/updater-step.md}.
 */
public final class Adam extends AdaptiveMomentUpdater {

    public static final Hyperparameter LR = Hyperparameter.lr(1e-3);
    public static final Hyperparameter EPSILON = Hyperparameter.epsilon(1e-8);
    /** Declared once: read by the constructor checks, the registry, {@code optimlab list}. */
    public static final List<Hyperparameter> HYPERPARAMETERS = declare(LR, EPSILON);

    /** The paper's defaults; also needed by Jackson. */
    public Adam() {
        this(LR.defaultValue());
    }

    public Adam(double lr) {
        this(lr, BETA1.defaultValue(), BETA2.defaultValue(), EPSILON.defaultValue(), Variant.PAPER);
    }

    /** The learning rate following {@code schedule}, the other hyperparameters at their defaults (DL4J's {@code new Adam(schedule)}). */
    public Adam(ISchedule schedule) {
        this(startOf(schedule));
        schedule(schedule);
    }

    public Adam(double lr, double beta1, double beta2, double epsilon, Variant variant) {
        super("adam", HYPERPARAMETERS, lr, beta1, beta2, epsilon, variant);
    }

    @Override
    protected SlicedState<?> newState() {
        return momentsState();
    }
}
