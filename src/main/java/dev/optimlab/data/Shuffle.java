package dev.optimlab.data;

import java.util.Random;

/** Deterministic permutations (Fisher–Yates on {@link Random}), the only source of data order. */
public final class Shuffle {

    private Shuffle() {
    }

    /** A permutation of {@code 0..n-1} determined by {@code seed} alone. */
    public static int[] permutation(int n, long seed) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        Random r = new Random(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int tmp = p[i];
            p[i] = p[j];
            p[j] = tmp;
        }
        return p;
    }
}
