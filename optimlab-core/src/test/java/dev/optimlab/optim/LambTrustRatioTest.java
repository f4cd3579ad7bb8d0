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
        Drawn d = Drawn.of(5, type);
        INDArray fused = d.update().dup('f');
        new LambTrustRatio(0.01).apply(d.param().dup('f'), fused, 1e-3, 0, 0); // same layout: the fused loop
        assertMatchesOpForm(type, d.param(), d.update(), fused);
    }

    /**
     * DL4J's case: weights and update are 'f'-ordered views at an offset inside flat parameter and
     * gradient buffers. The fused loop must write into the gradient buffer itself.
     */
    @ParameterizedTest
    @EnumSource(value = DataType.class, names = {"FLOAT", "DOUBLE"})
    void fusedLoopWritesThroughViewsOfFlatBuffers(DataType type) {
        Drawn d = Drawn.of(7, type);
        INDArray param = d.param();
        INDArray update = d.update();
        int offset = 13;
        INDArray flatParams = Nd4j.zeros(type, 1, offset + param.length() + 5);
        INDArray flatGrad = Nd4j.zeros(type, 1, offset + update.length() + 5);
        INDArray paramView = view(flatParams, offset, param);
        INDArray updateView = view(flatGrad, offset, update);
        new LambTrustRatio(0.01).apply(paramView, updateView, 1e-3, 0, 0);
        INDArray written = flatGrad.get(NDArrayIndex.point(0), NDArrayIndex.interval(offset, offset + update.length()))
                .reshape('f', 30, 70);
        assertMatchesOpForm(type, param, update, written);
        assertEquals(0.0, flatGrad.get(NDArrayIndex.point(0), NDArrayIndex.interval(0, offset)).amaxNumber().doubleValue(),
                "elements before the view untouched");
    }

    /** A 30×70 parameter tensor and an update of size ~1e-3, drawn from {@code seed}. */
    private record Drawn(INDArray param, INDArray update) {
        static Drawn of(long seed, DataType type) {
            Nd4j.getRandom().setSeed(seed);
            return new Drawn(Nd4j.rand(DataType.DOUBLE, 30, 70).subi(0.5).castTo(type),
                    Nd4j.rand(DataType.DOUBLE, 30, 70).subi(0.5).muli(1e-3).castTo(type));
        }
    }

    /** An 'f'-ordered view of {@code values}' shape at {@code offset} in {@code flat}, holding those values. */
    private static INDArray view(INDArray flat, int offset, INDArray values) {
        INDArray v = flat.get(NDArrayIndex.point(0), NDArrayIndex.interval(offset, offset + values.length()))
                .reshape('f', values.shape());
        v.assign(values);
        assertTrue(v.isView(), "the test needs a view, as DL4J hands over");
        return v;
    }

    private static void assertMatchesOpForm(DataType type, INDArray param, INDArray update, INDArray fused) {
        INDArray ops = update.dup('c');
        new LambTrustRatio(0.01).apply(param.dup('f'), ops, 1e-3, 0, 0); // layouts differ: the op form
        double scale = ops.amaxNumber().doubleValue();
        double err = fused.sub(ops).amaxNumber().doubleValue() / scale;
        System.out.println("lamb trust ratio " + type + ": fused vs ops, max rel |Δu| = " + err);
        assertTrue(err <= (type == DataType.FLOAT ? 1e-6 : 1e-12), type + ": " + err);
        assertTrue(fused.sub(update).amaxNumber().doubleValue() > 1e-3 * scale, "the hook must change the update");
    }

    /**
     * The fused loop's float arithmetic exactly, written out here: s = u/η + λx per element in float, the two
     * squared norms summed in double, the scale η·q rounded to float once. The op form rounds differently
     * (its norms are ND4J's float reductions), so equality to the last bit also shows that the fused loop, not
     * the op form, ran for DL4J's layout.
     */
    @org.junit.jupiter.api.Test
    void fusedFloatLoopIsTheDocumentedFloatArithmetic() {
        Drawn d = Drawn.of(11, DataType.FLOAT);
        float[] x = d.param().dup('f').data().asFloat();
        float[] u = d.update().dup('f').data().asFloat();
        float lr = 1e-3f;
        float wd = 0.01f;
        double xx = 0;
        double ss = 0;
        for (int i = 0; i < u.length; i++) {
            double si = u[i] / lr + wd * x[i];
            xx += (double) x[i] * x[i];
            ss += si * si;
        }
        float scale = (float) (1e-3 * (Math.sqrt(xx) / Math.sqrt(ss)));
        INDArray fused = d.update().dup('f');
        new LambTrustRatio(0.01).apply(d.param().dup('f'), fused, 1e-3, 0, 0);
        float[] got = fused.data().asFloat();
        int differing = 0;
        for (int i = 0; i < u.length; i++) {
            float expected = scale * (u[i] / lr + wd * x[i]);
            differing += Float.floatToIntBits(expected) == Float.floatToIntBits(got[i]) ? 0 : 1;
        }
        assertEquals(0, differing, "elements differing from the documented float arithmetic, of " + u.length);
        INDArray ops = d.update().dup('c');
        new LambTrustRatio(0.01).apply(d.param().dup('f'), ops, 1e-3, 0, 0);
        assertTrue(fused.sub(ops).amaxNumber().doubleValue() > 0, "the op form rounds differently, so this test can tell them apart");
    }

    /**
     * q = 1 when ‖x‖ = 0 (a zero-initialised bias) or ‖s‖ = 0 (no gradient and no decay), in both forms: q = 0 would
     * freeze a zero bias for ever, and ‖x‖/0 would write NaN.
     */
    @ParameterizedTest
    @EnumSource(value = DataType.class, names = {"FLOAT", "DOUBLE"})
    void zeroNormsGiveATrustRatioOfOne(DataType type) {
        INDArray update = Drawn.of(13, type).update();
        for (char order : new char[] {'f', 'c'}) { // 'f' like the parameter: fused loop; 'c': op form
            INDArray u = update.dup(order);
            new LambTrustRatio(0.01).apply(Nd4j.zeros(type, 30, 70).dup('f'), u, 1e-3, 0, 0);
            assertEquals(0.0, u.sub(update).amaxNumber().doubleValue(), 1e-6 * update.amaxNumber().doubleValue(),
                    order + ": zero weights, s = u/η, q = 1, so u is unchanged (up to the float rounding of u/η·η)");
            INDArray zero = Nd4j.zeros(type, 30, 70).dup(order);
            new LambTrustRatio(0).apply(Drawn.of(13, type).param().dup('f'), zero, 1e-3, 0, 0);
            assertEquals(0.0, zero.amaxNumber().doubleValue(), order + ": zero update, no decay: s = 0, q = 1, u stays 0 (not NaN)");
        }
    }
}
