package dev.optimlab.optim;

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
public final class Momentum extends VelocityUpdater {

    /** Default configuration (lr = 0.01, momentum = 0.9); also needed by Jackson. */
    public Momentum() {
        this(LR.defaultValue(), MOMENTUM.defaultValue());
    }

    public Momentum(double lr, double momentum) {
        super("momentum", lr, momentum, null);
    }

    @Override
    ElementwisePass pass(double lr) {
        return new Pass(getMomentum(), lr);
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
