package dev.optimlab.optim;

import java.util.List;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Rectified Adam (Liu, Jiang, He, Chen, Liu, Gao, Han, "On the Variance of the Adaptive Learning
 * Rate and Beyond", ICLR 2020, Algorithm 2):
 *
 * <pre>
 *   m_t = β1·m_{t−1} + (1 − β1)·g_t,       v_t = β2·v_{t−1} + (1 − β2)·g_t²
 *   ρ_∞ = 2/(1 − β2) − 1,                 ρ_t = ρ_∞ − 2t·β2^t/(1 − β2^t)          (eq. 6/7)
 *   if ρ_t &gt; 5:  r_t = √[ (ρ_t − 4)(ρ_t − 2)ρ_∞ / ((ρ_∞ − 4)(ρ_∞ − 2)ρ_t) ]     (eq. 8)
 *                 u_t = η·r_t·√(1 − β2^t)/(1 − β1^t) · m_t/(√v_t + ε)
 *   else:         u_t = η·m_t/(1 − β1^t)          (un-rectified: SGD with momentum)
 * </pre>
 *
 * <p>Threshold: the rectified step is taken when ρ_t &gt; 5, i.e. un-rectified steps while
 * ρ_t ≤ 5, as in the authors' reference code ({@code N_sma >= 5}, differing only at the measure-
 * zero point ρ_t = 5) and PyTorch's {@code torch.optim.RAdam} ({@code rho_t > 5}). Algorithm 2 of
 * the paper writes ρ_t &gt; 4, where r_t is defined but its variance argument is weakest. With
 * β2 = 0.999 the first rectified step is t = 6.
 *
 * <p>ε sits outside the un-corrected √v_t (ε-hat form), as in the reference code and PyTorch;
 * the paper's l_t = √((1 − β2^t)/v_t) has no ε. Hyperparameters and defaults (the paper's, equal
 * to PyTorch's): {@code lr} η = 1e-3, {@code beta1} 0.9, {@code beta2} 0.999, {@code epsilon}
 * 1e-8. No weight decay (use {@code adamw}-style decay through {@link DecoupledWeightDecay} if
 * wanted). State: {@code M}, {@code V}. DL4J 1.0.0-M2.1 has no twin. One pass over g, m and v per
 * step ({@link AdamStep.Moments}), in float arithmetic for FLOAT arrays.
 */
public final class RAdam extends AdaptiveMomentUpdater {

    public static final Hyperparameter LR = Hyperparameter.lr(1e-3);
    public static final Hyperparameter EPSILON = Hyperparameter.epsilon(1e-8);
    /** Declared once: read by the constructor checks, the registry, {@code optimlab list}. */
    public static final List<Hyperparameter> HYPERPARAMETERS = declare(LR, EPSILON);
    /** Rectify only when the SMA length exceeds this (see the class comment). */
    public static final double RHO_THRESHOLD = 5.0;

    /** The paper's defaults; also needed by Jackson. */
    public RAdam() {
        this(LR.defaultValue(), BETA1.defaultValue(), BETA2.defaultValue(), EPSILON.defaultValue());
    }

    public RAdam(double lr, double beta1, double beta2, double epsilon) {
        super("radam", HYPERPARAMETERS, lr, beta1, beta2, epsilon, null);
    }

    /** ρ_t, the length of the approximated simple moving average at step t (eq. 7). */
    public static double rho(double beta2, int t) {
        double rhoInf = 2 / (1 - beta2) - 1;
        double b2t = Math.pow(beta2, t);
        return rhoInf - 2 * t * b2t / (1 - b2t);
    }

    @Override
    protected SlicedState<?> newState() {
        return new PassState<>(this, this::pass, "M", "V");
    }

    /**
     * The rectified step is Adam's kernel in the ε-hat form with step η·r_t·√(1 − β2^t)/(1 − β1^t);
     * the un-rectified one is the same pass with the update η·m_t/(1 − β1^t) (v still advances).
     */
    private ElementwisePass pass(INDArray g, double lr, int t) {
        double b1 = getBeta1();
        double b2 = getBeta2();
        double c1 = 1 - Math.pow(b1, t);
        double rhoInf = 2 / (1 - b2) - 1;
        double rhoT = rho(b2, t);
        boolean rectified = rhoT > RHO_THRESHOLD;
        double step = lr / c1;
        if (rectified) {
            double r = Math.sqrt((rhoT - 4) * (rhoT - 2) * rhoInf / ((rhoInf - 4) * (rhoInf - 2) * rhoT));
            step = lr * r * Math.sqrt(1 - Math.pow(b2, t)) / c1;
        }
        return new AdamStep.Moments(new double[] {b1, b2, 1 - b1, 1 - b2, step, 1.0}, getEpsilon(), rectified);
    }
}
