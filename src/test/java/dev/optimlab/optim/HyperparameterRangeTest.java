package dev.optimlab.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;

import org.junit.jupiter.api.Test;

/** Values out of range fail when the configuration is built, with a message naming them. */
class HyperparameterRangeTest {

    private static String rejected(String name, Map<String, Double> hp) {
        return assertThrows(IllegalArgumentException.class, () -> Optimizers.create(name, hp)).getMessage();
    }

    @Test
    void outOfRangeValuesAreRejectedWithTheirRange() {
        assertEquals("adam: beta1 must be in [0, 1), got 1.5", rejected("adam", Map.of("beta1", 1.5)));
        assertEquals("rmsprop: rho must be in [0, 1), got 1.0", rejected("rmsprop", Map.of("rho", 1.0)));
        assertEquals("adagrad: epsilon must be in (0, inf), got 0.0", rejected("adagrad", Map.of("epsilon", 0.0)));
        assertEquals("adagrad: initialAccumulator must be in [0, inf), got -1.0",
                rejected("adagrad", Map.of("initialAccumulator", -1.0)));
        assertEquals("nesterov: momentum must be in [0, 1), got -0.1", rejected("nesterov", Map.of("momentum", -0.1)));
        assertEquals("adadelta: lr must be in (0, inf), got 0.0", rejected("adadelta", Map.of("lr", 0.0)));
        assertEquals("nadam: beta2 must be in [0, 1), got NaN", rejected("nadam", Map.of("beta2", Double.NaN)));
        assertEquals("adabelief: lr must be in (0, inf), got Infinity",
                rejected("adabelief", Map.of("lr", Double.POSITIVE_INFINITY)));
    }

    @Test
    void keysOfOtherOptimizersAreRejected() {
        String msg = rejected("adadelta", Map.of("beta1", 0.9));
        assertEquals("optimizer 'adadelta' has no hyperparameter 'beta1'; allowed: lr, rho, epsilon", msg);
    }

    @Test
    void twinsThatCannotExpressAValueSaySo() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Optimizers.builtin("adadelta", Map.of("lr", 0.5)));
        assertEquals("adadelta: DL4J's built-in has no learning rate; its twin needs lr = 1.0, got 0.5", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Optimizers.builtin("adagrad", Map.of("initialAccumulator", 0.1)));
        assertEquals("adagrad: initialAccumulator must be 0 in the DL4J variant (the built-in starts the"
                + " accumulator at 1e-6), got 0.1", e.getMessage());
    }
}
