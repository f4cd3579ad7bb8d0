package dev.optimlab.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.IUpdater;

/**
 * The public getters a DL4J user reads ({@code getBeta1()}, {@code getRho()}, ...) return what the
 * optimizer was built with: for every registered optimizer, at drawn values, each declared
 * hyperparameter that has a {@code get<Key>()} getter ({@code getLearningRate()} for lr) returns the value {@code hyperparameters()}
 * reports for it.
 */
class AccessorTest {

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("paperDraws")
    void gettersReturnTheConfiguredHyperparameters(String name, Map<String, Double> hp, DataType type) {
        if (type != DataType.DOUBLE) {
            return; // the configuration does not depend on the data type; one draw set is enough
        }
        IUpdater updater = Optimizers.updaterPart(name, hp);
        Map<String, Double> declared = ((OptimLabUpdater) updater).hyperparameters();
        int checked = 0;
        for (Map.Entry<String, Double> e : declared.entrySet()) {
            Method getter = getter(updater, e.getKey());
            if (getter == null) {
                continue;
            }
            try {
                Object v = getter.invoke(updater);
                assertEquals(e.getValue(), ((Number) v).doubleValue(), name + "." + getter.getName() + "()");
                checked++;
            } catch (ReflectiveOperationException x) {
                throw new AssertionError(name + "." + getter.getName() + "()", x);
            }
        }
        assertTrue(checked > 0, name + ": no getter found for any of " + declared.keySet());
    }

    static java.util.stream.Stream<org.junit.jupiter.params.provider.Arguments> paperDraws() {
        return OptimizerCases.paperDraws().filter(a -> Optimizers.updaterPart((String) a.get()[0], Map.of()) instanceof OptimLabUpdater);
    }

    private static Method getter(Object o, String key) {
        String n = key.equals("lr") ? "getLearningRate" : "get" + Character.toUpperCase(key.charAt(0)) + key.substring(1);
        try {
            Method m = o.getClass().getMethod(n);
            return Number.class.isAssignableFrom(m.getReturnType()) || m.getReturnType().isPrimitive() ? m : null;
        } catch (NoSuchMethodException x) {
            return null;
        }
    }
}
