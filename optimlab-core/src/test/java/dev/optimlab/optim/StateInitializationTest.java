package dev.optimlab.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.IUpdater;

/**
 * The {@code initialize} flag of DL4J's {@code instantiate}, for every registered optimizer: true
 * (a new network) must start from a fresh state whatever the array holds, false (a restored
 * network) must keep the state it is given and continue exactly. DL4J hands a new network a
 * zeroed array, so only a dirty array tells "initialised" from "left as it was".
 */
class StateInitializationTest {

    private static final int STEPS = 4;
    /** Any value no optimizer's fresh state holds everywhere. */
    private static final double DIRT = 0.7;

    /** name × {defaults, 2 draws} × {2 × 3, 3 × 2}: both orientations of a matrix for the per-tensor rules. */
    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        for (String name : Optimizers.names()) {
            List<Map<String, Double>> hps = List.of(Map.of(), OptimizerCases.draw(name, 0, Variant.PAPER),
                    OptimizerCases.draw(name, 1, Variant.PAPER));
            for (Map<String, Double> hp : hps) {
                out.add(Arguments.of(name, hp, 2, 3));
                out.add(Arguments.of(name, hp, 3, 2));
            }
        }
        return out.stream();
    }

    /** The updates of {@code u} for steps [from, to) of {@code g}, each step counted from 0. */
    private static double[][] run(GradientUpdater<?> u, double[][] g, int from, int to) {
        double[][] out = new double[to - from][];
        for (int t = from; t < to; t++) {
            INDArray grad = Nd4j.createFromArray(g[t].clone());
            u.applyUpdater(grad, t, 0);
            out[t - from] = grad.toDoubleVector();
        }
        return out;
    }

    private static GradientUpdater<?> instantiate(IUpdater u, INDArray view, boolean initialize, int n) {
        return OptimizerCases.started(u.instantiate(view, initialize), n);
    }

    private static INDArray view(IUpdater u, int n, double value) {
        long size = u.stateSize(n);
        return size == 0 ? null : Nd4j.valueArrayOf(new long[] {size}, value, DataType.DOUBLE);
    }

    @ParameterizedTest(name = "{0} {1} {2}x{3}")
    @MethodSource("cases")
    void initializeStartsFreshAndRestoreContinues(String name, Map<String, Double> hp, int rows, int cols) {
        int n = rows * cols;
        IUpdater u = OptimizerCases.standalone(Optimizers.updaterPart(name, hp), rows, cols);
        double[][] g = UpdateSequence.gradients(STEPS, n, 61 + rows);
        GradientUpdater<?> fresh = instantiate(u, view(u, n, 0), true, n);
        double[][] expected = run(fresh, g, 0, STEPS);

        // exact: the same operations on the same (zero) state
        assertArrayEquals(expected, run(instantiate(u, view(u, n, DIRT), true, n), g, 0, STEPS),
                name + ": initialize = true on a dirty state array must give the fresh run");

        INDArray first = view(u, n, 0);
        GradientUpdater<?> before = instantiate(u, first, true, n);
        run(before, g, 0, 2);
        INDArray saved = first == null ? null : first.dup();
        assertArrayEquals(java.util.Arrays.copyOfRange(expected, 2, STEPS),
                run(instantiate(u, saved, false, n), g, 2, STEPS),
                name + ": initialize = false must keep the saved state and continue the run");

        if (u instanceof OptimLabUpdater && !fresh.getState().isEmpty()) {
            Map<String, INDArray> dirty = new LinkedHashMap<>();
            fresh.getState().forEach((k, v) -> dirty.put(k, Nd4j.valueArrayOf(v.shape(), DIRT, DataType.DOUBLE)));
            assertArrayEquals(expected, run(OptimizerCases.started(u.instantiate(dirty, true), n), g, 0, STEPS),
                    name + ": initialize = true on a dirty state map must give the fresh run");
        }
    }

    /**
     * Shampoo with one side over {@code maxPreconditionerDim}: that side has no slots, so its
     * state map has no keys for it, and restoring from that map continues the view path's run.
     */
    @Test
    void shampooRestoresFromTheStateMapOfAOneSidedPreconditioner() {
        for (int[] shape : new int[][] {{2, 3}, {3, 2}}) {
            int n = shape[0] * shape[1];
            IUpdater u = OptimizerCases.standalone(
                    Optimizers.updaterPart("shampoo", Map.of("maxPreconditionerDim", 2.0)), shape[0], shape[1]);
            // m and v (n each), and L, L~ of the side of size 2 (4 each); the side of size 3 none
            assertEquals(2 * n + 2 * 4, u.stateSize(n));
            double[][] g = UpdateSequence.gradients(STEPS, n, 67);
            GradientUpdater<?> viewPath = instantiate(u, view(u, n, 0), true, n);
            run(viewPath, g, 0, 2);
            Map<String, INDArray> state = new LinkedHashMap<>();
            viewPath.getState().forEach((k, v) -> state.put(k, v.dup()));
            assertEquals(4, state.size(), "M, V and the preconditioned side's two slots: " + state.keySet());
            GradientUpdater<?> fromMap = u.instantiate(state, false);
            double[][] viaMap = run(fromMap, g, 2, STEPS);
            assertArrayEquals(run(viewPath, g, 2, STEPS), viaMap);
            assertTrue(viaMap[0][0] != 0, "a step was taken");
        }
    }
}
