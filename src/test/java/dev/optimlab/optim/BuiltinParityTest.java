package dev.optimlab.optim;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.linalg.schedule.ScheduleType;
import org.nd4j.linalg.schedule.StepSchedule;

/** Same gradient sequence through the OptimLab updater and DL4J's built-in twin: same updates. */
class BuiltinParityTest {

    private static final int STEPS = 200;

    /** lr = 0.05 for every rule that has one; AdaDelta's twin has none, so it keeps lr = 1. */
    static Map<String, Double> hyperparameters(String name) {
        return name.equals("adadelta") ? Map.of() : Map.of("lr", 0.05);
    }

    private static IUpdater ours(String name) {
        return Optimizers.create(name, hyperparameters(name), Variant.DL4J);
    }

    private static IUpdater theirs(String name) {
        return Optimizers.builtin(name, hyperparameters(name)).orElseThrow();
    }

    @ParameterizedTest
    @ValueSource(strings = {"sgd", "adam", "nesterov", "adagrad", "adadelta", "rmsprop", "amsgrad", "adamax",
            "nadam", "adabelief"})
    void doublePrecisionUpdatesMatchBuiltin(String name) {
        double[][] g = UpdateSequence.gradients(STEPS, 37, 7);
        double[][] a = UpdateSequence.updates(ours(name), g, DataType.DOUBLE);
        double[][] b = UpdateSequence.updates(theirs(name), g, DataType.DOUBLE);
        double err = UpdateSequence.maxAbsDiff(a, b);
        System.out.printf("parity double %-10s max |du| = %.3g%n", name, err);
        assertTrue(err <= 1e-12, name + ": max |Δu| = " + err);
    }

    @ParameterizedTest
    @ValueSource(strings = {"sgd", "adam", "nesterov", "adagrad", "adadelta", "rmsprop", "amsgrad", "adamax",
            "nadam", "adabelief"})
    void floatUpdatesMatchBuiltin(String name) {
        double[][] g = UpdateSequence.gradients(STEPS, 37, 8);
        double[][] a = UpdateSequence.updates(ours(name), g, DataType.FLOAT);
        double[][] b = UpdateSequence.updates(theirs(name), g, DataType.FLOAT);
        double err = UpdateSequence.maxRelDiff(a, b);
        System.out.printf("parity float  %-10s max rel |du| = %.3g%n", name, err);
        assertTrue(err <= 1e-6, name + ": max relative |Δu| = " + err);
    }

    /** The DL4J variants read a schedule as the built-ins do (Nesterovs folds lr into its state). */
    @ParameterizedTest
    @ValueSource(strings = {"sgd", "adam", "nesterov", "adagrad", "rmsprop", "amsgrad", "adamax", "nadam",
            "adabelief"})
    void scheduledUpdatesMatchBuiltin(String name) {
        ISchedule schedule = new StepSchedule(ScheduleType.ITERATION, 0.05, 0.5, 7);
        OptimLabUpdater ours = (OptimLabUpdater) ours(name);
        ours.setLrAndSchedule(0.05, schedule);
        IUpdater theirs = theirs(name);
        theirs.setLrAndSchedule(0.05, schedule.clone());
        double[][] g = UpdateSequence.gradients(40, 11, 9);
        double err = UpdateSequence.maxAbsDiff(UpdateSequence.updates(ours, g, DataType.DOUBLE),
                UpdateSequence.updates(theirs, g, DataType.DOUBLE));
        assertTrue(err <= 1e-12, name + " with a schedule: max |Δu| = " + err);
    }
}
