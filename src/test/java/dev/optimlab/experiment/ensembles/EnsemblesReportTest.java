package dev.optimlab.experiment.ensembles;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.optimlab.ensemble.Metric;
import dev.optimlab.ensemble.NetworkLearner;

/** The report's verdicts follow the paired intervals, on hand-made results with a known answer. */
class EnsemblesReportTest {

    @TempDir
    Path dir;

    @Test
    void verdictsFollowThePairedIntervalsAndAnEarlyBoostingPeakIsNamed() throws Exception {
        int n = 200;
        // Squared errors: single network 4 everywhere, bagging 1 (clearly better), boosting 4 ± 1
        // alternating (the same on average: Δ's interval straddles 0).
        double[] single = new double[n];
        double[] bagged = new double[n];
        double[] boosted = new double[n];
        for (int i = 0; i < n; i++) {
            single[i] = 4;
            bagged[i] = 1;
            boosted[i] = i % 2 == 0 ? 3 : 5;
        }
        List<Ensembles.Run> s = List.of(new Ensembles.Run(single, 1.5, null, 1, 1), new Ensembles.Run(single, 1.5, null, 1, 1));
        List<Ensembles.Run> b = List.of(new Ensembles.Run(bagged, 1.2, 1.3, 2, 3), new Ensembles.Run(bagged, 1.2, 1.4, 2, 3));
        List<Ensembles.Run> g = List.of(new Ensembles.Run(boosted, 1.0, null, 0.1, 10), new Ensembles.Run(boosted, 1.0, null, 0.1, 10));
        double[] curve = {3, 2.5, 1.5, 1.8, 1.9, 1.95, 2.0, 2.0, 2.0, 2.0};
        EnsemblesSpec.Task task = new EnsemblesSpec.Task("toy", "diabetes", 1, 0.3, 1000,
                new NetworkLearner(List.of(2), "tanh", "adam", Map.of(), 1, 8), 3, 10, 0.1, 1, 5);
        EnsemblesSpec spec = new EnsemblesSpec("toy", "Toy", "", List.of(task), List.of(1L, 2L),
                new EnsemblesSpec.Intervals(300, 0.95, 1), "toy.yaml", "name: toy");
        Ensembles.TaskResult r = new Ensembles.TaskResult(task, Metric.RMSE, 50, n, 0,
                List.of(new Ensembles.Method("single network", "one", s), new Ensembles.Method("bagging", "bag", b),
                        new Ensembles.Method("boosting", "boost", g)),
                new double[][] {{2, 1.5, 1}, {2, 1.5, 1}}, new double[][] {curve, curve}, new double[][] {curve, curve});
        String md = Files.readString(new EnsemblesReport(spec, List.of(r)).write(dir, "test"));
        assertTrue(md.contains("bagging vs one network over the test set: **better** (2 → 1)"), md);
        assertTrue(md.contains("Boosting vs one network: **no difference detected at n = " + n + " test examples**"), md);
        // by seed, bagging is 3 lower in both seeds (constant difference): separated; boosting's per-seed scores tie
        assertTrue(md.contains("Against the baseline `single network` (toy test RMSE, paired by seed, n = 2, 2 comparisons,"
                + " Holm-adjusted paired t-tests at 5%): better: `bagging`; identical to it in every seed: `boosting`."), md);
        assertTrue(md.contains("best at round 3 (1.5) and ends worse (2)"), md);
        assertTrue(md.contains("| bagging | 3 | 1 | [1, 1] | 0 | -1 [-1, -1] | 1.35 |"), md); // no bold: every row would be "best"
    }
}
