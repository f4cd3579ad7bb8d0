package dev.optimlab.regularize;

import dev.optimlab.DoublePrecision;
import org.junit.jupiter.api.extension.ExtendWith;

import static dev.optimlab.regularize.NetworkFixtures.maxAbsDiff;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.DataSetPreProcessor;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Data-level regularizers through the registry: shapes and dtypes kept, label mass (mixed labels sum
 * to 1 and match the mixed pixel fractions), pixel statistics, and determinism under a seed.
 */
@ExtendWith(DoublePrecision.class)
class AugmentationTest {

    private static final int N = 64;
    private static final int K = 4;


    /** N images of C×H×W in FLOAT, example i filled with the constant i + 1; one-hot labels. */
    private static DataSet constantImages(int c, int h, int w) {
        INDArray x = Nd4j.zeros(DataType.FLOAT, N, c, h, w);
        for (int i = 0; i < N; i++) {
            x.get(org.nd4j.linalg.indexing.NDArrayIndex.point(i)).assign(i + 1);
        }
        return new DataSet(x, NetworkFixtures.oneHot(N, K).castTo(DataType.FLOAT));
    }

    private static DataSet run(String name, Map<String, Double> hp, long seed, DataSet in) {
        DataSet ds = in.copy();
        DataSetPreProcessor p = Regularizers.augmentation(name, hp, seed);
        p.preProcess(ds);
        assertArrayEquals(in.getFeatures().shape(), ds.getFeatures().shape(), name + " feature shape");
        assertArrayEquals(in.getLabels().shape(), ds.getLabels().shape(), name + " label shape");
        assertEquals(in.getFeatures().dataType(), ds.getFeatures().dataType(), name + " dtype");
        return ds;
    }

    private static void assertLabelsSumToOne(DataSet ds) {
        INDArray sums = ds.getLabels().sum(1);
        assertTrue(maxAbsDiff(sums, Nd4j.ones(sums.dataType(), sums.shape())) < 1e-6);
    }

    @Test
    void mixupMixesFeaturesAndLabelsWithTheSameLambdaAndKeepsTheBatchMean() {
        DataSet in = constantImages(1, 4, 4);
        DataSet out = run("mixup", Map.of("alpha", 1.0), 3, in);
        assertLabelsSumToOne(out);
        // Pixel statistic: mixing with a permutation of the batch keeps the batch mean.
        assertEquals(in.getFeatures().meanNumber().doubleValue(), out.getFeatures().meanNumber().doubleValue(), 1e-4);
        // x̃_i = λ(i+1) + (1−λ)(π(i)+1) and ỹ_i = λ e_{i mod K} + (1−λ) e_{π(i) mod K}: recover λ, π(i) consistently.
        int mixed = 0;
        double lambda = Double.NaN;
        for (int i = 0; i < N; i++) {
            double xi = out.getFeatures().getDouble(i, 0, 0, 0);
            assertEquals(xi, out.getFeatures().get(org.nd4j.linalg.indexing.NDArrayIndex.point(i)).meanNumber().doubleValue(), 1e-4);
            double own = out.getLabels().getDouble(i, i % K);
            if (Math.abs(own - 1) < 1e-6) {
                continue; // partner of the same class
            }
            mixed++;
            if (Double.isNaN(lambda)) {
                lambda = own;
            }
            assertEquals(lambda, own, 1e-6, "one λ per batch");
            double partnerValue = (xi - lambda * (i + 1)) / (1 - lambda);
            long partner = Math.round(partnerValue) - 1;
            assertEquals(partner + 1, partnerValue, 1e-3, "features mixed with the same λ as labels");
            assertEquals(1 - lambda, out.getLabels().getDouble(i, (int) (partner % K)), 1e-6);
        }
        assertTrue(mixed > N / 2, "most examples mixed with another class: " + mixed);
    }

    @Test
    void cutmixLabelWeightsEqualThePastedPixelFraction() {
        DataSet in = constantImages(3, 8, 8);
        DataSet out = run("cutmix", Map.of("prob", 1.0), 5, in);
        assertLabelsSumToOne(out);
        boolean anyPasted = false;
        for (int i = 0; i < N; i++) {
            INDArray img = out.getFeatures().get(org.nd4j.linalg.indexing.NDArrayIndex.point(i));
            double ownFraction = img.eq(i + 1).castTo(DataType.DOUBLE).meanNumber().doubleValue();
            double ownLabel = out.getLabels().getDouble(i, i % K);
            // Own class keeps exactly the unpasted fraction (unless the partner is itself or shares the class).
            if (ownFraction < 1) {
                anyPasted = true;
                assertTrue(ownLabel >= ownFraction - 1e-6);
                if (out.getLabels().getDouble(i, i % K) < 1 - 1e-6) {
                    assertEquals(ownFraction, ownLabel, 1e-6);
                }
            }
        }
        assertTrue(anyPasted);
    }

    @Test
    void cutoutZerosOneClippedSquarePerExample() {
        DataSet in = constantImages(2, 10, 10);
        DataSet out = run("cutout", Map.of("size", 4.0), 7, in);
        assertEquals(0.0, maxAbsDiff(in.getLabels(), out.getLabels()));
        double meanZeroFraction = 0;
        for (int i = 0; i < N; i++) {
            INDArray img = out.getFeatures().get(org.nd4j.linalg.indexing.NDArrayIndex.point(i));
            long zeros = img.eq(0).castTo(DataType.INT32).sumNumber().longValue();
            assertTrue(zeros > 0 && zeros <= 2 * 16 && zeros % 2 == 0, "zeros " + zeros); // same square in both channels
            meanZeroFraction += zeros / 200.0 / N;
        }
        // A 4×4 square with a uniform centre on 10×10 covers on average (4 − 1.6/... ) < 16 pixels; at least 9.
        assertTrue(meanZeroFraction > 2 * 9 / 200.0 && meanZeroFraction < 2 * 16 / 200.0, "" + meanZeroFraction);
        DataSet none = run("cutout", Map.of("prob", 0.0), 7, in);
        assertEquals(0.0, maxAbsDiff(in.getFeatures(), none.getFeatures()));
    }

    @Test
    void shiftMovesASinglePixelByAtMostSize() {
        INDArray x = Nd4j.zeros(DataType.DOUBLE, N, 1, 9, 9);
        for (int i = 0; i < N; i++) {
            x.putScalar(new long[] {i, 0, 4, 4}, 1.0);
        }
        DataSet in = new DataSet(x, NetworkFixtures.oneHot(N, K));
        DataSet out = run("shift", Map.of("size", 2.0), 9, in);
        boolean moved = false;
        for (int i = 0; i < N; i++) {
            INDArray img = out.getFeatures().get(org.nd4j.linalg.indexing.NDArrayIndex.point(i)).reshape(9, 9);
            assertEquals(1.0, img.sumNumber().doubleValue(), 1e-12, "mass kept");
            long arg = img.reshape(81).argMax().getLong(0);
            long dy = Math.abs(arg / 9 - 4), dx = Math.abs(arg % 9 - 4);
            assertTrue(dy <= 2 && dx <= 2);
            moved |= dy + dx > 0;
        }
        assertTrue(moved);
    }

    @Test
    void rotationKeepsACentredBlobsMassAndZeroDegreesIsIdentity() {
        INDArray x = Nd4j.zeros(DataType.DOUBLE, N, 1, 15, 15);
        x.get(org.nd4j.linalg.indexing.NDArrayIndex.all(), org.nd4j.linalg.indexing.NDArrayIndex.all(),
                org.nd4j.linalg.indexing.NDArrayIndex.interval(5, 10), org.nd4j.linalg.indexing.NDArrayIndex.interval(4, 11)).assign(1);
        DataSet in = new DataSet(x, NetworkFixtures.oneHot(N, K));
        DataSet out = run("rotate", Map.of("degrees", 15.0), 11, in);
        INDArray mass = out.getFeatures().sum(1, 2, 3);
        assertTrue(maxAbsDiff(mass, Nd4j.valueArrayOf(mass.shape(), 35.0, DataType.DOUBLE)) < 35 * 0.05,
                "bilinear rotation keeps the blob's mass within 5%");
        assertTrue(maxAbsDiff(in.getFeatures(), out.getFeatures()) > 0.1);
        assertEquals(1.0, out.getFeatures().getDouble(0, 0, 7, 7), 1e-12, "the centre is fixed");
        DataSet zero = run("rotate", Map.of("degrees", 0.0), 11, in);
        assertTrue(maxAbsDiff(in.getFeatures(), zero.getFeatures()) < 1e-12);
    }

    @Test
    void flipMirrorsColumnsOnFlatFeaturesWithAGivenImageShape() {
        INDArray x = Nd4j.rand(DataType.DOUBLE, N, 2 * 3 * 5); // flat NCHW, C=2, H=3, W=5
        DataSet in = new DataSet(x, NetworkFixtures.oneHot(N, K));
        DataSet out = run("flip", Map.of("prob", 1.0, "channels", 2.0, "height", 3.0, "width", 5.0), 1, in);
        INDArray expected = x.reshape('c', N, 2, 3, 5).get(org.nd4j.linalg.indexing.NDArrayIndex.all(),
                org.nd4j.linalg.indexing.NDArrayIndex.all(), org.nd4j.linalg.indexing.NDArrayIndex.all(),
                org.nd4j.linalg.indexing.NDArrayIndex.indices(4, 3, 2, 1, 0)).dup('c').reshape('c', N, 30);
        assertEquals(0.0, maxAbsDiff(expected, out.getFeatures()));
        assertThrows(IllegalArgumentException.class,
                () -> Regularizers.augmentation("flip", Map.of(), 1).preProcess(in.copy()), "flat input needs a shape");
    }

    @Test
    void sameSeedSameBatchesDifferentSeedDifferentBatches() {
        Nd4j.getRandom().setSeed(1);
        DataSet in = new DataSet(Nd4j.rand(DataType.FLOAT, N, 1, 8, 8), NetworkFixtures.oneHot(N, K));
        for (String name : Regularizers.names(Regularizers.Kind.AUGMENTATION)) {
            Map<String, Double> hp = Map.of("prob", 0.5);
            DataSetPreProcessor a = Regularizers.augmentation(name, hp, 42), b = Regularizers.augmentation(name, hp, 42),
                    c = Regularizers.augmentation(name, hp, 43);
            boolean differs = false;
            for (int step = 0; step < 2; step++) { // the whole sequence, not only the first batch
                DataSet da = in.copy(), db = in.copy(), dc = in.copy();
                a.preProcess(da);
                b.preProcess(db);
                c.preProcess(dc);
                assertEquals(0.0, maxAbsDiff(da.getFeatures(), db.getFeatures()), name);
                assertEquals(0.0, maxAbsDiff(da.getLabels(), db.getLabels()), name);
                differs |= maxAbsDiff(da.getFeatures(), dc.getFeatures()) > 0;
            }
            assertTrue(differs, name + " must depend on the seed");
        }
    }
}
