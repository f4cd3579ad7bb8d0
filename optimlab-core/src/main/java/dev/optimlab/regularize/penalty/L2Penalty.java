package dev.optimlab.regularize.penalty;

import java.util.Map;

import dev.optimlab.optim.DeclaredValues;
import dev.optimlab.optim.DecoupledWeightDecay;
import dev.optimlab.optim.Hyperparameter;
import dev.optimlab.optim.Range;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.regularization.Regularization;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * Coupled L2 penalty (Tikhonov; "weight decay" in Hanson &amp; Pratt, "Comparing Biases for
 * Minimal Network Construction with Back-Propagation", NIPS 1988), applied to the gradient
 * <em>before</em> the updater:
 *
 * <pre>
 *   loss += ½·l2·‖θ‖²          g ← g + l2·θ          then u = updater(g)
 * </pre>
 *
 * <p>Because the penalty gradient passes through the updater, adaptive methods (Adam, RMSProp)
 * rescale it per coordinate, which is why it is not equivalent to weight decay for them
 * (Loshchilov &amp; Hutter 2019). Hyperparameter: {@code l2} ≥ 0, default 1e-4. Identical to
 * DL4J's {@code L2Regularization} (same step, same score ½·l2·‖θ‖²) and to PyTorch's
 * {@code weight_decay} argument of {@code SGD}/{@code Adam} (not of {@code AdamW}). The term is not
 * divided by the batch size: DL4J divides the loss gradient before regularization runs.
 */
public final class L2Penalty extends DeclaredValues implements Regularization {

    public static final Hyperparameter L2 = new Hyperparameter("l2", 1e-4, Range.NON_NEGATIVE,
            "coefficient λ of the penalty ½·λ·‖w‖²");

    @JsonProperty
    private double l2;

    /** Default coefficient; also needed by Jackson. */
    public L2Penalty() {
        this(L2.defaultValue());
    }

    public L2Penalty(double l2) {
        this.l2 = L2.check("l2", l2);
    }

    public double getL2() {
        return l2;
    }

    @Override
    public ApplyStep applyStep() {
        return ApplyStep.BEFORE_UPDATER;
    }

    @Override
    public void apply(INDArray param, INDArray gradView, double lr, int iteration, int epoch) {
        gradView.addi(param.mul(l2));
    }

    @Override
    public double score(INDArray param, int iteration, int epoch) {
        return DecoupledWeightDecay.halfSquaredNorm(l2, param);
    }

    @Override
    public Regularization clone() {
        return new L2Penalty(l2);
    }

    @Override
    protected Map<String, Object> values() {
        return keyed(L2, l2);
    }
}
