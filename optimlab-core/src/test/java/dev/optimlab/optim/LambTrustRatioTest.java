package dev.optimlab.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * LAMB's trust ratio in its two forms: the fused two-pass loop (update and parameter laid out
 * alike, DL4J's case) against the ND4J-op form (taken when the layouts differ), on a tensor
 * larger than one tile, in float and double.
 */
class LambTrustRatioTest {

    @ParameterizedTest
    @EnumSource(value = DataType.class, names = {"FLOAT", "DOUBLE"})
    void fusedLoopEqualsOpForm(DataType type) {
        Drawn t = Drawn.of(type, 5);
        INDArray fused = t.update().dup('f');
        new LambTrustRatio(0.01).apply(t.param().dup('f'), fused, 1e-3, 0, 0); // same layout: the fused loop
        t.assertMatchesOpForm(fused);
    }

    /**
     * DL4J's case: weights and update are 'f'-ordered views at an offset inside flat parameter and
     * gradient buffers. The fused loop must write into the gradient buffer itself.
     */
    @ParameterizedTest
    @EnumSource(value = DataType.class, names = {"FLOAT", "DOUBLE"})
    void fusedLoopWritesThroughViewsOfFlatBuffers(DataType type) {
        Drawn t = Drawn.of(type, 7);
        INDArray param = t.param();
        INDArray update = t.update();
        int offset = 13;
        INDArray flatParams = Nd4j.zeros(type, 1, offset + param.length() + 5);
        INDArray flatGrad = Nd4j.zeros(type, 1, offset + update.length() + 5);
        INDArray paramView = view(flatParams, offset, param);
        INDArray updateView = view(flatGrad, offset, update);
        new LambTrustRatio(0.01).apply(paramView, updateView, 1e-3, 0, 0);
        INDArray written = flatGrad.get(NDArrayIndex.point(0), NDArrayIndex.interval(offset, offset + update.length()))
                .reshape('f', 30, 70);
        t.assertMatchesOpForm(written);
        assertEquals(0.0, flatGrad.get(NDArrayIndex.point(0), NDArrayIndex.interval(0, offset)).amaxNumber().doubleValue(),
                "elements before the view untouched");
    }

    /** An 'f'-ordered view of {@code values}' shape at {@code offset} in {@code flat}, holding those values. */
    private static INDArray view(INDArray flat, int offset, INDArray values) {
        INDArray v = flat.get(NDArrayIndex.point(0), NDArrayIndex.interval(offset, offset + values.length()))
                .reshape('f', values.shape());
        v.assign(values);
        assertTrue(v.isView(), "the test needs a view, as DL4J hands over");
        return v;
    }

    /** A 30×70 weight tensor and update (more than one tile) drawn from {@code seed}, in {@code type}. */
    private record Drawn(DataType type, INDArray param, INDArray update) {

        static Drawn of(DataType type, long seed) {
            Nd4j.getRandom().setSeed(seed);
            INDArray param = Nd4j.rand(DataType.DOUBLE, 30, 70).subi(0.5).castTo(type);
            INDArray update = Nd4j.rand(DataType.DOUBLE, 30, 70).subi(0.5).muli(1e-3).castTo(type);
            return new Drawn(type, param, update);
        }

        /** {@code fused}, the hooked update, equals the ND4J-op form's on these tensors, and differs from the update. */
        void assertMatchesOpForm(INDArray fused) {
            INDArray ops = update.dup('c');
            new LambTrustRatio(0.01).apply(param.dup('f'), ops, 1e-3, 0, 0); // layouts differ: the op form
            double scale = ops.amaxNumber().doubleValue();
            double err = fused.sub(ops).amaxNumber().doubleValue() / scale;
            System.out.println("lamb trust ratio " + type + ": fused vs ops, max rel |Δu| = " + err);
            assertTrue(err <= (type == DataType.FLOAT ? 1e-6 : 1e-12), type + ": " + err);
            assertTrue(fused.sub(update).amaxNumber().doubleValue() > 1e-3 * scale, "the hook must change the update");
        }
    }
}
