package dev.optimlab.regularize.loss;

import java.util.Map;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Mean absolute error, ℓ = (1/K)·Σ_k |ŷ_k − y_k|, with subgradient sign(ŷ − y) (0 at a tie).
 * The maximum-likelihood loss under Laplace noise: it estimates the conditional median and is
 * robust to outliers in y. No hyperparameters.
 *
 * <p>Same score and gradient as DL4J's {@code LossMAE} and as PyTorch's
 * {@code nn.L1Loss(reduction='mean')}; spec name {@code mae}. One deliberate difference:
 * {@code LossMAE.computeScoreArray} returns the per-example <em>sum</em> over outputs while its
 * {@code computeScore} uses the mean; here both use the mean. Unlike DL4J's losses, the
 * {@code preOutput} argument is never modified (DL4J's {@code LossMSE} overwrites it in place for
 * non-identity activations).
 */
public final class MeanAbsoluteError extends ElementwiseLoss {

    @Override
    protected INDArray valueInPlace(INDArray residual) {
        return Transforms.abs(residual, false);
    }

    @Override
    protected INDArray derivativeInPlace(INDArray residual) {
        return Transforms.sign(residual, false);
    }

    @Override
    public String name() {
        return "mae";
    }

    @Override
    protected Map<String, Object> values() {
        return Map.of();
    }
}
