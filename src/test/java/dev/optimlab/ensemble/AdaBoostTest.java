package dev.optimlab.ensemble;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.junit.jupiter.api.Test;

/** SAMME's weights, errors and votes against a small example computed by hand. */
class AdaBoostTest {

    /**
     * Six points on a line, classes 0 0 0 1 1 2. Round 1, weights 1/6: the best stump splits at
     * 3.5 (left 0, right 1) and misses only x = 6, so err₁ = 1/6 and
     * α₁ = log(5/6 ÷ 1/6) + log(3 − 1) = log 10. The missed point's weight becomes 10/6; after
     * renormalising by 15/6 it is 2/3 and the others 1/15. Round 2: no stump can fit all of
     * {0,0,0,1,1} and {2}; the best stumps (split at 3.5 predicting 0|2, or at 5.5
     * predicting 0|2) both miss just the two 1s, err₂ = 2/15, α₂ = log(13/15 ÷ 2/15) + log 2 = log 13.
     */
    @Test
    void sammeOnAHandComputedExample() {
        double[][] x = {{1}, {2}, {3}, {4}, {5}, {6}};
        int[] y = {0, 0, 0, 1, 1, 2};
        AdaBoost a = AdaBoost.fit(x, y, 3, 2, 1.0);
        AdaBoost.Round r1 = a.rounds().get(0);
        assertEquals(new DecisionStump(0, 3.5, 0, 1), r1.stump());
        assertEquals(1.0 / 6, r1.error(), 1e-15);
        assertEquals(Math.log(10), r1.alpha(), 1e-12);
        AdaBoost.Round r2 = a.rounds().get(1);
        assertEquals(2.0 / 15, r2.error(), 1e-12);
        assertEquals(Math.log(13), r2.alpha(), 1e-12);

        boolean[] wrong = {false, false, false, false, false, true};
        double[] w = AdaBoost.reweight(new double[] {1.0 / 6, 1.0 / 6, 1.0 / 6, 1.0 / 6, 1.0 / 6, 1.0 / 6}, wrong,
                Math.log(10));
        assertArrayEquals(new double[] {1.0 / 15, 1.0 / 15, 1.0 / 15, 1.0 / 15, 1.0 / 15, 2.0 / 3}, w, 1e-15);
        assertEquals(2.0 / 3, AdaBoost.weightedError(w, wrong), 1e-15);
        // Vote after two rounds at x = 6: class 1 gets log 10 from round 1, class 2 gets log 13
        // from round 2 (both round-2 stumps put x = 6 in class 2), so 2 wins; at x = 1 class 0 wins.
        assertEquals(2, a.predict(new double[] {6}));
        assertEquals(0, a.predict(new double[] {1}));
    }

    @Test
    void alphaReducesToDiscreteAdaBoostForTwoClassesAndVanishesAtChance() {
        assertEquals(Math.log(0.8 / 0.2), AdaBoost.alpha(0.2, 2, 1), 1e-15);
        assertEquals(0.5 * Math.log(0.8 / 0.2), AdaBoost.alpha(0.2, 2, 0.5), 1e-15);
        assertEquals(0, AdaBoost.alpha(0.9, 10, 1), 1e-12, "err = 1 − 1/K is chance for K = 10");
        assertTrue(Double.isFinite(AdaBoost.alpha(0, 3, 1)), "perfect stump: α stays finite");
    }

    @Test
    void boostingStumpsFitsAnIntervalNoSingleStumpCan() {
        Random rng = new Random(2);
        int n = 200;
        double[][] x = new double[n][2];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            x[i][0] = rng.nextDouble() * 6;
            x[i][1] = rng.nextDouble();
            y[i] = x[i][0] > 2 && x[i][0] < 4 ? 1 : 0;
        }
        AdaBoost a = AdaBoost.fit(x, y, 2, 30, 1.0);
        int[][] staged = a.staged(x, 30);
        double first = Metric.ACCURACY.score(Metric.correct(staged[0], y));
        double last = Metric.ACCURACY.score(Metric.correct(staged[29], y));
        assertTrue(first < 0.9, "one stump cannot isolate an interval: " + first);
        assertEquals(1.0, last, 1e-12, "three stumps' weighted vote can");
        for (AdaBoost.Round r : a.rounds()) {
            assertTrue(r.error() < 0.5 && r.alpha() > 0, "every kept round beats chance");
        }
    }

    @Test
    void stagedPredictionsEndInTheFullVoteAndRepeatAfterAnEarlyStop() {
        double[][] x = {{0}, {1}, {2}, {3}};
        int[] y = {0, 0, 1, 1};
        AdaBoost a = AdaBoost.fit(x, y, 2, 10, 1.0);
        assertEquals(1, a.rounds().size(), "a perfect first stump ends boosting");
        int[][] staged = a.staged(x, 5);
        for (int[] stage : staged) {
            assertArrayEquals(y, stage);
        }
    }
}
