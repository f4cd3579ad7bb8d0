package dev.optimlab.optim;

import java.util.LinkedHashMap;
import java.util.Map;

import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * A per-tensor hook whose one hyperparameter is a weight decay λ ≥ 0: the decoupled
 * ({@link DecoupledWeightDecay}), proximal ({@link ProximalWeightDecay}) and trust-ratio
 * ({@link LambTrustRatio}) decays. Holds λ (JSON key {@code weightDecay}), checks it through the
 * optimizer's declaration and reports it.
 */
public abstract class WeightDecayHook extends ParameterHook {

    /** λ; package-private so that the subclasses' rules read it as a field. */
    @JsonProperty
    double weightDecay;

    /** For Jackson. */
    protected WeightDecayHook() {
    }

    /**
     * @param component the name in the range-check message
     * @param declared  the declaration λ is checked through (its key is {@code weightDecay})
     */
    protected WeightDecayHook(String component, Hyperparameter declared, double weightDecay) {
        this.weightDecay = declared.check(component, weightDecay);
    }

    public double getWeightDecay() {
        return weightDecay;
    }

    @Override
    public Map<String, Double> hyperparameters() {
        return new LinkedHashMap<>(Map.of("weightDecay", weightDecay));
    }
}
