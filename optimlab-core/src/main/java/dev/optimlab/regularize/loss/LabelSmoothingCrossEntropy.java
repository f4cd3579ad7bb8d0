package dev.optimlab.regularize.loss;

import java.util.Map;

import dev.optimlab.optim.Hyperparameter;
import dev.optimlab.optim.Range;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.lossfunctions.LossUtil;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * Cross-entropy against label-smoothed targets (Szegedy, Vanhoucke, Ioffe, Shlens &amp; Wojna,
 * "Rethinking the Inception Architecture for Computer Vision", CVPR 2016, §7 "Model
 * Regularization via Label Smoothing"), over K classes with uniform prior u(k) = 1/K:
 *
 * <pre>
 *   q′_k = (1 − ε)·q_k + ε/K
 *   ℓ    = −Σ_k q′_k · log p_k,        p = activation(z), normally softmax
 *   ∂ℓ/∂z = p·Σ_k q′_k − q′             (softmax; = p − q′ when the labels sum to 1)
 * </pre>
 *
 * Hyperparameter {@code smoothing} ε in [0, 1], default 0.1 (the paper's value for ImageNet). ε = 0
 * is DL4J's {@code LossMCXENT}; equals PyTorch's {@code CrossEntropyLoss(label_smoothing=ε)} on
 * probability targets. Soft labels (e.g. from mixup) are accepted: the smoothing is applied to
 * whatever q is given. The score is the per-example sum over classes and the minibatch mean when
 * {@code average}; masks as in DL4J. Inside the log only, p is clipped below at 1e-10 (as
 * {@code LossMCXENT} does) so a zero probability gives a large finite score; the softmax gradient
 * uses the closed form and is not clipped.
 */
public final class LabelSmoothingCrossEntropy extends ScoreArrayLoss {

    public static final Hyperparameter SMOOTHING = new Hyperparameter("smoothing", 0.1, Range.UNIT_CLOSED,
            "smoothing ε: the label mass spread uniformly over the classes");
    private static final double LOG_CLIP = 1e-10;

    @JsonProperty
    private double smoothing;

    /** Default ε; also needed by Jackson. */
    public LabelSmoothingCrossEntropy() {
        this(SMOOTHING.defaultValue());
    }

    public LabelSmoothingCrossEntropy(double smoothing) {
        this.smoothing = SMOOTHING.check("label-smoothing", smoothing);
    }

    public double getSmoothing() {
        return smoothing;
    }

    private INDArray smoothed(INDArray labels) {
        return labels.mul(1.0 - smoothing).addi(smoothing / labels.size(1));
    }

    @Override
    public INDArray computeScoreArray(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask) {
        INDArray p = activationFn.getActivation(preOutput.dup(), true);
        INDArray logP = Transforms.log(Transforms.max(p, LOG_CLIP, false), false);
        INDArray terms = logP.muli(smoothed(labels)).negi();
        if (mask != null) {
            LossUtil.applyMask(terms, mask);
        }
        return terms.sum(true, 1);
    }

    @Override
    public INDArray computeGradient(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask) {
        INDArray q = smoothed(labels);
        INDArray p = activationFn.getActivation(preOutput.dup(), true);
        INDArray dLdz;
        if (activationFn instanceof ActivationSoftmax) {
            // The closed form avoids dividing by p, which underflows for confident wrong classes.
            dLdz = p.mulColumnVector(q.sum(true, 1)).subi(q);
        } else {
            dLdz = activationFn.backprop(preOutput.dup(), q.divi(p).negi()).getFirst();
        }
        if (mask != null) {
            LossUtil.applyMask(dLdz, mask);
        }
        return dLdz;
    }

    @Override
    public String name() {
        return "label-smoothing";
    }

    @Override
    protected Map<String, Object> values() {
        return keyed(SMOOTHING, smoothing);
    }
}
