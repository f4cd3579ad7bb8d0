package dev.optimlab.optim;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Scalar arithmetic in the precision of the arrays being updated. DL4J's native updater ops cast
 * their hyperparameters to the array type before forming {@code 1 − β} or {@code β^t}; doing the
 * same keeps the DL4J-compatible variants equal to the built-ins in float up to the last bits.
 */
enum Precision {
    DOUBLE {
        @Override
        double round(double x) {
            return x;
        }
    },
    FLOAT {
        @Override
        double round(double x) {
            return (float) x;
        }
    };

    static Precision of(INDArray a) {
        return a.dataType() == DataType.DOUBLE ? DOUBLE : FLOAT;
    }

    abstract double round(double x);

    /** {@code 1 − x} computed in this precision. */
    double oneMinus(double x) {
        return round(1.0 - round(x));
    }

    /** {@code x^t} computed in this precision. */
    double pow(double x, int t) {
        return round(Math.pow(round(x), t));
    }
}
