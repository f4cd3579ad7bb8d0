package dev.optimlab.optim;

import java.util.List;

/**
 * LAMB, the elementwise part (You, Li, Reddi, Hseu, Kumar, Bhojanapalli, Song, Demmel, Keutzer,
 * Hsieh, "Large Batch Optimization for Deep Learning: Training BERT in 76 minutes", ICLR 2020,
 * Algorithm 2). The full rule for one weight tensor x (layer ℓ) is
 *
 * <pre>
 *   m_t = β1·m_{t−1} + (1 − β1)·g_t,      v_t = β2·v_{t−1} + (1 − β2)·g_t²
 *   r_t = m̂_t/(√v̂_t + ε),                 m̂_t = m_t/(1 − β1^t), v̂_t = v_t/(1 − β2^t)
 *   x_t = x_{t−1} − η·φ(‖x_{t−1}‖)/‖r_t + λ·x_{t−1}‖ · (r_t + λ·x_{t−1})
 * </pre>
 *
 * <p>This class produces {@code u = η·r_t} for every parameter; the per-tensor trust ratio and
 * the decay λ are the {@link LambTrustRatio} hook, which the registry ({@code lamb}) and
 * {@link OptimizerWiring} attach to weight tensors only. Biases (and norm gains, which
 * {@link OptimizerWiring} leaves without hooks) take the plain step {@code η·r_t}, as the
 * reference implementation excludes {@code bias} and {@code LayerNorm} from both decay and
 * layer adaptation. φ is the identity and the ratio is 1 when ‖x‖ or ‖r + λx‖ is 0, as in the
 * reference code.
 *
 * <p>Hyperparameters and defaults: {@code lr} η = 1e-3, {@code beta1} 0.9, {@code beta2} 0.999,
 * {@code epsilon} 1e-6 (the reference code's), {@code weightDecay} λ = 0.01 (the BERT setup).
 * ε is added to the bias-corrected √v̂ as in Algorithm 2. State: {@code M}, {@code V}. Neither
 * DL4J 1.0.0-M2.1 nor {@code torch.optim} has LAMB.
 */
public final class Lamb extends AdaptiveMomentUpdater {

    public static final Hyperparameter LR = Hyperparameter.lr(1e-3);
    public static final Hyperparameter EPSILON = Hyperparameter.epsilon(1e-6);
    /** The trust-ratio hook's ({@link LambTrustRatio}) decoupled decay λ. */
    public static final Hyperparameter WEIGHT_DECAY = new Hyperparameter("weightDecay", 0.01, Range.NON_NEGATIVE,
            "decoupled weight decay λ, inside the trust ratio");
    /** Declared once: read by the constructor checks, the registry, {@code optimlab list}. */
    public static final List<Hyperparameter> HYPERPARAMETERS = declare(LR, EPSILON, WEIGHT_DECAY);

    /** The paper's defaults; also needed by Jackson. */
    public Lamb() {
        this(LR.defaultValue(), BETA1.defaultValue(), BETA2.defaultValue(), EPSILON.defaultValue());
    }

    public Lamb(double lr, double beta1, double beta2, double epsilon) {
        super("lamb", HYPERPARAMETERS, lr, beta1, beta2, epsilon, null);
    }

    @Override
    protected SlicedState<?> newState() {
        return momentsState(); // Adam's paper form with LAMB's ε: the same single-pass kernel
    }
}
