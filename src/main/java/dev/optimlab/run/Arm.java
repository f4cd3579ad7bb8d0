package dev.optimlab.run;

import java.util.Map;

import org.nd4j.linalg.learning.config.IUpdater;

import dev.optimlab.optim.Optimizers;
import dev.optimlab.optim.Variant;

/**
 * One thing being compared: an optimizer by spec name with its hyperparameters, as this
 * project's updater ({@code impl = optimlab}) or DL4J's built-in twin ({@code impl = dl4j}).
 */
public record Arm(String name, String optimizer, String impl, Variant variant, Map<String, Double> hyperparameters) {

    public IUpdater updater() {
        return impl.equals("dl4j")
                ? Optimizers.builtin(optimizer, hyperparameters).orElseThrow()
                : Optimizers.create(optimizer, hyperparameters, variant);
    }

    /** Every hyperparameter in effect, defaults included. */
    public Map<String, Double> effectiveHyperparameters() {
        Map<String, Double> all = new java.util.TreeMap<>(Optimizers.defaults(optimizer));
        all.putAll(hyperparameters);
        return all;
    }
}
