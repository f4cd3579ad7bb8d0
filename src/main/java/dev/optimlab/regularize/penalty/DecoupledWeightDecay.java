package dev.optimlab.regularize.penalty;

import dev.optimlab.regularize.Interval;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.regularization.Regularization;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * Decoupled weight decay (Loshchilov &amp; Hutter, "Decoupled Weight Decay Regularization",
 * ICLR 2019, Algorithm 2 line 12), applied to the update <em>after</em> the updater:
 *
 * <pre>
 *   u ← updater(g) + η·λ·θ        (θ ← θ − u)
 * </pre>
 *
 * where η is the block's current learning rate (1 if the updater has none). The decay therefore
 * bypasses Adam's per-coordinate scaling. Hyperparameter: {@code weightDecay} λ ≥ 0, default
 * 1e-2 (PyTorch {@code AdamW}'s default). {@link #score} reports ½·λ·‖θ‖², as DL4J does, so that
 * network scores are comparable with {@link L2Penalty}.
 *
 * <p>Identical to DL4J's {@code WeightDecay(λ, applyLR=true)} and to PyTorch's {@code AdamW}
 * decay term (which multiplies by lr too). <b>Configure it per layer</b>
 * ({@code layerBuilder.regularization(list)}): DL4J 1.0.0-M2.1 adds any non-L1/L2 regularization
 * set on the global {@code NeuralNetConfiguration.Builder} to every layer twice, doubling λ
 * (DL4J-NOTES §3.2). {@code Regularizers.penalty} returns a list meant for per-layer use.
 */
public final class DecoupledWeightDecay implements Regularization {

    public static final double DEFAULT_WEIGHT_DECAY = 1e-2;

    @JsonProperty
    private double weightDecay;

    /** Default coefficient; also needed by Jackson. */
    public DecoupledWeightDecay() {
        this(DEFAULT_WEIGHT_DECAY);
    }

    public DecoupledWeightDecay(double weightDecay) {
        this.weightDecay = Interval.NON_NEGATIVE.check("weight-decay", "weightDecay", weightDecay);
    }

    public double getWeightDecay() {
        return weightDecay;
    }

    @Override
    public ApplyStep applyStep() {
        return ApplyStep.POST_UPDATER;
    }

    @Override
    public void apply(INDArray param, INDArray gradView, double lr, int iteration, int epoch) {
        gradView.addi(param.mul(weightDecay * lr));
    }

    @Override
    public double score(INDArray param, int iteration, int epoch) {
        double n = param.norm2Number().doubleValue();
        return 0.5 * weightDecay * n * n;
    }

    @Override
    public Regularization clone() {
        return new DecoupledWeightDecay(weightDecay);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DecoupledWeightDecay other && Double.compare(other.weightDecay, weightDecay) == 0;
    }

    @Override
    public int hashCode() {
        return Double.hashCode(weightDecay);
    }

    @Override
    public String toString() {
        return "DecoupledWeightDecay(weightDecay=" + weightDecay + ")";
    }
}
