package dev.optimlab.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;

import org.apache.commons.math3.stat.inference.TTest;
import org.junit.jupiter.api.Test;

import dev.optimlab.analysis.PairedDifference.Verdict;

/** The report statistics against hand-computed values and commons-math3's own tests. */
class PairedDifferenceTest {

    @Test
    void tQuantilesMatchTheTableAndDoNotFallBackToTheNormal() {
        assertEquals(12.706, Stats.t975(1), 5e-4);
        assertEquals(2.776, Stats.t975(4), 5e-4);
        assertEquals(2.042, Stats.t975(30), 5e-4);
        assertEquals(2.021, Stats.t975(40), 5e-4); // the old table said 1.96 past 30 degrees of freedom
        assertEquals(1.984, Stats.t975(100), 5e-4);
    }

    @Test
    void meanAndIntervalByHand() {
        Stats s = Stats.of(Arrays.asList(1.0, 2.0, null, 3.0, 4.0, 5.0));
        assertEquals(5, s.n());
        assertEquals(3.0, s.mean(), 1e-15);
        assertEquals(Math.sqrt(2.5), s.std(), 1e-15);
        assertEquals(2.7764451051977987 * Math.sqrt(2.5) / Math.sqrt(5), s.ci95(), 1e-9);
        assertEquals(3.0 - s.ci95(), s.lower(), 1e-15);
    }

    @Test
    void pairedDifferenceByHandAndAgainstTheLibrarysPairedTTest() {
        double[] arm = {0.9, 0.8, 0.85, 0.95, 0.9};
        double[] base = {0.8, 0.8, 0.8, 0.9, 0.85};
        PairedDifference c = PairedDifference.of("a", box(arm), "b", box(base), true);
        // d = 0.1, 0, 0.05, 0.05, 0.05: mean 0.05, s = √(0.005/4), half-width t(4)·s/√5
        double half = 2.7764451051977987 * Math.sqrt(0.005 / 4) / Math.sqrt(5);
        assertEquals(5, c.n());
        assertEquals(0.05, c.mean(), 1e-12);
        assertEquals(0.05 - half, c.lower(), 1e-9);
        assertEquals(0.05 + half, c.upper(), 1e-9);
        assertEquals(4, c.better());
        assertEquals(0, c.worse());
        assertEquals(1, c.ties()); // 0.8 − 0.8 is exactly 0
        assertEquals(new TTest().pairedTTest(arm, base), c.tP(), 1e-12);
        assertEquals(0.03410942316740965, c.tP(), 1e-9); // scipy.stats.ttest_rel
        assertEquals(0.125, c.signP(), 1e-12); // 4 of 4 non-tied: 2·(1/2)^4
        assertEquals(Verdict.BETTER, c.verdict());
        assertEquals(Verdict.WORSE, PairedDifference.of("b", box(base), "a", box(arm), true).verdict());
        // the same numbers as losses: higher is worse
        assertEquals(Verdict.WORSE, PairedDifference.of("a", box(arm), "b", box(base), false).verdict());
    }

    @Test
    void divergedSeedsAreNotPairedAndIdenticalArmsAreSaidSo() {
        PairedDifference c = PairedDifference.of("a", Arrays.asList(1.0, null, 3.0), "b", Arrays.asList(1.0, 2.0, 3.0), true);
        assertEquals(2, c.n());
        assertEquals(Verdict.IDENTICAL, c.verdict());
        PairedDifference noisy = PairedDifference.of("a", box(new double[] {1, 2, 3}), "b", box(new double[] {1.5, 1, 3.2}), true);
        assertEquals(Verdict.NOT_SEPARATED, noisy.verdict());
    }

    @Test
    void signTestIsExactBinomial() {
        assertEquals(0.0625, PairedDifference.signTestP(5, 0), 1e-15);
        assertEquals(0.0625, PairedDifference.signTestP(0, 5), 1e-15);
        assertEquals(0.0078125, PairedDifference.signTestP(8, 0), 1e-15);
        assertEquals(0.375, PairedDifference.signTestP(4, 1), 1e-12);
        assertEquals(1.0, PairedDifference.signTestP(1, 2), 1e-15);
        assertEquals(1.0, PairedDifference.signTestP(0, 0), 1e-15);
    }

    @Test
    void holmStepDownByHand() {
        List<PairedDifference> family = List.of(withP(0.01), withP(0.04), withP(0.03));
        List<PairedDifference> adjusted = PairedDifference.holm(family);
        // sorted 0.01·3 = 0.03, 0.03·2 = 0.06, 0.04·1 = 0.04 → monotone 0.06
        assertEquals(0.03, adjusted.get(0).adjustedP(), 1e-15);
        assertEquals(0.06, adjusted.get(1).adjustedP(), 1e-15);
        assertEquals(0.06, adjusted.get(2).adjustedP(), 1e-15);
        assertTrue(adjusted.stream().allMatch(c -> c.comparisons() == 3));
        assertEquals(Verdict.BETTER, adjusted.get(0).verdict());
        assertEquals(Verdict.NOT_SEPARATED, adjusted.get(2).verdict());
        assertTrue(adjusted.get(2).unadjustedSeparated());
        assertEquals(1.0, PairedDifference.holm(List.of(withP(0.6), withP(0.5))).get(0).adjustedP(), 1e-15);
    }

    private static PairedDifference withP(double p) {
        return new PairedDifference("x" + p, "base", 5, 1, 0.5, 1.5, 5, 0, 0, p, 0.0625, p, 1, true);
    }

    private static List<Double> box(double[] v) {
        return Arrays.stream(v).boxed().toList();
    }
}
