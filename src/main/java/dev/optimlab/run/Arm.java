package dev.optimlab.run;

import java.util.List;
import java.util.Map;

import dev.optimlab.optim.Optimizer;
import dev.optimlab.optim.Optimizers;
import dev.optimlab.optim.Variant;
import dev.optimlab.problem.Regularizer;

/**
 * One thing being compared: an optimizer by spec name with its hyperparameters, as this
 * project's updater ({@code impl = optimlab}) or DL4J's built-in twin ({@code impl = dl4j}),
 * plus how it is trained.
 *
 * @param training SAM, clipping and learning-rate schedule options (all optional)
 * @param regularizers the regularization techniques of this arm (empty: none)
 */
public record Arm(String name, String optimizer, String impl, Variant variant, Map<String, Double> hyperparameters,
                  Training training, List<Regularizer> regularizers) {

    /**
     * Training options that are not part of the updater.
     *
     * @param samRho SAM's neighbourhood radius ρ (Foret et al.), or null for ordinary steps
     * @param clipNorm the global gradient-norm bound c, or null for no clipping
     * @param warmupSteps linear warm-up steps of a warm-up + cosine schedule over the whole run, or null
     *                    for a constant learning rate
     */
    public record Training(Double samRho, Double clipNorm, Integer warmupSteps) {
        public static final Training PLAIN = new Training(null, null, null);
    }

    public Arm(String name, String optimizer, String impl, Variant variant, Map<String, Double> hyperparameters) {
        this(name, optimizer, impl, variant, hyperparameters, Training.PLAIN, List.of());
    }

    /** The arm's optimizer, updater and per-tensor hooks together (DL4J's built-in: the updater alone). */
    public Optimizer toOptimizer() {
        return impl.equals("dl4j")
                ? new Optimizer(optimizer, Optimizers.builtin(optimizer, hyperparameters).orElseThrow(), List.of())
                : Optimizers.optimizer(optimizer, hyperparameters, variant);
    }

    /** The arm's regularizer called {@code name}, if it has one. */
    public java.util.Optional<Regularizer> regularizer(String name) {
        return regularizers.stream().filter(r -> r.name().equals(name)).findFirst();
    }

    /** Every hyperparameter in effect, defaults included. */
    public Map<String, Double> effectiveHyperparameters() {
        Map<String, Double> all = new java.util.TreeMap<>(Optimizers.defaults(optimizer));
        all.putAll(hyperparameters);
        return all;
    }
}
