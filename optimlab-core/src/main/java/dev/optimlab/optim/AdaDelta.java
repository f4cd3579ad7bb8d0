package dev.optimlab.optim;

import java.util.List;

/**
 * ADADELTA (Zeiler, "ADADELTA: An Adaptive Learning Rate Method", arXiv:1212.5701, 2012,
 * Algorithm 1).
 *
 * <pre>
 *   E[g²]_t  = ρ·E[g²]_{t−1} + (1 − ρ)·g_t²
 *   Δ_t      = √(E[Δ²]_{t−1} + ε) / √(E[g²]_t + ε) · g_t
 *   E[Δ²]_t  = ρ·E[Δ²]_{t−1} + (1 − ρ)·Δ_t²
 *   W_t      = W_{t−1} − η·Δ_t
 * </pre>
 *
 * <p>The ratio of two RMS values has the units of the parameters, so the rule needs no learning
 * rate: the paper has none (η = 1). Like PyTorch's {@code torch.optim.Adadelta} this class
 * accepts {@code lr} η as a plain multiplier of the step, default 1.0, which leaves the
 * accumulated E[Δ²] untouched (it stores the unscaled Δ).
 *
 * <p>Hyperparameters (the paper's): {@code lr} η = 1.0, {@code rho} ρ = 0.95, {@code epsilon}
 * ε = 1e-6, inside both square roots. State: E[g²], E[Δ²] (keys {@code "msg"}, {@code "msdx"},
 * DL4J's layout).
 *
 * <p>DL4J's {@code AdaDelta} (ρ = 0.95, ε = 1e-6) is the paper's rule with no learning rate at
 * all; with η = 1 this class matches it exactly, so there is no separate DL4J variant. PyTorch
 * (lr = 1.0, ρ = 0.9, ε = 1e-6) is this rule with a different default ρ.
 */
public final class AdaDelta extends SquareAveragingUpdater {

    /** 1: the paper's rule, which has no learning rate; another η scales its step. */
    public static final Hyperparameter LR = Hyperparameter.lr(1.0);
    public static final Hyperparameter RHO = new Hyperparameter("rho", 0.95, Range.UNIT_HALF_OPEN,
            "decay rate ρ of the averages of squared gradients and squared steps");
    public static final Hyperparameter EPSILON = new Hyperparameter("epsilon", 1e-6, Range.POSITIVE,
            "ε inside both square roots");
    /** Declared once: read by the constructor checks, the registry, {@code optimlab list}. */
    public static final List<Hyperparameter> HYPERPARAMETERS = List.of(LR, RHO, EPSILON);

    /** The paper's configuration (no learning rate, ρ = 0.95, ε = 1e-6); also needed by Jackson. */
    public AdaDelta() {
        this(LR.defaultValue(), RHO.defaultValue(), EPSILON.defaultValue());
    }

    public AdaDelta(double lr, double rho, double epsilon) {
        super("adadelta", HYPERPARAMETERS, lr, rho, epsilon, null);
    }

    @Override
    protected SlicedState<?> newState() {
        return averagingState(Pass::new, true, "msg", "msdx");
    }

    /** E[g²] and E[Δx²] as ρ-averages, update η·√(E[Δx²] + ε)/√(E[g²] + ε)·g. */
    private static final class Pass extends ElementwisePass.Averaging {
        Pass(double rho, double c, double lr, double eps) {
            super(rho, c, lr, eps);
        }

        @Override
        void floats(float[][] t, int len) {
            float[] gt = t[0];
            float[] msgt = t[1];
            float[] msdxt = t[2];
            for (int i = 0; i < len; i++) {
                float gi = gt[i];
                float sg = frho * msgt[i] + fc * gi * gi;
                float sx = msdxt[i];
                float delta = (float) Math.sqrt(sx + feps) / (float) Math.sqrt(sg + feps) * gi;
                msgt[i] = sg;
                msdxt[i] = frho * sx + fc * delta * delta;
                gt[i] = flr * delta;
            }
        }

        @Override
        void doubles(Lanes[] l, int n) {
            for (int i = 0; i < n; i++) {
                double gi = l[0].get(i);
                double sg = rho * l[1].get(i) + c * gi * gi;
                double sx = l[2].get(i);
                double delta = Math.sqrt(sx + eps) / Math.sqrt(sg + eps) * gi;
                l[1].set(i, sg);
                l[2].set(i, rho * sx + c * delta * delta);
                l[0].set(i, lr * delta);
            }
        }
    }
}
