package dev.optimlab.optim;

import java.util.List;
import java.util.Map;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Heavy-ball momentum (Polyak, 1964), in the form of the lecture and of PyTorch's
 * {@code torch.optim.SGD(momentum=β, dampening=0, nesterov=False)}:
 *
 * <pre>
 *   a_0 = 0
 *   a_t = β·a_{t−1} + g_t
 *   W_t = W_{t−1} − η_t·a_t
 * </pre>
 *
 * <p>Hyperparameters: {@code lr} η &gt; 0 (default 0.01), {@code momentum} β ∈ [0, 1)
 * (default 0.9). State: the velocity {@code a} (key {@code "V"}).
 *
 * <p>DL4J 1.0.0-M2.1 has no built-in twin: its {@code Nesterovs} is the look-ahead rule, and it
 * folds η into the velocity ({@code v ← μv − ηg}), which differs from this rule whenever η
 * changes during training. Here η multiplies the accumulated direction at every step, so a
 * learning-rate schedule acts at once, as in PyTorch.
 */
public final class Momentum extends OptimLabUpdater {

    public static final Hyperparameter LR = Hyperparameter.lr(0.01);
    public static final Hyperparameter MOMENTUM = Hyperparameter.momentum(0.9);
    /** Declared once: read by the constructor checks, the registry, {@code optimlab list}. */
    public static final List<Hyperparameter> HYPERPARAMETERS = List.of(LR, MOMENTUM);

    private double momentum;

    /** Default configuration (lr = 0.01, momentum = 0.9); also needed by Jackson. */
    public Momentum() {
        this(LR.defaultValue(), MOMENTUM.defaultValue());
    }

    public Momentum(double lr, double momentum) {
        super(LR.check("momentum", lr));
        this.momentum = MOMENTUM.check("momentum", momentum);
    }

    public double getMomentum() {
        return momentum;
    }

    @Override
    protected SlicedState<?> newState() {
        return new State(this);
    }

    @Override
    public Map<String, Double> hyperparameters() {
        return Hyperparameter.values(HYPERPARAMETERS, getLearningRate(), momentum);
    }

    static final class State extends SlicedState<Momentum> {
        State(Momentum config) {
            super(config, "V");
        }

        @Override
        protected void update(INDArray grad, double lr, int t) {
            new Pass(config.momentum, lr).run(grad, slot(0));
        }
    }

    /** a = β·a + g, update η·a. */
    private static final class Pass extends ElementwisePass {
        private final double beta;
        private final double lr;
        private final float fbeta;
        private final float flr;

        Pass(double beta, double lr) {
            this.beta = beta;
            this.lr = lr;
            this.fbeta = (float) beta;
            this.flr = (float) lr;
        }

        @Override
        void floats(float[][] t, int len) {
            float[] gt = t[0];
            float[] at = t[1];
            for (int i = 0; i < len; i++) {
                float ai = fbeta * at[i] + gt[i];
                at[i] = ai;
                gt[i] = flr * ai;
            }
        }

        @Override
        void doubles(Lanes[] l, int n) {
            for (int i = 0; i < n; i++) {
                double ai = beta * l[1].get(i) + l[0].get(i);
                l[1].set(i, ai);
                l[0].set(i, lr * ai);
            }
        }
    }
}
