package dev.optimlab.optim;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One hyperparameter of an optimizer, declared once: its spec key, default, allowed range and
 * meaning. The configuration's constructor checks values through it ({@link #check}), the
 * registry takes its defaults from it ({@link #defaults}), and {@code optimlab list} and the
 * docs print it, so the four never disagree.
 */
public record Hyperparameter(String key, double defaultValue, Range range, String description) {

    public Hyperparameter {
        if (!range.contains(defaultValue)) {
            throw new IllegalArgumentException(key + ": default " + defaultValue + " outside its range " + range);
        }
    }

    /** Returns {@code value} if it lies in the range, else throws naming {@code component}, key, value and range. */
    public double check(String component, double value) {
        return range.check(component, key, value);
    }

    /** The learning rate η with the optimizer's default. */
    static Hyperparameter lr(double defaultValue) {
        return new Hyperparameter("lr", defaultValue, Range.POSITIVE, "learning rate η");
    }

    /** The denominator's ε with the optimizer's default. */
    static Hyperparameter epsilon(double defaultValue) {
        return new Hyperparameter("epsilon", defaultValue, Range.POSITIVE, "ε added to the denominator for numerical stability");
    }

    /** A momentum coefficient μ ∈ [0, 1) with the optimizer's default. */
    static Hyperparameter momentum(double defaultValue) {
        return new Hyperparameter("momentum", defaultValue, Range.UNIT_HALF_OPEN, "momentum coefficient μ");
    }

    /** A decoupled weight decay λ ≥ 0 with its default and what it decays. */
    static Hyperparameter weightDecay(double defaultValue, String description) {
        return new Hyperparameter("weightDecay", defaultValue, Range.NON_NEGATIVE, description);
    }

    /**
     * A configuration's values under the declared keys, in declaration order: what its
     * {@code hyperparameters()} returns, so that the keys are written once, in the declaration.
     * The configuration's own keys come first in a declaration; keys that only its per-tensor
     * hooks read (a decoupled {@code weightDecay}) come after them and have no value here.
     */
    public static Map<String, Double> values(List<Hyperparameter> declared, double... values) {
        if (values.length > declared.size()) {
            throw new IllegalArgumentException(values.length + " values for the " + declared.size()
                    + " declared hyperparameters " + declared);
        }
        Map<String, Double> m = new LinkedHashMap<>();
        for (int i = 0; i < values.length; i++) {
            m.put(declared.get(i).key(), values[i]);
        }
        return m;
    }

    /** Key → default, in declaration order. */
    public static Map<String, Double> defaults(List<Hyperparameter> declared) {
        Map<String, Double> m = new LinkedHashMap<>();
        for (Hyperparameter h : declared) {
            m.put(h.key(), h.defaultValue());
        }
        return m;
    }

    @Override
    public String toString() {
        return key + " = " + defaultValue + " in " + range + ": " + description;
    }
}
