package dev.optimlab.optim;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Proximal (implicit) decoupled weight decay: the step is taken first, then the weights are
 * shrunk by the proximal operator of (λ/2)‖w‖², as in Adan's reference code
 * ({@code sail-sg/Adan}, {@code no_prox=False}: {@code param.div_(1 + lr·weight_decay)}):
 *
 * <pre>
 *   W_t = (W_{t−1} − u) / (1 + η_t·λ)     ⇔     u ← (u + η_t·λ·W_{t−1}) / (1 + η_t·λ)
 * </pre>
 *
 * <p>To first order in η·λ this is {@link DecoupledWeightDecay}; unlike it, the step u itself is
 * shrunk too. η_t is the rate DL4J passes to the hook (the updater's scheduled rate).
 * Hyperparameter: {@code weightDecay} λ ≥ 0. Adds nothing to the score. Configure it per layer
 * (see {@link ParameterHook}).
 */
public final class ProximalWeightDecay extends WeightDecayHook {

    /** For Jackson. */
    public ProximalWeightDecay() {
    }

    public ProximalWeightDecay(double weightDecay) {
        super("proximal weight decay", Adan.WEIGHT_DECAY, weightDecay);
    }

    @Override
    public void apply(INDArray param, INDArray update, double lr, int iteration, int epoch) {
        double shrink = 1 + lr * weightDecay;
        update.addi(param.mul(lr * weightDecay)).divi(shrink);
    }

    @Override
    public boolean elementwise() {
        return true;
    }
}
