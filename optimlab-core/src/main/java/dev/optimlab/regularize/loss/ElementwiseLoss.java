package dev.optimlab.regularize.loss;

import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.lossfunctions.LossUtil;

/**
 * A regression loss of the form ℓ(y, ŷ) = (1/K)·Σ_k f(ŷ_k − y_k) over the K outputs of one example,
 * with ŷ = activation(z). The 1/K is DL4J's {@code LossMSE}/{@code LossMAE} convention: the score is
 * the per-example mean over outputs, then (when {@code average}) the mean over the minibatch, which
 * equals PyTorch's {@code reduction='mean'} over all elements. Masks (per example [N,1] or per
 * output [N,K]) zero the masked terms, as in DL4J.
 */
public abstract class ElementwiseLoss extends ScoreArrayLoss {

    /** f(r) elementwise, in place. */
    protected abstract INDArray valueInPlace(INDArray residual);

    /** f′(r) elementwise, in place. */
    protected abstract INDArray derivativeInPlace(INDArray residual);

    private INDArray residual(INDArray labels, INDArray preOutput, IActivation activationFn) {
        INDArray output = activationFn.getActivation(preOutput.dup(), true);
        return output.subi(labels);
    }

    @Override
    public INDArray computeScoreArray(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask) {
        INDArray perOutput = valueInPlace(residual(labels, preOutput, activationFn));
        if (mask != null) {
            LossUtil.applyMask(perOutput, mask);
        }
        return perOutput.sum(true, 1).divi(perOutput.size(1));
    }

    @Override
    public INDArray computeGradient(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask) {
        INDArray dLdOut = derivativeInPlace(residual(labels, preOutput, activationFn)).divi(labels.size(1));
        INDArray dLdz = activationFn.backprop(preOutput.dup(), dLdOut).getFirst();
        if (mask != null) {
            LossUtil.applyMask(dLdz, mask);
        }
        return dLdz;
    }
}
