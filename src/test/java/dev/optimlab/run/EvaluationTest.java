package dev.optimlab.run;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The fused evaluation gives the plain ND4J form's numbers bit for bit (the trial JSONs must not
 * change): compared through {@code Double.doubleToRawLongBits}, so even a -0.0 for 0.0 fails.
 */
class EvaluationTest {

    private static final double NAN = Double.NaN;
    private static final double INF = Double.POSITIVE_INFINITY;

    @Test
    void crossEntropyAndAccuracyMatchTheNd4jFormBitForBit() {
        for (DataType dt : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
            DataSet ds = classes(new Random(3), 257, 10, dt);
            INDArray out = softmaxLike(new Random(4), 257, 10, dt);
            assertSame("mcxent", out, ds);
        }
    }

    @Test
    void tiesNonFiniteAndTinyProbabilitiesMatchToo() {
        // rows: leading NaN (ND4J's arg-max keeps index 0), NaN later, all NaN, a tie, -inf,
        // a probability below the 1e-10 floor and an exact 0, +inf (0·log(+inf) is NaN), signed zeros
        double[][] p = {{NAN, 0.2, 0.7}, {0.5, NAN, 0.1}, {NAN, NAN, NAN}, {0.4, 0.4, 0.2},
            {Double.NEGATIVE_INFINITY, -1, -2}, {1e-12, 0.0, 1}, {0.3, INF, 0.1}, {-0.0, 0.0, 1e-10}, {0, 0, 1}};
        double[][] y = {{0, 0, 1}, {1, 0, 0}, {0, 1, 0}, {0, 1, 0}, {1, 0, 0}, {0, 1, 0}, {1, 0, 0}, {0, 0, 1}, {0, 0, 1}};
        for (int r = 0; r < p.length; r++) { // each row alone, so one NaN does not hide the others
            DataSet one = new DataSet(Nd4j.createFromArray(new double[][] {{0}}), Nd4j.createFromArray(new double[][] {y[r]}));
            assertSame("mcxent", Nd4j.createFromArray(new double[][] {p[r]}), one);
        }
        DataSet ds = new DataSet(Nd4j.zeros(DataType.DOUBLE, p.length, 1), Nd4j.createFromArray(y));
        assertSame("mcxent", Nd4j.createFromArray(p), ds);
        assertSame("mse", Nd4j.createFromArray(p), ds);
    }

    @Test
    void regressionLossesMatchBitForBit() {
        Random rnd = new Random(5);
        for (String loss : new String[] {"mse", "mae", "huber"}) {
            for (int cols : new int[] {1, 3}) {
                INDArray x = Nd4j.zeros(DataType.FLOAT, 301, 1);
                DataSet ds = new DataSet(x, gaussian(rnd, 301, cols, DataType.FLOAT));
                assertSame(loss, gaussian(rnd, 301, cols, DataType.FLOAT), ds);
            }
        }
    }

    /**
     * A network's output is a fresh row-major array; any other layout is read in row order, the
     * numbers of the ND4J form on its row-major copy (on an f-order array ND4J's sum would go
     * column by column and round differently).
     */
    @Test
    void anFOrderOrViewOutputIsReadInRowOrder() {
        DataSet ds = classes(new Random(6), 40, 5, DataType.FLOAT);
        INDArray out = softmaxLike(new Random(7), 40, 5, DataType.FLOAT);
        assertBits(Evaluation.reference(out, ds, "mcxent"), new Evaluation("mcxent", ds).lossAndMetric(out.dup('f'), ds), "f order");
        INDArray view = softmaxLike(new Random(8), 40, 7, DataType.FLOAT)
                .get(NDArrayIndex.all(), NDArrayIndex.interval(1, 6));
        assertBits(Evaluation.reference(view.dup('c'), ds, "mcxent"), new Evaluation("mcxent", ds).lossAndMetric(view, ds), "view");
    }

    @Test
    void labelsReadOnceGiveTheSameNumbersAsLabelsReadNow() {
        DataSet ds = classes(new Random(9), 64, 4, DataType.FLOAT);
        INDArray out = softmaxLike(new Random(10), 64, 4, DataType.FLOAT);
        double[] cached = new Evaluation("mcxent", ds).lossAndMetric(out, ds);
        double[] fresh = new Evaluation("mcxent").lossAndMetric(out, ds);
        assertBits(fresh, cached, "cached labels");
    }

    private static void assertSame(String loss, INDArray out, DataSet ds) {
        double[] want = Evaluation.reference(out, ds, loss);
        double[] got = new Evaluation(loss, ds).lossAndMetric(out, ds);
        assertBits(want, got, loss + " " + out.dataType());
    }

    private static void assertBits(double[] want, double[] got, String what) {
        assertEquals(Double.doubleToRawLongBits(want[0]), Double.doubleToRawLongBits(got[0]),
                what + ": loss " + want[0] + " vs " + got[0]);
        assertEquals(Double.doubleToRawLongBits(want[1]), Double.doubleToRawLongBits(got[1]),
                what + ": metric " + want[1] + " vs " + got[1]);
    }

    private static DataSet classes(Random rnd, int rows, int k, DataType dt) {
        INDArray y = Nd4j.zeros(dt, rows, k);
        for (int r = 0; r < rows; r++) {
            y.putScalar(r, rnd.nextInt(k), 1.0);
        }
        return new DataSet(Nd4j.zeros(dt, rows, 1), y);
    }

    /** Rows of positive numbers summing to about 1, some far below the 1e-10 floor, with ties. */
    private static INDArray softmaxLike(Random rnd, int rows, int k, DataType dt) {
        double[][] p = new double[rows][k];
        for (int r = 0; r < rows; r++) {
            double sum = 0;
            for (int j = 0; j < k; j++) {
                p[r][j] = Math.exp(rnd.nextGaussian() * (r % 7 == 0 ? 12 : 2));
                sum += p[r][j];
            }
            for (int j = 0; j < k; j++) {
                p[r][j] /= sum;
            }
            if (r % 11 == 0) {
                p[r][k - 1] = p[r][0]; // a tie with the first column
            }
        }
        return Nd4j.createFromArray(p).castTo(dt);
    }

    private static INDArray gaussian(Random rnd, int rows, int cols, DataType dt) {
        double[][] v = new double[rows][cols];
        for (double[] row : v) {
            for (int j = 0; j < cols; j++) {
                row[j] = rnd.nextGaussian() * 3;
            }
        }
        return Nd4j.createFromArray(v).castTo(dt);
    }
}
