package dev.optimlab.regularize;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import dev.optimlab.optim.Hyperparameter;
import dev.optimlab.optim.Range;
import org.junit.jupiter.api.Test;

/**
 * Every registered regularizer's declared hyperparameters are the ones its component enforces:
 * the defaults build, and for every declared key a value just outside the declared range is
 * refused with a message naming the key.
 */
class RegularizerDeclarationTest {

    @Test
    void everyDeclaredRangeIsEnforced() {
        for (Regularizers.Kind kind : Regularizers.Kind.values()) {
            for (String name : Regularizers.names(kind)) {
                assertDoesNotThrow(() -> build(kind, name, Map.of()), name + " with its defaults");
                for (Hyperparameter h : Regularizers.declared(kind, name)) {
                    double outside = outside(h.range());
                    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                            () -> build(kind, name, Map.of(h.key(), outside)), name + "." + h.key() + " = " + outside);
                    assertTrue(e.getMessage().contains(h.key()), name + ": " + e.getMessage());
                    assertTrue(!h.description().isBlank(), name + "." + h.key());
                }
            }
        }
    }

    private static double outside(Range range) {
        return switch (range) {
            case POSITIVE, NON_NEGATIVE -> -1.0;
            case UNIT_CLOSED -> 1.5;
            case UNIT_HALF_OPEN -> 1.0;
            case UNIT_LEFT_OPEN, AT_LEAST_ONE -> 0.0;
        };
    }

    private static Object build(Regularizers.Kind kind, String name, Map<String, Double> hp) {
        return switch (kind) {
            case DROPOUT -> Regularizers.dropout(name, hp);
            case WEIGHT_NOISE -> Regularizers.weightNoise(name, hp);
            case PENALTY -> Regularizers.penalty(name, hp);
            case LOSS -> Regularizers.loss(name, hp);
            case NORM -> Regularizers.normLayer(name, hp, 64);
            case AUGMENTATION -> Regularizers.augmentation(name, hp, 1);
        };
    }
}
