package dev.optimlab.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A k-fold partition of {@code 0..n-1}: every example is in exactly one validation fold, and
 * fold {@code f} trains on the other k − 1. Folds are contiguous runs of a seeded permutation
 * (the first {@code n mod k} folds hold one example more), which is exactly how DL4J's
 * {@code KFoldIterator} (M2.1) cuts a data set that was shuffled into that order — a test checks
 * it fold by fold. The stratified variant keeps each class's share within one example of equal
 * in every fold, which matters on small sets where a fold could otherwise miss a class.
 */
public final class KFoldSplit {

    private final int[][] folds;
    private final int n;

    private KFoldSplit(int[][] folds, int n) {
        this.folds = folds;
        this.n = n;
    }

    /** Shuffled k-fold over {@code n} examples; the order is {@link Shuffle#permutation}{@code (n, seed)}. */
    public static KFoldSplit shuffled(int n, int k, long seed) {
        check(n, k);
        return contiguous(Shuffle.permutation(n, seed), k);
    }

    /** Contiguous k-fold of an order, as {@code KFoldIterator} cuts it (first {@code n mod k} folds one larger). */
    public static KFoldSplit contiguous(int[] order, int k) {
        check(order.length, k);
        int n = order.length;
        int base = n / k;
        int extra = n % k;
        int[][] folds = new int[k][];
        int from = 0;
        for (int f = 0; f < k; f++) {
            int size = base + (f < extra ? 1 : 0);
            folds[f] = Arrays.copyOfRange(order, from, from + size);
            from += size;
        }
        return new KFoldSplit(folds, n);
    }

    /**
     * Stratified shuffled k-fold: examples are shuffled, grouped by class (class order kept) and
     * dealt to the folds round-robin, so fold sizes differ by at most one overall and per class.
     */
    public static KFoldSplit stratified(int[] labels, int k, long seed) {
        check(labels.length, k);
        int[] p = Shuffle.permutation(labels.length, seed);
        int classes = Arrays.stream(labels).max().orElse(0) + 1;
        List<Integer> dealt = new ArrayList<>();
        for (int c = 0; c < classes; c++) {
            for (int i : p) {
                if (labels[i] == c) {
                    dealt.add(i);
                }
            }
        }
        List<List<Integer>> lists = new ArrayList<>();
        for (int f = 0; f < k; f++) {
            lists.add(new ArrayList<>());
        }
        for (int pos = 0; pos < dealt.size(); pos++) {
            lists.get(pos % k).add(dealt.get(pos));
        }
        int[][] folds = new int[k][];
        for (int f = 0; f < k; f++) {
            folds[f] = lists.get(f).stream().mapToInt(Integer::intValue).toArray();
        }
        return new KFoldSplit(folds, labels.length);
    }

    /** The class index of each one-hot row of {@code data} (for {@link #stratified}). */
    public static int[] labels(LabeledData data) {
        if (!data.isClassification()) {
            throw new IllegalArgumentException("stratification needs class labels; this is regression data");
        }
        int[] out = new int[data.size()];
        for (int i = 0; i < out.length; i++) {
            double[] row = data.y()[i];
            for (int c = 1; c < row.length; c++) {
                if (row[c] > row[out[i]]) {
                    out[i] = c;
                }
            }
        }
        return out;
    }

    private static void check(int n, int k) {
        if (k < 2 || k > n) {
            throw new IllegalArgumentException("k-fold needs 2 ≤ k ≤ n, got k = " + k + ", n = " + n);
        }
    }

    public int k() {
        return folds.length;
    }

    public int size() {
        return n;
    }

    /** The held-out examples of fold {@code f}. */
    public int[] validation(int f) {
        return folds[f].clone();
    }

    /** The training examples of fold {@code f}: the other folds, in fold order. */
    public int[] train(int f) {
        int[] out = new int[n - folds[f].length];
        int at = 0;
        for (int g = 0; g < folds.length; g++) {
            if (g != f) {
                System.arraycopy(folds[g], 0, out, at, folds[g].length);
                at += folds[g].length;
            }
        }
        return out;
    }
}
