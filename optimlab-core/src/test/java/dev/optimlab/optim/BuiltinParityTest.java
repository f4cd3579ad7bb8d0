package dev.optimlab.optim;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.linalg.schedule.ScheduleType;
import org.nd4j.linalg.schedule.StepSchedule;

/**
 * Same gradient sequence through the OptimLab updater (DL4J variant) and DL4J's built-in twin:
 * same updates, for every registered optimizer with a twin, at hyperparameters drawn from their
 * declared ranges ({@link OptimizerCases}), in double and float32.
 */
class BuiltinParityTest {

    private static final int STEPS = 80;

    /** Double: a few dozen roundings of 1.1e-16 per element and step, far below this bound. */
    private static final double DOUBLE_TOLERANCE = 1e-12;
    /** Float32: ε_float = 6e-8 times the few roundings where the loops and the native ops order differently. */
    private static final double FLOAT_TOLERANCE = 1e-5;

    static Stream<org.junit.jupiter.params.provider.Arguments> twinDraws() {
        return OptimizerCases.twinDraws();
    }

    @ParameterizedTest(name = "{0} {2} {1}")
    @MethodSource("twinDraws")
    void updatesMatchBuiltin(String name, Map<String, Double> hp, DataType type) {
        IUpdater ours = Optimizers.updaterPart(name, hp, Variant.DL4J);
        IUpdater theirs = Optimizers.builtin(name, hp).orElseThrow();
        double[][] g = UpdateSequence.gradients(STEPS, 37, 7 + hp.hashCode());
        double err = UpdateSequence.maxRelDiff(UpdateSequence.updates(ours, g, type), UpdateSequence.updates(theirs, g, type));
        double tol = type == DataType.DOUBLE ? DOUBLE_TOLERANCE : FLOAT_TOLERANCE;
        assertTrue(err <= tol, name + " " + type + " " + hp + ": max relative |Δu| = " + err);
    }

    static Stream<String> twinsWithLearningRate() {
        return OptimizerCases.withBuiltin().filter(n -> Optimizers.builtin(n, Map.of()).orElseThrow().hasLearningRate());
    }

    /** The DL4J variants read a schedule as the built-ins do (Nesterovs folds lr into its state). */
    @ParameterizedTest
    @MethodSource("twinsWithLearningRate")
    void scheduledUpdatesMatchBuiltin(String name) {
        ISchedule schedule = new StepSchedule(ScheduleType.ITERATION, 0.05, 0.5, 7);
        OptimLabUpdater ours = (OptimLabUpdater) Optimizers.updaterPart(name, Map.of(), Variant.DL4J);
        ours.setLrAndSchedule(0.05, schedule);
        IUpdater theirs = Optimizers.builtin(name, Map.of()).orElseThrow();
        theirs.setLrAndSchedule(0.05, schedule.clone());
        double[][] g = UpdateSequence.gradients(40, 11, 9);
        double err = UpdateSequence.maxAbsDiff(UpdateSequence.updates(ours, g, DataType.DOUBLE),
                UpdateSequence.updates(theirs, g, DataType.DOUBLE));
        assertTrue(err <= DOUBLE_TOLERANCE, name + " with a schedule: max |Δu| = " + err);
    }
}
