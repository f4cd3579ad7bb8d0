package dev.optimlab.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.KFoldIterator;
import org.nd4j.linalg.factory.Nd4j;

/** Invariants of {@link KFoldSplit} and {@link RollingOriginSplit}, and agreement with DL4J's KFoldIterator. */
class CrossValidationSplitsTest {

    private static int[] sorted(int[] a) {
        int[] c = a.clone();
        Arrays.sort(c);
        return c;
    }

    private static int[] range(int n) {
        int[] r = new int[n];
        for (int i = 0; i < n; i++) {
            r[i] = i;
        }
        return r;
    }

    /** Every example validated exactly once; train and validation disjoint and together everything. */
    private static void assertPartition(KFoldSplit s) {
        int n = s.size();
        int[] seen = new int[n];
        for (int f = 0; f < s.k(); f++) {
            Set<Integer> val = new HashSet<>();
            for (int i : s.validation(f)) {
                seen[i]++;
                val.add(i);
            }
            for (int i : s.train(f)) {
                assertFalse(val.contains(i), "fold " + f + ": example " + i + " is in training and validation");
            }
            int[] both = new int[n];
            int at = 0;
            for (int i : s.train(f)) {
                both[at++] = i;
            }
            for (int i : s.validation(f)) {
                both[at++] = i;
            }
            assertEquals(n, at);
            assertArrayEquals(range(n), sorted(both), "fold " + f + " must use every example once");
        }
        for (int i = 0; i < n; i++) {
            assertEquals(1, seen[i], "example " + i + " must be validated exactly once");
        }
    }

    @ParameterizedTest
    @CsvSource({"23, 5", "20, 4", "7, 7", "100, 3"})
    void shuffledFoldsPartitionAndHaveBalancedSizes(int n, int k) {
        KFoldSplit s = KFoldSplit.shuffled(n, k, 11);
        assertPartition(s);
        for (int f = 0; f < k; f++) {
            int size = s.validation(f).length;
            assertTrue(size == n / k || size == n / k + 1, "fold size " + size);
        }
        assertArrayEquals(s.validation(1), KFoldSplit.shuffled(n, k, 11).validation(1), "same seed, same folds");
    }

    @Test
    void shuffledFoldsDependOnTheSeedAndAreNotTimeOrder() {
        KFoldSplit a = KFoldSplit.shuffled(50, 5, 1);
        KFoldSplit b = KFoldSplit.shuffled(50, 5, 2);
        assertFalse(Arrays.equals(a.validation(0), b.validation(0)));
        assertFalse(Arrays.equals(range(10), sorted(a.validation(0))), "a shuffled fold is not a block");
    }

    @ParameterizedTest
    @CsvSource({"23, 5", "20, 4", "31, 3", "10, 2"})
    void agreesWithDl4jKFoldIteratorOnTheShuffledOrder(int n, int k) {
        long seed = 5;
        int[] order = Shuffle.permutation(n, seed);
        KFoldSplit ours = KFoldSplit.shuffled(n, k, seed);
        // KFoldIterator does not shuffle: hand it the data already in our permuted order, with the
        // example's original index as its only feature, and read the indices back out of each fold.
        double[][] x = new double[n][1];
        double[][] y = new double[n][1];
        for (int i = 0; i < n; i++) {
            x[i][0] = order[i];
            y[i][0] = order[i];
        }
        DataSet ds = new DataSet(Nd4j.createFromArray(x).castTo(DataType.DOUBLE), Nd4j.createFromArray(y).castTo(DataType.DOUBLE));
        KFoldIterator it = new KFoldIterator(k, ds);
        int f = 0;
        while (it.hasNext()) {
            DataSet train = it.next();
            DataSet test = it.testFold();
            assertArrayEquals(ours.validation(f), indices(test.getFeatures()), "validation fold " + f);
            assertArrayEquals(sorted(ours.train(f)), sorted(indices(train.getFeatures())), "training folds of " + f);
            f++;
        }
        assertEquals(k, f);
    }

    private static int[] indices(INDArray column) {
        double[] v = column.reshape(-1).toDoubleVector();
        return Arrays.stream(v).mapToInt(d -> (int) Math.round(d)).toArray();
    }

    @Test
    void stratifiedFoldsKeepClassSharesWithinOne() {
        int[] labels = new int[103];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = i < 60 ? 0 : i < 90 ? 1 : 2; // 60 / 30 / 13
        }
        KFoldSplit s = KFoldSplit.stratified(labels, 5, 3);
        assertPartition(s);
        for (int c = 0; c < 3; c++) {
            int min = Integer.MAX_VALUE;
            int max = 0;
            for (int f = 0; f < 5; f++) {
                int cc = 0;
                for (int i : s.validation(f)) {
                    cc += labels[i] == c ? 1 : 0;
                }
                min = Math.min(min, cc);
                max = Math.max(max, cc);
            }
            assertTrue(max - min <= 1, "class " + c + ": per-fold counts " + min + ".." + max);
        }
        for (int f = 0; f < 5; f++) {
            assertTrue(Math.abs(s.validation(f).length - 103 / 5.0) < 1, "fold sizes within one");
        }
    }

    @Test
    void labelsAreTheOneHotArgmax() {
        LabeledData d = LabeledData.classification(new double[][] {{0}, {1}, {2}}, new int[] {2, 0, 1}, 3);
        assertArrayEquals(new int[] {2, 0, 1}, KFoldSplit.labels(d));
        assertThrows(IllegalArgumentException.class, () -> KFoldSplit.shuffled(3, 4, 0));
    }

    @ParameterizedTest
    @CsvSource({"100, 5, 1", "103, 6, 2", "12, 4, 1"})
    void rollingOriginNeverTrainsOnTheFutureAndUsesEverySample(int n, int blocks, int minTrain) {
        RollingOriginSplit s = new RollingOriginSplit(n, blocks, minTrain);
        assertEquals(blocks - 1 - minTrain, s.folds().size());
        boolean[] used = new boolean[n];
        int previousTrain = 0;
        for (RollingOriginSplit.Fold f : s.folds()) {
            int maxTrain = Arrays.stream(f.train()).max().orElseThrow();
            int minVal = Arrays.stream(f.validation()).min().orElseThrow();
            int maxVal = Arrays.stream(f.validation()).max().orElseThrow();
            int minTest = Arrays.stream(f.test()).min().orElseThrow();
            assertTrue(maxTrain < minVal, "training reaches " + maxTrain + ", validation starts at " + minVal);
            assertTrue(maxVal < minTest, "validation reaches " + maxVal + ", test starts at " + minTest);
            assertEquals(maxTrain + 1, minVal, "validation follows training directly");
            assertEquals(maxVal + 1, minTest, "test follows validation directly");
            assertEquals(0, f.train()[0], "training starts at the beginning of the series");
            assertTrue(f.train().length > previousTrain, "the origin rolls forward");
            previousTrain = f.train().length;
            for (int[] part : new int[][] {f.train(), f.validation(), f.test()}) {
                for (int i : part) {
                    used[i] = true;
                }
            }
        }
        for (int i = 0; i < n; i++) {
            assertTrue(used[i], "sample " + i + " is never used");
        }
        int total = 0;
        for (int b = 0; b < blocks; b++) {
            int size = s.start(b + 1) - s.start(b);
            assertTrue(size == n / blocks || size == n / blocks + 1);
            total += size;
        }
        assertEquals(n, total);
    }

    @Test
    void rollingOriginRejectsTooFewBlocks() {
        assertThrows(IllegalArgumentException.class, () -> new RollingOriginSplit(100, 2, 1));
        assertThrows(IllegalArgumentException.class, () -> new RollingOriginSplit(3, 5, 1));
    }
}
