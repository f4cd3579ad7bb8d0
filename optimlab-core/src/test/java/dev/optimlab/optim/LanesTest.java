package dev.optimlab.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.learning.config.IUpdater;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The single-pass loops see exactly the elements ND4J sees: views at an offset are read and
 * written in place, strided views and other types go through a copy and come back.
 */
class LanesTest {

    @ParameterizedTest
    @EnumSource(value = DataType.class, names = {"FLOAT", "DOUBLE", "HALF"})
    void viewsAtAnOffsetAndStridedViewsAreUpdatedInPlace(DataType type) {
        INDArray matrix = Nd4j.arange(24).castTo(type).reshape('c', 4, 6);
        INDArray expected = matrix.dup();
        INDArray row = matrix.get(NDArrayIndex.point(2), NDArrayIndex.all()); // offset 12, unit stride
        INDArray column = matrix.get(NDArrayIndex.all(), NDArrayIndex.point(3)); // stride 6
        // a reshaped view at an offset: rank 2, unit stride, still direct
        INDArray reshaped = matrix.get(NDArrayIndex.point(0), NDArrayIndex.all()).reshape('c', 2, 3);
        for (INDArray view : new INDArray[] {row, column, reshaped}) {
            Lanes lanes = Lanes.of(view);
            assertEquals(view.length(), lanes.length);
            for (int i = 0; i < lanes.length; i++) {
                assertEquals(view.getDouble(i), lanes.get(i), 0.0);
                lanes.set(i, 2 * lanes.get(i) + 1);
            }
            lanes.commit();
        }
        expected.get(NDArrayIndex.point(2), NDArrayIndex.all()).muli(2).addi(1);
        expected.get(NDArrayIndex.all(), NDArrayIndex.point(3)).muli(2).addi(1);
        expected.get(NDArrayIndex.point(0), NDArrayIndex.all()).muli(2).addi(1);
        assertEquals(expected, matrix, "only the three views may change, each exactly once");
    }

    /** Lion's float tile forms sign(c) without Math.signum: it must still be exactly ±lr, ±0 or NaN. */
    @org.junit.jupiter.api.Test
    void lionFloatSignIsExact() {
        float[] g = {0f, -0f, 3f, -2f, 1e-30f, -1e-30f, Float.MIN_VALUE * 16, Float.MAX_VALUE, Float.NaN};
        INDArray grad = Nd4j.createFromArray(g);
        new Lion(1e-4, 0.9, 0.99).instantiate(Nd4j.zeros(DataType.FLOAT, g.length), true).applyUpdater(grad, 0, 0);
        for (int i = 0; i < g.length; i++) {
            float expected = 1e-4f * Math.signum(0.9f * 0f + (float) (1 - 0.9) * g[i]);
            assertEquals(Float.floatToIntBits(expected), Float.floatToIntBits(grad.getFloat(i)), "g = " + g[i]);
        }
    }

    /** Sgd's BLAS path must honour a view's offset: the slice scaled exactly, its neighbours untouched. */
    @ParameterizedTest
    @EnumSource(value = DataType.class, names = {"FLOAT", "DOUBLE", "HALF"})
    void sgdScalesOnlyItsSliceOfTheFlatGradient(DataType type) {
        INDArray flat = Nd4j.rand(DataType.DOUBLE, 1000).castTo(type);
        INDArray expected = flat.dup();
        expected.get(NDArrayIndex.interval(300, 700)).muli(0.01);
        new Sgd(0.01).instantiate((INDArray) null, false).applyUpdater(flat.get(NDArrayIndex.interval(300, 700)), 0, 0);
        assertEquals(expected, flat);
    }

    @ParameterizedTest
    @EnumSource(value = DataType.class, names = {"FLOAT", "DOUBLE"})
    void updaterOnAStridedGradientEqualsUpdaterOnAContiguousCopy(DataType type) {
        double[][] g = UpdateSequence.gradients(5, 12, 31);
        Adam config = new Adam(0.01);
        var contiguous = config.instantiate(Nd4j.zeros(type, config.stateSize(12)), true);
        var strided = config.instantiate(Nd4j.zeros(type, config.stateSize(12)), true);
        for (int t = 0; t < g.length; t++) {
            INDArray a = Nd4j.createFromArray(g[t]).castTo(type);
            INDArray holder = Nd4j.zeros(type, 12, 2);
            INDArray b = holder.get(NDArrayIndex.all(), NDArrayIndex.point(1)); // stride 2
            b.assign(a);
            contiguous.applyUpdater(a, t, 0);
            strided.applyUpdater(b, t, 0);
            assertEquals(a, b, "step " + t);
            assertEquals(0.0, holder.get(NDArrayIndex.all(), NDArrayIndex.point(0)).amaxNumber().doubleValue(), 0.0,
                    "the neighbouring column must stay untouched");
        }
    }

    /**
     * FLOAT arrays take the tiled float loops, DOUBLE arrays the double loops that ReferenceTest
     * checks against the papers: over 2500 parameters (two full tiles and a remainder) both must
     * give the same updates to float rounding, in both variants, for every registered optimizer.
     */
    @ParameterizedTest
    @MethodSource("dev.optimlab.optim.OptimizerCases#names")
    void floatTilesAgreeWithDoubleLoops(String name) {
        double[][] g = UpdateSequence.gradients(30, 2500, 41);
        for (Variant variant : Variant.values()) {
            IUpdater updater = wide(Optimizers.updaterPart(name, Map.of(), variant), g[0].length);
            double err = UpdateSequence.maxRelDiff(UpdateSequence.updates(updater, g, DataType.FLOAT),
                    UpdateSequence.updates(updater, g, DataType.DOUBLE));
            // float32: 30 steps of a few roundings at 6e-8 each, relative to the step's largest update
            assertTrue(err <= 1e-5, name + " " + variant + ": float vs double, max rel |Δu| = " + err);
        }
    }

    /**
     * The copy path of {@link Lanes}, through every registered optimizer in both variants: with
     * the gradient and the whole state as strided views (stride 2), every lane is a copy that only
     * {@link Lanes#commit()} writes back, so the result must equal the contiguous run exactly in
     * double (and to float rounding in float32, where the copy computes in double).
     */
    @ParameterizedTest
    @MethodSource("dev.optimlab.optim.OptimizerCases#names")
    void stridedGradientAndStateEqualTheContiguousRun(String name) {
        double[][] g = UpdateSequence.gradients(6, 40, 43);
        for (Variant variant : Variant.values()) {
            IUpdater updater = wide(Optimizers.updaterPart(name, Map.of(), variant), g[0].length);
            for (DataType type : new DataType[] {DataType.DOUBLE, DataType.FLOAT}) {
                double[][] contiguous = UpdateSequence.updates(updater, g, type);
                double[][] strided = stridedUpdates(updater, g, type);
                double err = UpdateSequence.maxRelDiff(strided, contiguous);
                // double: the same operations in the same order; float32: double arithmetic rounded once
                double tol = type == DataType.DOUBLE ? 0.0 : 1e-6;
                assertTrue(err <= tol, name + " " + variant + " " + type + ": strided vs contiguous, max rel |Δu| = " + err);
            }
        }
    }

    /**
     * A per-layer optimizer as it runs on a [2 × n/2] weight matrix: its 2×2 left statistic is
     * well conditioned (a random square matrix's is not, and float vs double would then compare
     * the conditioning, not the code); a side over maxPreconditionerDim stays unpreconditioned.
     */
    private static IUpdater wide(IUpdater updater, int n) {
        return OptimizerCases.standalone(updater, 2, n / 2);
    }

    private static double[][] stridedUpdates(IUpdater updater, double[][] gradients, DataType type) {
        int n = gradients[0].length;
        long stateSize = updater.stateSize(n);
        INDArray stateHolder = Nd4j.zeros(type, Math.max(stateSize, 1), 2);
        INDArray state = stateSize == 0 ? null : stateHolder.get(NDArrayIndex.all(), NDArrayIndex.point(1));
        var u = OptimizerCases.started(updater.instantiate(state, true), n);
        double[][] out = new double[gradients.length][];
        for (int t = 0; t < gradients.length; t++) {
            INDArray holder = Nd4j.zeros(type, n, 2);
            INDArray grad = holder.get(NDArrayIndex.all(), NDArrayIndex.point(1));
            grad.assign(Nd4j.createFromArray(gradients[t]).castTo(type));
            u.applyUpdater(grad, t, 0);
            out[t] = grad.castTo(DataType.DOUBLE).toDoubleVector();
            assertEquals(0.0, holder.get(NDArrayIndex.all(), NDArrayIndex.point(0)).amaxNumber().doubleValue(), 0.0,
                    "the gradient's neighbouring column must stay untouched");
        }
        assertEquals(0.0, stateHolder.get(NDArrayIndex.all(), NDArrayIndex.point(0)).amaxNumber().doubleValue(), 0.0,
                "the state's neighbouring column must stay untouched");
        return out;
    }

    /**
     * HALF arrays go through the copy path (computed in double, stored in half): over a few steps
     * the updates must be the double run's to half precision, which a lost state write (a missing
     * commit) or a wrong cast would break by far more.
     */
    @ParameterizedTest
    @MethodSource("dev.optimlab.optim.OptimizerCases#names")
    void halfArraysGiveTheDoubleResultToHalfPrecision(String name) {
        double[][] g = new double[5][30];
        java.util.Random r = new java.util.Random(47);
        for (double[] row : g) {
            for (int i = 0; i < row.length; i++) {
                row[i] = (float) (0.5 + r.nextDouble()) * (r.nextBoolean() ? 1 : -1); // |g| in [0.5, 1.5): no subnormal halves
            }
        }
        for (Variant variant : Variant.values()) {
            IUpdater updater = wide(Optimizers.updaterPart(name, Map.of("lr", Optimizers.defaults(name).get("lr")), variant), g[0].length);
            double[][] half = UpdateSequence.updates(updater, g, DataType.HALF);
            double[][] dbl = UpdateSequence.updates(updater, g, DataType.DOUBLE);
            if (name.equals("prodigy")) {
                // out of reach in half: d, d̂_max and r live in the (half) state array, d0 = 1e-6 is subnormal there,
                // and d_{t+1} = r_t/‖s_t‖ divides sums that cancel, so d moves by O(1): only step 1 (d = d0) is compared
                half = java.util.Arrays.copyOf(half, 1);
                dbl = java.util.Arrays.copyOf(dbl, 1);
            }
            double err = UpdateSequence.maxRelDiff(half, dbl);
            // half: 2^-11 relative per rounding; state and update rounded each step, 5 steps, some headroom.
            // shampoo: its 15×15 right statistic has rank ≤ 10 after 5 steps, and half's rounding noise
            // (2^-11·‖R‖ ≫ matrixEpsilon = 1e-6) sets R^{-1/4} in the null space: the direction moves by a few %
            double bound = name.equals("shampoo") ? 1e-1 : 2e-2;
            assertTrue(err <= bound, name + " " + variant + ": half vs double, max rel |Δu| = " + err);
        }
    }
}
