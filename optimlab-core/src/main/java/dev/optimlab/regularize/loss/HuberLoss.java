package dev.optimlab.regularize.loss;

import java.util.Map;

import dev.optimlab.optim.Hyperparameter;
import dev.optimlab.optim.Range;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * Huber loss (Huber, "Robust Estimation of a Location Parameter", Annals of Mathematical
 * Statistics 35(1), 1964), averaged over the K outputs:
 *
 * <pre>
 *   ℓ = (1/K)·Σ_k ρ_δ(ŷ_k − y_k),   ρ_δ(r) = ½·r²            if |r| ≤ δ
 *                                           δ·(|r| − ½·δ)   otherwise
 *   ∂ℓ/∂ŷ_k = clip(ŷ_k − y_k, −δ, δ) / K
 * </pre>
 *
 * Quadratic near zero, linear in the tails: MSE's smooth optimum with MAE's robustness. Hyperparameter
 * {@code delta} δ &gt; 0, default 1.0. Same as PyTorch's {@code nn.HuberLoss(delta)} with
 * {@code reduction='mean'} (and {@code SmoothL1Loss} when δ = 1); DL4J M2.1 has no Huber loss. Note
 * that with δ = 1 ρ is ½·r² near zero, half of DL4J's {@code LossMSE} term.
 */
public final class HuberLoss extends ElementwiseLoss {

    public static final Hyperparameter DELTA = new Hyperparameter("delta", 1.0, Range.POSITIVE,
            "threshold δ between the quadratic and the linear part");

    @JsonProperty
    private double delta;

    /** Default δ; also needed by Jackson. */
    public HuberLoss() {
        this(DELTA.defaultValue());
    }

    public HuberLoss(double delta) {
        this.delta = DELTA.check("huber", delta);
    }

    public double getDelta() {
        return delta;
    }

    @Override
    protected INDArray valueInPlace(INDArray residual) {
        INDArray abs = Transforms.abs(residual, false);
        INDArray clipped = Transforms.min(abs, delta, true);
        // ρ = c·(|r| − c/2) with c = min(|r|, δ) covers both branches in one expression.
        return abs.subi(clipped.mul(0.5)).muli(clipped);
    }

    @Override
    protected INDArray derivativeInPlace(INDArray residual) {
        return Transforms.max(Transforms.min(residual, delta, false), -delta, false);
    }

    @Override
    public String name() {
        return "huber";
    }

    @Override
    protected Map<String, Object> values() {
        return keyed(DELTA, delta);
    }
}
