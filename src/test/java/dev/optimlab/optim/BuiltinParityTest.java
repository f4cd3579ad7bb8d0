package dev.optimlab.optim;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.IUpdater;

/** Same gradient sequence through the OptimLab updater and DL4J's built-in twin: same updates. */
class BuiltinParityTest {

    private static final int STEPS = 200;

    private static IUpdater ours(String name) {
        return Optimizers.create(name, Map.of("lr", 0.05), Variant.DL4J);
    }

    private static IUpdater theirs(String name) {
        return Optimizers.builtin(name, Map.of("lr", 0.05)).orElseThrow();
    }

    @ParameterizedTest
    @ValueSource(strings = {"sgd", "adam"})
    void doublePrecisionUpdatesMatchBuiltin(String name) {
        double[][] g = UpdateSequence.gradients(STEPS, 37, 7);
        double[][] a = UpdateSequence.updates(ours(name), g, DataType.DOUBLE);
        double[][] b = UpdateSequence.updates(theirs(name), g, DataType.DOUBLE);
        double err = UpdateSequence.maxAbsDiff(a, b);
        assertTrue(err <= 1e-12, name + ": max |Δu| = " + err);
    }

    @ParameterizedTest
    @ValueSource(strings = {"sgd", "adam"})
    void floatUpdatesMatchBuiltin(String name) {
        double[][] g = UpdateSequence.gradients(STEPS, 37, 8);
        double[][] a = UpdateSequence.updates(ours(name), g, DataType.FLOAT);
        double[][] b = UpdateSequence.updates(theirs(name), g, DataType.FLOAT);
        double err = UpdateSequence.maxRelDiff(a, b);
        assertTrue(err <= 1e-6, name + ": max relative |Δu| = " + err);
    }
}
