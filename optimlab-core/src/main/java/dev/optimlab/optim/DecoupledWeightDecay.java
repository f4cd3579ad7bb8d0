package dev.optimlab.optim;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Decoupled weight decay (Loshchilov &amp; Hutter, "Decoupled Weight Decay Regularization",
 * ICLR 2019, Algorithm 2, line 12): the decay is added to the update after the adaptive rule,
 * so it is not rescaled by the second-moment estimate as an L2 gradient term would be.
 *
 * <pre>
 *   u ← u + η_t·λ·w          (then DL4J does w ← w − u)
 * </pre>
 *
 * <p>With the elementwise {@link Adam} this is <b>AdamW</b>; with {@link Lion} it is Lion's
 * decay (Chen et al. 2023, Program 1). {@code η_t} is the learning rate DL4J passes to the hook,
 * i.e. the block updater's scheduled rate, so the decay follows the schedule: this is PyTorch's
 * {@code torch.optim.AdamW} ({@code p ← p − lr·λ·p}). The paper writes {@code η_t·λ·w} with
 * η_t the schedule multiplier and α the base rate; PyTorch's and DL4J's coupling to {@code lr}
 * is the usual reading and the one used here.
 *
 * <p>Hyperparameter: {@code weightDecay} λ ≥ 0 (registry defaults: 0.01 for adamw as in PyTorch,
 * 0 for lion). Identical to DL4J's
 * {@code org.nd4j.linalg.learning.regularization.WeightDecay(λ, applyLR=true)}, its score included:
 * unlike the other hooks it reports ½·λ·‖w‖² (as DL4J does), so that a network with this decay
 * and one with DL4J's twin report the same training objective. Also the {@code weight-decay}
 * penalty of {@code Regularizers}: the same term, whether it comes with an optimizer (AdamW, Lion)
 * or is added to any optimizer as a regularizer. <b>Configure it per layer</b>: DL4J 1.0.0-M2.1
 * adds custom regularizations set on the global builder twice, doubling λ.
 */
public final class DecoupledWeightDecay extends WeightDecayHook {

    /** AdamW's λ (PyTorch's default 0.01); {@link Lion} declares its own (0). */
    public static final Hyperparameter ADAMW_WEIGHT_DECAY = Hyperparameter.weightDecay(0.01,
            "decoupled weight decay λ, applied by a per-tensor hook");

    /** For Jackson. */
    public DecoupledWeightDecay() {
    }

    public DecoupledWeightDecay(double weightDecay) {
        super("decoupled weight decay", ADAMW_WEIGHT_DECAY, weightDecay);
    }

    @Override
    public void apply(INDArray param, INDArray update, double lr, int iteration, int epoch) {
        update.addi(param.mul(lr * weightDecay));
    }

    @Override
    public double score(INDArray param, int iteration, int epoch) {
        return halfSquaredNorm(weightDecay, param);
    }

    /**
     * ½·λ·‖w‖²: the term DL4J adds to the score for a coupled L2 penalty and for decoupled decay
     * alike, so that both report the same training objective as their DL4J twins.
     */
    public static double halfSquaredNorm(double lambda, INDArray w) {
        double n = w.norm2Number().doubleValue();
        return 0.5 * lambda * n * n;
    }

    @Override
    public boolean elementwise() {
        return true;
    }
}
