package dev.optimlab.experiment.benchmark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** Profiles and scores on a hand-worked example, and against the independent recomputation. */
class PerformanceProfileTest {

    private static final double INF = Double.POSITIVE_INFINITY;

    private static Measures.Row row(String problem, String arm, double steps) {
        return new Measures.Row(problem, arm, 10, 0.9, 0.01, steps, 1, 1, 0);
    }

    /**
     * p1: a 100, b 200, c ∞ → ratios 1, 2, ∞; p2: a 400, b 100, c 150 → 4, 1, 1.5; p3 nobody reached.
     * Scores: a ((4−1) + 0 + 0)/3/3 = 1/3; b ((4−2) + 3 + 0)/3/3 = 5/9; c (0 + 2.5 + 0)/3/3 = 5/18.
     */
    static final List<Measures.Row> ROWS = List.of(row("p1", "a", 100), row("p1", "b", 200), row("p1", "c", INF),
            row("p2", "a", 400), row("p2", "b", 100), row("p2", "c", 150),
            row("p3", "a", INF), row("p3", "b", INF), row("p3", "c", INF));

    @Test
    void handWorkedScoresAndProfile() {
        PerformanceProfile p = PerformanceProfile.of(ROWS);
        assertEquals(1.0 / 3, p.scores().get("a"), 1e-12);
        assertEquals(5.0 / 9, p.scores().get("b"), 1e-12);
        assertEquals(5.0 / 18, p.scores().get("c"), 1e-12);
        assertEquals(1.0 / 3, p.rho("a", 1), 1e-12);
        assertEquals(2.0 / 3, p.rho("b", 2), 1e-12);
        assertEquals(0.0, p.rho("c", 1.49), 1e-12);
        assertEquals(1.0 / 3, p.rho("c", 1.5), 1e-12);
    }

    @Test
    void closedFormEqualsTheNumericalIntegralOfTheCsv() {
        List<String> csv = new ArrayList<>(List.of(BenchmarkReport.FINAL_HEADER));
        for (Measures.Row r : ROWS) {
            csv.add(String.join(",", r.problem(), r.arm(), "10", "0.9", "0.01", Double.toString(r.stepsToTarget()),
                    "1", "1", "0"));
        }
        Map<String, Double> recomputed = ProfileRecomputation.scores(csv);
        PerformanceProfile.of(ROWS).scores().forEach((arm, s) -> assertEquals(s, recomputed.get(arm), 1e-4, arm));
    }

    @Test
    void medianCountsMissedSeedsAsInfinite() {
        assertEquals(150, Measures.median(new double[] {200, 100}), 0);
        assertEquals(INF, Measures.median(new double[] {100, INF}), 0);
        assertEquals(100, Measures.median(new double[] {INF, 100, 50}), 0);
    }
}
