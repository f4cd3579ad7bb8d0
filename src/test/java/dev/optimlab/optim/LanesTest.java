package dev.optimlab.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
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
     * give the same updates to float rounding, in both variants.
     */
    @ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"sgd", "momentum", "adam", "nesterov", "adagrad",
            "adadelta", "rmsprop", "amsgrad", "adamax", "nadam", "adabelief", "radam", "lion", "lamb"})
    void floatTilesAgreeWithDoubleLoops(String name) {
        double[][] g = UpdateSequence.gradients(30, 2500, 41);
        for (Variant variant : Variant.values()) {
            var updater = Optimizers.create(name, java.util.Map.of("lr", name.equals("adadelta") ? 1.0 : 0.01), variant);
            double err = UpdateSequence.maxRelDiff(UpdateSequence.updates(updater, g, DataType.FLOAT),
                    UpdateSequence.updates(updater, g, DataType.DOUBLE));
            org.junit.jupiter.api.Assertions.assertTrue(err <= 1e-5, name + " " + variant + ": float vs double, max rel |Δu| = " + err);
        }
    }
}
