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
            Lanes g = Lanes.of(grad);
            Lanes m = Lanes.of(slot(0));
            Lanes d = Lanes.of(slot(1));
            Lanes nn = Lanes.of(slot(2));
            Lanes prev = Lanes.of(slot(3));
            double b1 = config.beta1;
            double b2 = config.beta2;
            double b3 = config.beta3;
            double eps = config.epsilon;
            double stepM = lr / (1 - Math.pow(b1, t));
            double stepD = lr * b2 / (1 - Math.pow(b2, t));
            double rootC3 = Math.sqrt(1 - Math.pow(b3, t));
            // 0 at t = 1: the reference starts from g_0 = g_1, so the first difference is 0
            double first = t == 1 ? 0 : 1;
            int len = g.length;
            if (Lanes.floats(g, m, d, nn, prev)) {
                FloatTiles tiles = new FloatTiles(g, m, d, nn, prev);
                float[] gt = tiles.tile(0);
                float[] mt = tiles.tile(1);
                float[] dt = tiles.tile(2);
                float[] nt = tiles.tile(3);
                float[] pt = tiles.tile(4);
                float fb1 = (float) b1;
                float fb2 = (float) b2;
                float fb3 = (float) b3;
                float fc1 = (float) (1 - b1);
                float fc2 = (float) (1 - b2);
                float fc3 = (float) (1 - b3);
                float fStepM = (float) stepM;
                float fStepD = (float) stepD;
                float fRootC3 = (float) rootC3;
                float fEps = (float) eps;
                float fFirst = (float) first;
                for (int base = 0; base < len; base += FloatTiles.SIZE) {
                    int k = tiles.load(base);
                    for (int i = 0; i < k; i++) {
                        float gi = gt[i];
                        float diff = fFirst * (gi - pt[i]);
                        float mi = fb1 * mt[i] + fc1 * gi;
                        float di = fb2 * dt[i] + fc2 * diff;
                        float z = gi + fb2 * diff;
                        float ni = fb3 * nt[i] + fc3 * z * z;
                        mt[i] = mi;
                        dt[i] = di;
                        nt[i] = ni;
                        pt[i] = gi;
                        gt[i] = (fStepM * mi + fStepD * di) / ((float) Math.sqrt(ni) / fRootC3 + fEps);
                    }
                    tiles.store(base, k);
                }
            } else {
                for (int i = 0; i < len; i++) {
                    double gi = g.get(i);
                    double diff = first * (gi - prev.get(i));
                    double mi = b1 * m.get(i) + (1 - b1) * gi;
                    double di = b2 * d.get(i) + (1 - b2) * diff;
                    double z = gi + b2 * diff;
                    double ni = b3 * nn.get(i) + (1 - b3) * z * z;
                    m.set(i, mi);
                    d.set(i, di);
                    nn.set(i, ni);
                    prev.set(i, gi);
                    g.set(i, (stepM * mi + stepD * di) / (Math.sqrt(ni) / rootC3 + eps));
                }
            }
            m.commit();
            d.commit();
            nn.commit();
            prev.commit();
            g.commit();
        }
    }
}
