package dev.optimlab.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import dev.optimlab.experiment.benchmark.ProfileRecomputation;

/**
 * The quick variant of {@code experiments/benchmark.yaml} (two problems, three optimizers, 3 grid
 * points, 2 seeds) end to end, and its score recomputed from {@code final.csv} by an independent
 * plain loop ({@link ProfileRecomputation}).
 */
class BenchmarkQuickTest {

    @Test
    void quickVariantWritesEveryTableOneRowPerProblemAndArm() throws Exception {
        Path dir = QuickRuns.report("benchmark").getParent();
        List<String> selection = Files.readAllLines(dir.resolve("selection.csv"));
        assertEquals(1 + 2 * 3, selection.size(), String.join("\n", selection));
        for (String line : selection.subList(1, selection.size())) {
            assertEquals("3", line.split(",")[2], line);
        }
        List<String> fin = Files.readAllLines(dir.resolve("final.csv"));
        assertEquals(1 + 2 * 3, fin.size());
        fin.subList(1, fin.size()).forEach(l -> assertEquals("2", l.split(",")[2], l));
        assertEquals(1 + 3, Files.readAllLines(dir.resolve("scores.csv")).size());
        try (Stream<Path> s = Files.walk(dir.resolve("deepobs"))) {
            // every trial once: 2 problems × 3 arms × (3 tuning points + 2 seeds)
            assertEquals(2 * 3 * (3 + 2), s.filter(p -> p.toString().endsWith(".json")).count());
        }
        try (Stream<Path> s = Files.list(dir.resolve("trials"))) {
            assertEquals(2 * 3 * (3 + 2), s.filter(p -> p.toString().endsWith(".json")).count());
        }
        String report = Files.readString(dir.resolve("REPORT.md"));
        assertTrue(report.contains("## Performance profiles and scores"), report);
        assertTrue(report.contains("## Cost"), report);
        // the edge flags of selection.csv said again in words, with their count
        long edges = selection.stream().skip(1).filter(l -> l.split(",")[4].equals("true")).count();
        assertTrue(edges == 0 ? report.contains("Every chosen setting lies inside its grid.")
                : report.contains("**Grid edges.** " + edges + " of 6 choices"), report);
        // the spec's second family (alsoAgainst: sgd vs momentum), one row per problem in verdicts.csv and a sentence each
        List<String> verdicts = Files.readAllLines(dir.resolve("verdicts.csv"));
        assertEquals(2, verdicts.stream().filter(l -> l.contains(" vs momentum,sgd,momentum,")).count(), String.join("\n", verdicts));
        assertEquals(2, report.split("Against the baseline `momentum`", -1).length - 1, report);
    }

    @Test
    void scoresCsvEqualsTheScoreRecomputedFromFinalCsv() throws Exception {
        Path dir = QuickRuns.report("benchmark").getParent();
        Map<String, Double> recomputed = ProfileRecomputation.scores(Files.readAllLines(dir.resolve("final.csv")));
        Map<String, Double> written = new TreeMap<>();
        for (String line : Files.readAllLines(dir.resolve("scores.csv")).subList(1, 4)) {
            written.put(line.split(",")[0], Double.parseDouble(line.split(",")[1]));
        }
        assertEquals(written.keySet(), recomputed.keySet());
        written.forEach((arm, s) -> assertEquals(s, recomputed.get(arm), 1e-4, arm));
    }
}
