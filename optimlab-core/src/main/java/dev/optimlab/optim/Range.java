package dev.optimlab.optim;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The allowed interval of a hyperparameter of an optimizer or a regularizer, checked when a
 * configuration is built so that a bad value fails at once with its name, value and allowed range
 * ("dropout: p must be in [0, 1), got 1.5") instead of as NaNs mid-training.
 */
public enum Range {
    /** (0, ∞): learning rates, ε. */
    POSITIVE("(0, inf)") {
        @Override
        boolean contains(double v) {
            return v > 0 && v < Double.POSITIVE_INFINITY;
        }
    },
    /** [0, ∞): weight decay, initial accumulator values. */
    NON_NEGATIVE("[0, inf)") {
        @Override
        boolean contains(double v) {
            return v >= 0 && v < Double.POSITIVE_INFINITY;
        }
    },
    /** [0, 1]: application probabilities, decay rates that may freeze statistics. */
    UNIT_CLOSED("[0, 1]") {
        @Override
        boolean contains(double v) {
            return v >= 0 && v <= 1;
        }
    },
    /** (0, 1]: interpolation factors (Lookahead's α). */
    UNIT_LEFT_OPEN("(0, 1]") {
        @Override
        boolean contains(double v) {
            return v > 0 && v <= 1;
        }
    },
    /** [1, ∞): counts such as Lookahead's k. */
    AT_LEAST_ONE("[1, inf)") {
        @Override
        boolean contains(double v) {
            return v >= 1 && v < Double.POSITIVE_INFINITY;
        }
    },
    /** [0, 1): decay rates β1, β2, ρ, momentum coefficients, drop probabilities. */
    UNIT_HALF_OPEN("[0, 1)") {
        @Override
        boolean contains(double v) {
            return v >= 0 && v < 1;
        }
    };

    /** While {@link #declaredBy} runs on this thread: key → range of every check made. */
    private static final ThreadLocal<Map<String, Range>> DECLARED = new ThreadLocal<>();

    private final String text;

    Range(String text) {
        this.text = text;
    }

    abstract boolean contains(double v);

    /** Returns {@code value} if it lies in this range, else throws a message naming everything. */
    public double check(String component, String key, double value) {
        Map<String, Range> declared = DECLARED.get();
        if (declared != null) {
            declared.putIfAbsent(key, this);
        }
        if (!contains(value)) {
            throw new IllegalArgumentException(
                    component + ": " + key + " must be in " + text + ", got " + value);
        }
        return value;
    }

    /**
     * The ranges that {@code build} checks, by key: how the registry reads the ranges each
     * configuration declares in its constructor, without a second list to keep in step.
     */
    static Map<String, Range> declaredBy(Runnable build) {
        Map<String, Range> outer = DECLARED.get();
        Map<String, Range> declared = new LinkedHashMap<>();
        DECLARED.set(declared);
        try {
            build.run();
        } finally {
            DECLARED.set(outer);
        }
        return declared;
    }

    @Override
    public String toString() {
        return text;
    }
}
