package dev.optimlab.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;

import org.junit.jupiter.api.Test;

/** Bootstrap draws: sizes, range, out-of-bag disjointness and coverage, the 36.8% rule, determinism. */
class BootstrapTest {

    @Test
    void drawHasTheRequestedSizeAndOutOfBagIsExactlyTheUndrawnRest() {
        for (long seed = 0; seed < 50; seed++) {
            int n = 1 + (int) (seed * 7 % 97);
            Bootstrap b = Bootstrap.of(n, seed);
            assertEquals(n, b.sample().length, "a bootstrap draw has as many indices as the set");
            boolean[] drawn = new boolean[n];
            for (int i : b.sample()) {
                assertTrue(i >= 0 && i < n, "index in range");
                drawn[i] = true;
            }
            for (int i : b.outOfBag()) {
                assertFalse(drawn[i], "an out-of-bag index was drawn: " + i);
            }
            long distinct = Arrays.stream(b.sample()).distinct().count();
            assertEquals(n, distinct + b.outOfBag().length, "drawn ∪ out-of-bag = all, disjoint");
            int[] sorted = b.outOfBag().clone();
            Arrays.sort(sorted);
            assertArrayEquals(sorted, b.outOfBag(), "out-of-bag is ascending");
            assertEquals(n, Arrays.stream(b.counts(n)).sum());
        }
    }

    @Test
    void aboutOneOverEOfTheExamplesAreOutOfBagAndRepeatsOccur() {
        int n = 1000;
        double oob = 0;
        int draws = 200;
        for (int s = 0; s < draws; s++) {
            oob += Bootstrap.of(n, s).outOfBag().length / (double) n / draws;
        }
        double expected = Math.pow(1 - 1.0 / n, n); // 0.3677
        // 200 draws × 1000: the mean fraction has std ≈ 0.0015; 0.006 is 4 std.
        assertEquals(expected, oob, 0.006);
        assertTrue(Arrays.stream(Bootstrap.of(n, 1).counts(n)).anyMatch(c -> c > 1), "with replacement: repeats");
    }

    @Test
    void sameSeedSameDrawOtherSeedOtherDraw() {
        assertArrayEquals(Bootstrap.of(100, 42).sample(), Bootstrap.of(100, 42).sample());
        assertFalse(Arrays.equals(Bootstrap.of(100, 42).sample(), Bootstrap.of(100, 43).sample()));
        Bootstrap sized = Bootstrap.of(10, 25, new Random(3));
        assertEquals(25, sized.sample().length, "a draw may be larger than the set");
        assertThrows(IllegalArgumentException.class, () -> Bootstrap.of(0, 1));
    }

    @Test
    void outOfBagOfAHandMadeSample() {
        assertArrayEquals(new int[] {1, 4}, Bootstrap.outOfBag(5, new int[] {0, 0, 2, 3, 3}));
    }
}
