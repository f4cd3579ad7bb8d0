package dev.optimlab.optim;

import java.util.LinkedHashMap;
import java.util.Map;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * LAMB's layer-wise part (You et al., ICLR 2020, Algorithm 2, the x-update line), applied to one
 * weight tensor x after {@link Lamb} has produced {@code u = η·r}:
 *
 * <pre>
 *   s = r + λ·x,     q = ‖x‖/‖s‖  (q = 1 if ‖x‖ = 0 or ‖s‖ = 0)
 *   u ← η·q·s
 * </pre>
 *
 * <p>r is recovered as {@code u/η} with η the rate DL4J passes to the hook, which is the same
 * scheduled rate the updater used, so the relative rounding cost is one ulp. Norms are Frobenius
 * norms over the whole tensor (the paper's "layer" is a parameter tensor). Hyperparameter:
 * {@code weightDecay} λ ≥ 0 (default 0.01).
 */
public final class LambTrustRatio extends ParameterHook {

    @JsonProperty
    private double weightDecay;

    /** For Jackson. */
    public LambTrustRatio() {
    }

    public LambTrustRatio(double weightDecay) {
        this.weightDecay = Range.NON_NEGATIVE.check("lamb", "weightDecay", weightDecay);
    }

    public double getWeightDecay() {
        return weightDecay;
    }

    @Override
    public void apply(INDArray param, INDArray update, double lr, int iteration, int epoch) {
        if (lr == 0) {
            return; // r cannot be recovered, and a zero rate moves nothing anyway
        }
        INDArray s = update.div(lr).addi(param.mul(weightDecay));
        double wNorm = param.norm2Number().doubleValue();
        double sNorm = s.norm2Number().doubleValue();
        double ratio = wNorm > 0 && sNorm > 0 ? wNorm / sNorm : 1.0;
        update.assign(s.muli(lr * ratio));
    }

    @Override
    public Map<String, Double> hyperparameters() {
        Map<String, Double> hp = new LinkedHashMap<>();
        hp.put("weightDecay", weightDecay);
        return hp;
    }

    @Override
    public LambTrustRatio clone() {
        return new LambTrustRatio(weightDecay);
    }
}
