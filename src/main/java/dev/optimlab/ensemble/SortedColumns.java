package dev.optimlab.ensemble;

import java.util.Arrays;
import java.util.Comparator;

/**
 * For each feature, the example indices in ascending order of that feature. Stumps scan every
 * threshold of every feature in one sweep over this order; boosting refits hundreds of stumps on
 * the same features, so the sort is done once.
 */
final class SortedColumns {

    private final double[][] x;
    private final int[][] order;

    SortedColumns(double[][] x) {
        this.x = x;
        int d = x[0].length;
        order = new int[d][];
        for (int j = 0; j < d; j++) {
            final int col = j;
            order[j] = java.util.stream.IntStream.range(0, x.length).boxed()
                    .sorted(Comparator.comparingDouble((Integer i) -> x[i][col]).thenComparingInt(i -> i))
                    .mapToInt(Integer::intValue).toArray();
        }
    }

    double[][] x() {
        return x;
    }

    int features() {
        return order.length;
    }

    int size() {
        return x.length;
    }

    /** Indices sorted by feature {@code j}. */
    int[] order(int j) {
        return order[j];
    }

    /** Indices sorted by feature {@code j}, keeping only those with {@code keep[i]}. */
    int[] order(int j, boolean[] keep) {
        return Arrays.stream(order[j]).filter(i -> keep[i]).toArray();
    }
}
