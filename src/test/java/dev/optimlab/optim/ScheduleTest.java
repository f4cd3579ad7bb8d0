package dev.optimlab.optim;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.linalg.schedule.ScheduleType;
import org.nd4j.linalg.schedule.StepSchedule;

/**
 * Learning-rate schedules take effect: in the paper forms the update is η_t times a direction
 * that does not depend on η, so with a schedule the update at iteration i must be
 * {@code schedule.valueAt(i, 0)} times the update of the same run with η = 1.
 */
class ScheduleTest {

    /** Every registered updater whose update is linear in η (Lookahead's sync step mixes steps). */
    static java.util.stream.Stream<String> scheduled() {
        return OptimizerCases.names().filter(n -> Optimizers.create(n, Map.of()) instanceof OptimLabUpdater);
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.MethodSource("scheduled")
    void updateAtIterationIUsesScheduleValueAtI(String name) {
        ISchedule schedule = new StepSchedule(ScheduleType.ITERATION, 0.3, 0.5, 4);
        OptimLabUpdater unit = (OptimLabUpdater) Optimizers.create(name, Map.of("lr", 1.0));
        OptimLabUpdater scheduled = (OptimLabUpdater) Optimizers.create(name, Map.of("lr", 1.0));
        scheduled.setLrAndSchedule(1.0, schedule);
        double[][] g = UpdateSequence.gradients(20, 13, 21);
        double[][] base = UpdateSequence.updates(unit, g, DataType.DOUBLE);
        double[][] expected = new double[base.length][];
        for (int i = 0; i < base.length; i++) {
            expected[i] = base[i].clone();
            for (int j = 0; j < expected[i].length; j++) {
                expected[i][j] *= schedule.valueAt(i, 0);
            }
        }
        double[][] actual = UpdateSequence.updates(scheduled, g, DataType.DOUBLE);
        double err = UpdateSequence.maxRelDiff(actual, expected);
        assertTrue(err <= 1e-13, name + ": max relative |Δu| = " + err);
        // and the schedule really changed something (0.3 → 0.0047 over 20 iterations)
        assertTrue(UpdateSequence.maxAbsDiff(actual, base) > 0.1 * UpdateSequence.maxAbsDiff(base, new double[base.length][base[0].length]),
                name + ": the schedule had no visible effect");
    }
}
