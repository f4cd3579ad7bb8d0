package dev.optimlab.optim;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * LAMB's trust ratio in its two forms: the fused two-pass loop (update and parameter laid out
 * alike, DL4J's case) against the ND4J-op form (taken when the layouts differ), on a tensor
 * larger than one tile, in float and double.
 */
class LambTrustRatioTest {

    @ParameterizedTest
    @EnumSource(value = DataType.class, names = {"FLOAT", "DOUBLE"})
    void fusedLoopEqualsOpForm(DataType type) {
        Nd4j.getRandom().setSeed(5);
        INDArray param = Nd4j.rand(DataType.DOUBLE, 30, 70).subi(0.5).castTo(type);
        INDArray update = Nd4j.rand(DataType.DOUBLE, 30, 70).subi(0.5).muli(1e-3).castTo(type);
        LambTrustRatio hook = new LambTrustRatio(0.01);
        INDArray fused = update.dup('f');
        hook.apply(param.dup('f'), fused, 1e-3, 0, 0); // same layout: the fused loop
        INDArray ops = update.dup('c');
        hook.apply(param.dup('f'), ops, 1e-3, 0, 0); // layouts differ: the op form
        double scale = ops.amaxNumber().doubleValue();
        double err = fused.sub(ops).amaxNumber().doubleValue() / scale;
        System.out.println("lamb trust ratio " + type + ": fused vs ops, max rel |Δu| = " + err);
        assertTrue(err <= (type == DataType.FLOAT ? 1e-6 : 1e-12), type + ": " + err);
        assertTrue(fused.sub(update).amaxNumber().doubleValue() > 1e-3 * scale, "the hook must change the update");
    }
}
