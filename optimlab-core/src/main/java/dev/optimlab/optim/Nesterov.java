package dev.optimlab.optim;

/**
 * Nesterov's accelerated gradient (NAG) in the stochastic form of Sutskever, Martens, Dahl &amp;
 * Hinton, "On the importance of initialization and momentum in deep learning", ICML 2013,
 * eq. (3)–(4), rewritten so that only the gradient at the current parameters is needed.
 *
 * <p>The lecture's look-ahead rule {@code a ← βa − η∇L(W + βa); W ← W + a} becomes, with the
 * change of variables W' = W + βa (Bengio, Boulanger-Lewandowski &amp; Pascanu, ICASSP 2013, eq. 7):
 *
 * <pre>
 *   b_0 = 0
 *   b_t = μ·b_{t−1} + g_t
 *   W_t = W_{t−1} − η_t·(g_t + μ·b_t)
 * </pre>
 *
 * <p>Hyperparameters: {@code lr} η &gt; 0 (default 0.01), {@code momentum} μ ∈ [0, 1) (default
 * 0.9). State: one vector (key {@code "V"}, as DL4J's).
 *
 * <p>{@link Variant#PAPER} (default) is exactly PyTorch's {@code torch.optim.SGD(momentum=μ,
 * nesterov=True, dampening=0)}: η multiplies the whole step, so a learning-rate schedule acts at
 * once. DL4J's {@code Nesterovs} (defaults lr = 0.1, μ = 0.9) folds η into the velocity,
 * {@code v_t = μ·v_{t−1} − η_t·g_t}, {@code u = μ·v_{t−1} − (1 + μ)·v_t}; with a constant η this
 * is the same rule (v = −η·b), with a schedule old gradients keep the η they were taken with.
 * {@link Variant#DL4J} reproduces the built-in exactly (its state is then v, not b). DL4J's
 * separate momentum schedule is not offered.
 */
public final class Nesterov extends VelocityUpdater {

    /** Default configuration (lr = 0.01, momentum = 0.9); also needed by Jackson. */
    public Nesterov() {
        this(LR.defaultValue(), MOMENTUM.defaultValue(), Variant.PAPER);
    }

    public Nesterov(double lr, double momentum) {
        this(lr, momentum, Variant.PAPER);
    }

    public Nesterov(double lr, double momentum, Variant variant) {
        super("nesterov", lr, momentum, variant);
    }

    @Override
    ElementwisePass pass(double lr) {
        return new Pass(getMomentum(), lr, getVariant() == Variant.DL4J);
    }

    /** PAPER: b = μ·b + g, update η·(g + μ·b); DL4J: v = μ·v − η·g, update μ·v_prev − (1 + μ)·v. */
    private static final class Pass extends ElementwisePass {
        private final double mu;
        private final double lr;
        private final boolean dl4j;
        private final float fmu;
        private final float flr;
        private final float fOnePlusMu;

        Pass(double mu, double lr, boolean dl4j) {
            this.mu = mu;
            this.lr = lr;
            this.dl4j = dl4j;
            this.fmu = (float) mu;
            this.flr = (float) lr;
            this.fOnePlusMu = (float) (1 + mu);
        }

        @Override
        void floats(float[][] t, int len) {
            if (dl4j) {
                dl4jTile(t[0], t[1], len);
            } else {
                paperTile(t[0], t[1], len);
            }
        }

        private void dl4jTile(float[] gt, float[] bt, int len) {
            for (int i = 0; i < len; i++) {
                float vPrev = bt[i];
                float v = fmu * vPrev - flr * gt[i];
                bt[i] = v;
                gt[i] = fmu * vPrev - fOnePlusMu * v;
            }
        }

        private void paperTile(float[] gt, float[] bt, int len) {
            for (int i = 0; i < len; i++) {
                float gi = gt[i];
                float bi = fmu * bt[i] + gi;
                bt[i] = bi;
                gt[i] = flr * (gi + fmu * bi);
            }
        }

        @Override
        void doubles(Lanes[] l, int n) {
            Lanes g = l[0];
            Lanes b = l[1];
            for (int i = 0; i < n; i++) {
                if (dl4j) { // DL4J's form: η folded into the velocity, v = −η·b
                    double vPrev = b.get(i);
                    double v = mu * vPrev - lr * g.get(i);
                    b.set(i, v);
                    g.set(i, mu * vPrev - (1 + mu) * v);
                } else {
                    double gi = g.get(i);
                    double bi = mu * b.get(i) + gi;
                    b.set(i, bi);
                    g.set(i, lr * (gi + mu * bi));
                }
            }
        }
    }
}
