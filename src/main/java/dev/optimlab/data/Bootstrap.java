package dev.optimlab.data;

import java.util.Arrays;
import java.util.Random;

/**
 * One bootstrap draw (Efron, "Bootstrap methods: another look at the jackknife", Annals of
 * Statistics 7(1), 1979): {@code n} indices drawn uniformly <em>with replacement</em> from
 * {@code 0..n-1}, and the out-of-bag indices that were never drawn. On average a draw holds
 * 1 − (1 − 1/n)ⁿ ≈ 63.2% of the distinct examples, so ≈ 36.8% are out of bag: a free
 * validation set for the model fitted on the draw (Breiman, "Out-of-bag estimation", 1996).
 *
 * @param sample the drawn indices, in draw order, with repeats
 * @param outOfBag the indices not drawn, ascending
 */
public record Bootstrap(int[] sample, int[] outOfBag) {

    /** A draw of size {@code n} from {@code 0..n-1} determined by {@code seed} alone. */
    public static Bootstrap of(int n, long seed) {
        return of(n, n, new Random(seed));
    }

    /** A draw of {@code size} indices from {@code 0..n-1} taken from {@code rng}. */
    public static Bootstrap of(int n, int size, Random rng) {
        if (n < 1 || size < 1) {
            throw new IllegalArgumentException("bootstrap needs n ≥ 1 and size ≥ 1, got n=" + n + ", size=" + size);
        }
        int[] sample = new int[size];
        for (int i = 0; i < size; i++) {
            sample[i] = rng.nextInt(n);
        }
        return new Bootstrap(sample, outOfBag(n, sample));
    }

    /** The indices of {@code 0..n-1} that do not occur in {@code sample}, ascending. */
    public static int[] outOfBag(int n, int[] sample) {
        boolean[] drawn = new boolean[n];
        for (int i : sample) {
            drawn[i] = true;
        }
        int[] out = new int[n];
        int k = 0;
        for (int i = 0; i < n; i++) {
            if (!drawn[i]) {
                out[k++] = i;
            }
        }
        return Arrays.copyOf(out, k);
    }

    /** How often each index of {@code 0..n-1} was drawn. */
    public int[] counts(int n) {
        int[] c = new int[n];
        for (int i : sample) {
            c[i]++;
        }
        return c;
    }
}
