package dev.optimlab.data;

import java.util.ArrayList;
import java.util.List;

/**
 * Rolling-origin (forward-chaining) evaluation of a time-ordered set: the examples are cut into
 * {@code blocks} contiguous blocks (the first {@code n mod blocks} one larger) and origin
 * {@code i} trains on blocks {@code 0..i-1}, validates on block {@code i} and tests on block
 * {@code i+1} — "train on 1..i, validate on i+1, test on i+2" of the lecture. Nothing the model
 * learns from lies after what it is validated or tested on, which is what plain k-fold breaks
 * for a dependent series (Tashman, "Out-of-sample tests of forecasting accuracy", Int. J.
 * Forecasting 16, 2000; Bergmeir &amp; Benítez, Information Sciences 191, 2012).
 *
 * @param minTrainBlocks the first origin trains on this many blocks
 */
public record RollingOriginSplit(int n, int blocks, int minTrainBlocks) {

    /** One origin: training, validation and test indices, each in time order. */
    public record Fold(int origin, int[] train, int[] validation, int[] test) {
    }

    public RollingOriginSplit {
        if (minTrainBlocks < 1 || blocks < minTrainBlocks + 2) {
            throw new IllegalArgumentException("rolling origin needs minTrainBlocks ≥ 1 and blocks ≥ minTrainBlocks + 2, got "
                    + "blocks = " + blocks + ", minTrainBlocks = " + minTrainBlocks);
        }
        if (n < blocks) {
            throw new IllegalArgumentException("cannot cut " + n + " examples into " + blocks + " blocks");
        }
    }

    /** First index of block {@code b} ({@code b == blocks} gives {@code n}). */
    public int start(int b) {
        int base = n / blocks;
        int extra = n % blocks;
        return b * base + Math.min(b, extra);
    }

    /** The indices of blocks {@code from..to-1}. */
    public int[] blocks(int from, int to) {
        int a = start(from);
        int[] out = new int[start(to) - a];
        for (int i = 0; i < out.length; i++) {
            out[i] = a + i;
        }
        return out;
    }

    /** The origins {@code minTrainBlocks..blocks-2}, in time order. */
    public List<Fold> folds() {
        List<Fold> out = new ArrayList<>();
        for (int i = minTrainBlocks; i <= blocks - 2; i++) {
            out.add(new Fold(i, blocks(0, i), blocks(i, i + 1), blocks(i + 1, i + 2)));
        }
        return out;
    }
}
