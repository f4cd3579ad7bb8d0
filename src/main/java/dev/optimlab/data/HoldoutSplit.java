package dev.optimlab.data;

import java.util.Arrays;

/**
 * A shuffled three-way hold-out split: training, validation (for early stopping and tuning) and
 * test (for the final number only). Fractions are of the whole set; the test part is taken
 * first, so changing the validation fraction never moves an example into or out of the test set.
 */
public record HoldoutSplit(int[] train, int[] validation, int[] test) {

    public static HoldoutSplit of(int n, double validationFraction, double testFraction, long seed) {
        if (validationFraction < 0 || testFraction < 0 || validationFraction + testFraction >= 1) {
            throw new IllegalArgumentException("validation (" + validationFraction + ") and test (" + testFraction
                    + ") fractions must be ≥ 0 and sum to less than 1");
        }
        int[] p = Shuffle.permutation(n, seed);
        int nTest = (int) Math.round(n * testFraction);
        int nVal = (int) Math.round(n * validationFraction);
        return new HoldoutSplit(
                Arrays.copyOfRange(p, nTest + nVal, n),
                Arrays.copyOfRange(p, nTest, nTest + nVal),
                Arrays.copyOfRange(p, 0, nTest));
    }
}
