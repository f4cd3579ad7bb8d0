package dev.optimlab.regularize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import dev.optimlab.optim.Hyperparameter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every registered regularizer is a value: built twice from the same hyperparameters it is equal
 * (same hash, same text), and changing any one hyperparameter makes it unequal. DL4J compares
 * layer configurations by value (JSON round trips, merged updater blocks), so an equality that
 * ignores a hyperparameter would go unnoticed until two settings were silently merged.
 */
class RegularizerContractTest {

    static Stream<Arguments> registered() {
        List<Arguments> out = new ArrayList<>();
        for (Regularizers.Kind k : Regularizers.Kind.values()) {
            for (String name : Regularizers.names(k)) {
                out.add(Arguments.of(k, name));
            }
        }
        return out.stream();
    }

    private static Object build(Regularizers.Kind kind, String name, Map<String, Double> hp) {
        return switch (kind) {
            case DROPOUT -> Regularizers.dropout(name, hp);
            case WEIGHT_NOISE -> Regularizers.weightNoise(name, hp);
            case PENALTY -> Regularizers.penalty(name, hp);
            case LOSS -> Regularizers.loss(name, hp);
            case NORM -> Regularizers.normLayer(name, hp, 64); // divisible by group norm's default 32 groups and by 16
            case AUGMENTATION -> Regularizers.augmentation(name, hp, 1);
        };
    }

    /**
     * The declared hyperparameters are the ones the component enforces: for every declared key a
     * value just outside the declared range is refused, naming the key.
     */
    @ParameterizedTest
    @MethodSource("registered")
    void everyDeclaredRangeIsEnforced(Regularizers.Kind kind, String name) {
        for (Hyperparameter h : Regularizers.declared(kind, name)) {
            double outside = switch (h.range()) {
                case POSITIVE, NON_NEGATIVE -> -1.0;
                case UNIT_CLOSED -> 1.5;
                case UNIT_HALF_OPEN -> 1.0;
                case UNIT_LEFT_OPEN, AT_LEAST_ONE -> 0.0;
            };
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> build(kind, name, Map.of(h.key(), outside)), name + "." + h.key() + " = " + outside);
            assertTrue(e.getMessage().contains(h.key()), name + ": " + e.getMessage());
            assertFalse(h.description().isBlank(), name + "." + h.key());
        }
    }

    private static boolean declaresEquals(Object o) throws NoSuchMethodException {
        return o instanceof List || o.getClass().getMethod("equals", Object.class).getDeclaringClass() != Object.class;
    }

    @ParameterizedTest
    @MethodSource("registered")
    void equalByValueAndUnequalWhenAnyHyperparameterChanges(Regularizers.Kind kind, String name) throws Exception {
        Map<String, Double> dflt = Regularizers.defaults(kind, name);
        Object a = build(kind, name, Map.of());
        Object b = build(kind, name, Map.of());
        if (!declaresEquals(a)) {
            assertEquals(Regularizers.Kind.AUGMENTATION, kind, name + ": only augmentations may lack value equality");
            return;
        }
        assertEquals(a, b, name);
        assertEquals(a.hashCode(), b.hashCode(), name);
        assertEquals(a.toString(), b.toString(), name);
        assertFalse(a.toString().isEmpty());
        assertNotEquals(a, new Object());
        for (String key : dflt.keySet()) {
            Object c = null;
            for (double v : new double[] {dflt.get(key) * 0.5, dflt.get(key) + 1, 0.5, 1, 0, 2}) {
                if (v == dflt.get(key)) {
                    continue;
                }
                Map<String, Double> hp = new HashMap<>(Map.of(key, v));
                try {
                    c = build(kind, name, hp);
                    break;
                } catch (IllegalArgumentException e) {
                    // not in range for this key; try the next value
                }
            }
            assertTrue(c != null, name + "." + key + ": no other value accepted");
            assertNotEquals(a, c, name + ": " + key + " must be part of equality");
        }
    }

    @Test
    void thereAreRegularizersOfEveryKind() {
        for (Regularizers.Kind k : Regularizers.Kind.values()) {
            assertFalse(Regularizers.names(k).isEmpty(), k.toString());
        }
    }
}
