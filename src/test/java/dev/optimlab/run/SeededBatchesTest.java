package dev.optimlab.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/** The minibatch gather against DataSet's own {@code get(int[])}, which it replaces on 2-D data. */
class SeededBatchesTest {

    private static DataSet data(DataType type, int n, int in, int out) {
        Nd4j.getRandom().setSeed(7);
        return new DataSet(Nd4j.rand(type, n, in), Nd4j.rand(type, n, out));
    }

    private static void assertSame(DataSet expected, DataSet actual) {
        for (int k = 0; k < 2; k++) {
            INDArray e = k == 0 ? expected.getFeatures() : expected.getLabels();
            INDArray a = k == 0 ? actual.getFeatures() : actual.getLabels();
            assertEquals(e.dataType(), a.dataType());
            assertArrayEquals(e.shape(), a.shape());
            assertEquals(e.ordering(), a.ordering());
            assertArrayEquals(e.castTo(DataType.DOUBLE).ravel().toDoubleVector(), a.castTo(DataType.DOUBLE).ravel().toDoubleVector());
        }
    }

    @Test
    void gatherEqualsDataSetGetInTheGivenOrder() {
        for (DataType type : List.of(DataType.FLOAT, DataType.DOUBLE)) {
            DataSet d = data(type, 30, 3, 2);
            int[] idx = {29, 0, 7, 7, 13, 2};
            assertSame(d.get(idx), SeededBatches.gather(d, idx));
            assertSame(d.get(new int[] {5}), SeededBatches.gather(d, new int[] {5}));
        }
    }

    @Test
    void gatheredBatchIsACopy() {
        DataSet d = data(DataType.FLOAT, 10, 2, 1);
        double before = d.getFeatures().getDouble(3, 0);
        SeededBatches.gather(d, new int[] {3, 4}).getFeatures().muli(0); // an augmentation works in place
        assertEquals(before, d.getFeatures().getDouble(3, 0));
    }

    @Test
    void batchesVisitEveryExampleOncePerEpoch() {
        DataSet d = data(DataType.DOUBLE, 45, 1, 1);
        SeededBatches b = new SeededBatches(d, 20, 3, List.of());
        assertEquals(3, b.batchesPerEpoch());
        double sum = 0;
        int rows = 0;
        while (b.hasNext()) {
            DataSet mb = b.next();
            rows += mb.numExamples();
            sum += mb.getFeatures().sumNumber().doubleValue();
        }
        assertEquals(45, rows);
        assertEquals(d.getFeatures().sumNumber().doubleValue(), sum, 1e-9);
    }
}
