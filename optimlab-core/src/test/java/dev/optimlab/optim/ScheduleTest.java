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
        return OptimizerCases.names().filter(n -> Optimizers.updaterPart(n, Map.of()) instanceof OptimLabUpdater);
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.MethodSource("scheduled")
    void updateAtIterationIUsesScheduleValueAtI(String name) {
        if (OptimizerCases.requirements(name).contains(OptimLabUpdater.Requirement.NO_SCHEDULE)) {
            assertScheduleRefused(name);
            return;
        }
        for (DataType type : new DataType[] {DataType.DOUBLE, DataType.FLOAT}) {
            assertScheduled(name, type);
        }
    }

    /**
     * {@link OptimLabUpdater#updateLinearInLearningRate()} says what the updates do: where it is
     * true, halving η halves every update of a run; where it is false (the rate feeds the state),
     * some later update is not halved. In double, with a fixed rate.
     */
    @ParameterizedTest
    @org.junit.jupiter.params.provider.MethodSource("scheduled")
    void linearityFlagMatchesTheUpdates(String name) {
        OptimLabUpdater full = (OptimLabUpdater) OptimizerCases.standalone(Optimizers.updaterPart(name, Map.of("lr", 1.0)), 13);
        OptimLabUpdater half = (OptimLabUpdater) OptimizerCases.standalone(Optimizers.updaterPart(name, Map.of("lr", 0.5)), 13);
        double[][] g = UpdateSequence.gradients(20, 13, 22);
        for (double[] gt : g) { // a steady direction, so that Prodigy's d̂ = Σ⟨g, x₀ − x⟩/‖s‖₁ grows past d0
            for (int j = 0; j < gt.length; j++) {
                gt[j] += 1.0;
            }
        }
        double[][] expected = UpdateSequence.updates(full, g, DataType.DOUBLE);
        for (double[] step : expected) {
            for (int j = 0; j < step.length; j++) {
                step[j] *= 0.5;
            }
        }
        double err = UpdateSequence.maxRelDiff(UpdateSequence.updates(half, g, DataType.DOUBLE), expected);
        if (full.updateLinearInLearningRate()) {
            assertTrue(err <= 1e-13, name + ": declared linear in η, but halving η changed the updates by " + err);
        } else {
            assertTrue(err > 1e-6, name + ": declared not linear in η, but halving η halved every update (" + err + ")");
        }
    }

    /**
     * In float32 too: the tiled float loops must apply the schedule in the paper form (η on the
     * whole step), which only a schedule tells apart from DL4J's η folded into the state.
     */
    private static void assertScheduled(String name, DataType type) {
        ISchedule schedule = new StepSchedule(ScheduleType.ITERATION, 0.3, 0.5, 4);
        OptimLabUpdater unit = (OptimLabUpdater) OptimizerCases.standalone(Optimizers.updaterPart(name, Map.of("lr", 1.0)), 13);
        OptimLabUpdater scheduled = (OptimLabUpdater) OptimizerCases.standalone(Optimizers.updaterPart(name, Map.of("lr", 1.0)), 13);
        scheduled.setLrAndSchedule(1.0, schedule);
        double[][] g = UpdateSequence.gradients(20, 13, 21);
        double[][] base = UpdateSequence.updates(unit, g, type);
        double[][] expected = new double[base.length][];
        for (int i = 0; i < base.length; i++) {
            expected[i] = base[i].clone();
            for (int j = 0; j < expected[i].length; j++) {
                expected[i][j] *= schedule.valueAt(i, 0);
            }
        }
        double[][] actual = UpdateSequence.updates(scheduled, g, type);
        if (!unit.updateLinearInLearningRate()) {
            // the rate feeds the state (Prodigy's d), so only step 1 (d_1 = d0) scales with the schedule
            actual = new double[][] {actual[0]};
            expected = new double[][] {expected[0]};
        }
        double err = UpdateSequence.maxRelDiff(actual, expected);
        // double: one extra rounding of the product; float32: a few roundings at 6e-8 over 20 steps
        assertTrue(err <= (type == DataType.DOUBLE ? 1e-13 : 1e-5), name + " " + type + ": max relative |Δu| = " + err);
        // and the schedule really changed something (0.3 → 0.0047 over 20 iterations)
        assertTrue(UpdateSequence.maxAbsDiff(actual, java.util.Arrays.copyOf(base, actual.length))
                > 0.1 * UpdateSequence.maxAbsDiff(java.util.Arrays.copyOf(base, actual.length), new double[actual.length][base[0].length]),
                name + ": the schedule had no visible effect");
    }

    /**
     * An optimizer that declares {@link OptimLabUpdater.Requirement#NO_SCHEDULE} must refuse one
     * loudly, on both paths, naming itself, and keep its fixed rate; never ignore it.
     */
    private static void assertScheduleRefused(String name) {
        ISchedule schedule = new StepSchedule(ScheduleType.ITERATION, 0.3, 0.5, 4);
        OptimLabUpdater u = (OptimLabUpdater) Optimizers.updaterPart(name, Map.of("lr", 1.0));
        for (org.junit.jupiter.api.function.Executable set : new org.junit.jupiter.api.function.Executable[] {
            () -> u.setLrAndSchedule(1.0, schedule), () -> u.schedule(schedule)}) {
            String msg = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, set).getMessage();
            assertTrue(msg.startsWith(name + ": ") && msg.contains("schedule"), msg);
        }
        org.junit.jupiter.api.Assertions.assertNull(u.getLearningRateSchedule());
        org.junit.jupiter.api.Assertions.assertEquals(1.0, u.getLearningRate(9, 0), 0.0);
    }

    @org.junit.jupiter.api.Test
    void warmupCosineScheduleBoundsValueAndEquality() {
        WarmupCosineSchedule s = new WarmupCosineSchedule(ScheduleType.ITERATION, 0.1, 2, 10, 0.1); // minLr = lr allowed
        assertTrue(s.valueAt(20, 0) == 0.1);
        new WarmupCosineSchedule(ScheduleType.ITERATION, 0.1, 0, 1, 0.0); // no warm-up, minLr 0 allowed
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> new WarmupCosineSchedule(ScheduleType.ITERATION, 0.1, 2, 10, Math.nextUp(0.1)));
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> new WarmupCosineSchedule(ScheduleType.ITERATION, 0.1, 2, 10, -1e-12));
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> new WarmupCosineSchedule(ScheduleType.ITERATION, 0.1, -1, 10, 0.0));
        WarmupCosineSchedule a = new WarmupCosineSchedule(ScheduleType.EPOCH, 0.2, 3, 12, 0.01);
        org.junit.jupiter.api.Assertions.assertEquals(a, a.clone());
        org.junit.jupiter.api.Assertions.assertEquals(a.hashCode(), a.clone().hashCode());
        org.junit.jupiter.api.Assertions.assertEquals(0.2 * 2 / 3, a.valueAt(99, 1), 1e-15, "an EPOCH schedule reads the epoch");
        for (WarmupCosineSchedule b : new WarmupCosineSchedule[] {
            new WarmupCosineSchedule(ScheduleType.ITERATION, 0.2, 3, 12, 0.01), new WarmupCosineSchedule(ScheduleType.EPOCH, 0.3, 3, 12, 0.01),
            new WarmupCosineSchedule(ScheduleType.EPOCH, 0.2, 4, 12, 0.01), new WarmupCosineSchedule(ScheduleType.EPOCH, 0.2, 3, 13, 0.01),
            new WarmupCosineSchedule(ScheduleType.EPOCH, 0.2, 3, 12, 0.02)}) {
            org.junit.jupiter.api.Assertions.assertNotEquals(a, b);
            org.junit.jupiter.api.Assertions.assertNotEquals(a.toString(), b.toString());
        }
        org.junit.jupiter.api.Assertions.assertNotEquals(a, new Object());
    }
}
