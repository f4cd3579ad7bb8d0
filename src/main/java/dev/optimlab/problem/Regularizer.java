package dev.optimlab.problem;

import java.util.Map;

/**
 * One regularization technique of an arm, by registry name ({@code dropout}, {@code l2},
 * {@code batch-norm}, {@code mixup}, {@code early-stopping}, ...; see {@code Regularizers}), with
 * its hyperparameters, as OptimLab's component ({@code impl = optimlab}) or DL4J's built-in twin
 * ({@code impl = dl4j}, where {@link BuiltinRegularizers} has one).
 */
public record Regularizer(String name, String impl, Map<String, Double> hyperparameters) {

    public static final String EARLY_STOPPING = "early-stopping";

    public boolean builtin() {
        return impl.equals("dl4j");
    }
}
