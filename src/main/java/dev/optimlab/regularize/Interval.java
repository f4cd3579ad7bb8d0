package dev.optimlab.regularize;

/**
 * The allowed interval of a regularizer hyperparameter, checked in constructors so that a bad
 * value fails at once with component, key, value and interval ("dropout: p must be in [0, 1),
 * got 1.5") instead of as NaNs mid-training. The same wording as {@code dev.optimlab.optim.Range};
 * a separate type because {@code regularize} depends on DL4J/ND4J alone.
 */
public enum Interval {
    /** (0, ∞). */
    POSITIVE("(0, inf)") {
        @Override
        boolean contains(double v) {
            return v > 0 && v < Double.POSITIVE_INFINITY;
        }
    },
    /** [0, ∞). */
    NON_NEGATIVE("[0, inf)") {
        @Override
        boolean contains(double v) {
            return v >= 0 && v < Double.POSITIVE_INFINITY;
        }
    },
    /** [0, 1): drop probabilities (1 would drop everything and make 1/(1−p) infinite). */
    UNIT_HALF_OPEN("[0, 1)") {
        @Override
        boolean contains(double v) {
            return v >= 0 && v < 1;
        }
    },
    /** [0, 1]: application probabilities, decay rates that may freeze statistics. */
    UNIT_CLOSED("[0, 1]") {
        @Override
        boolean contains(double v) {
            return v >= 0 && v <= 1;
        }
    };

    private final String text;

    Interval(String text) {
        this.text = text;
    }

    abstract boolean contains(double v);

    /** Returns {@code value} if it lies in this interval, else throws a message naming everything. */
    public double check(String component, String key, double value) {
        if (!contains(value)) {
            throw new IllegalArgumentException(component + ": " + key + " must be in " + text + ", got " + value);
        }
        return value;
    }

    @Override
    public String toString() {
        return text;
    }
}
