package dev.optimlab.optim;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.IUpdater;

/**
 * The DL4J variants where {@link BuiltinParityTest}'s Gaussian gradients never go: gradients with
 * exact zeros (a parameter no example touches, an unused embedding row), where a rule that divides
 * by a norm of past gradients meets 0/0 unless it guards as the built-in does; and the variant
 * shown by {@code toString}, which is all a log says about which form ran.
 */
class Dl4jVariantTest {

    /** The fixed sequence with parameter 0 always 0 and parameter 1 zero at the first steps. */
    private static double[][] gradientsWithZeros() {
        double[][] g = UpdateSequence.gradients(30, 9, 81);
        for (int t = 0; t < g.length; t++) {
            g[t][0] = 0;
            if (t < 3) {
                g[t][1] = 0;
            }
        }
        return g;
    }

    @ParameterizedTest
    @MethodSource("dev.optimlab.optim.OptimizerCases#withBuiltin")
    void exactZeroGradientsGiveTheBuiltinsUpdates(String name) {
        IUpdater ours = Optimizers.updaterPart(name, Map.of(), Variant.DL4J);
        IUpdater theirs = Optimizers.builtin(name, Map.of()).orElseThrow();
        double[][] g = gradientsWithZeros();
        for (DataType type : new DataType[] {DataType.DOUBLE, DataType.FLOAT}) {
            double[][] u = UpdateSequence.updates(ours, g, type);
            double err = UpdateSequence.maxRelDiff(u, UpdateSequence.updates(theirs, g, type));
            // BuiltinParityTest's bounds: double a few dozen roundings of 1.1e-16, float32 a few of 6e-8
            double tol = type == DataType.DOUBLE ? 1e-12 : 1e-5;
            assertTrue(err <= tol, name + " " + type + ": max relative |Δu| = " + err); // NaN fails too
            for (double[] step : u) {
                assertTrue(step[0] == 0, name + " " + type + ": a parameter with zero gradient moved: " + step[0]);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("dev.optimlab.optim.OptimizerCases#withBuiltin")
    void toStringShowsTheVariant(String name) {
        IUpdater paper = Optimizers.updaterPart(name, Map.of(), Variant.PAPER);
        IUpdater dl4j = Optimizers.updaterPart(name, Map.of(), Variant.DL4J);
        assertFalse(paper.toString().contains("[dl4j]"), paper.toString());
        // where both forms are one (SGD, AdaDelta) the configuration is the same and says so
        assertTrue(dl4j.toString().contains("[dl4j]") != paper.equals(dl4j), dl4j.toString());
    }

    /** A schedule shows in the description only when there is one. */
    @org.junit.jupiter.api.Test
    void toStringShowsAScheduleOnlyWhenSet() {
        OptimLabUpdater plain = (OptimLabUpdater) Optimizers.updaterPart("adam", Map.of());
        assertFalse(plain.toString().contains("schedule"), plain.toString());
        OptimLabUpdater scheduled = (OptimLabUpdater) plain.clone();
        scheduled.setLrAndSchedule(0.01, new org.nd4j.linalg.schedule.ExponentialSchedule(
                org.nd4j.linalg.schedule.ScheduleType.ITERATION, 0.01, 0.99));
        assertTrue(scheduled.toString().contains("[schedule="), scheduled.toString());
    }
}
