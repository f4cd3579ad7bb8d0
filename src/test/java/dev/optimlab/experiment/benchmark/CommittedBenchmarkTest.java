package dev.optimlab.experiment.benchmark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

/**
 * The committed benchmark ({@code results/benchmark/}) against the "done when": its
 * {@code scores.csv} equals the score recomputed from its {@code final.csv} by the independent
 * loop of {@link ProfileRecomputation}, and it has the protocol's minimum size (≥ 4 problems,
 * ≥ 10 arms, ≥ 8 grid points per arm and problem, ≥ 10 seeds at the chosen point).
 */
class CommittedBenchmarkTest {

    private static final Path DIR = Path.of("results", "benchmark");

    @Test
    void committedScoresEqualTheScoresRecomputedFromFinalCsv() throws Exception {
        Map<String, Double> recomputed = ProfileRecomputation.scores(Files.readAllLines(DIR.resolve("final.csv")));
        Map<String, Double> written = new TreeMap<>();
        List<String> lines = Files.readAllLines(DIR.resolve("scores.csv"));
        for (String line : lines.subList(1, lines.size())) {
            written.put(line.split(",")[0], Double.parseDouble(line.split(",")[1]));
        }
        assertEquals(written.keySet(), recomputed.keySet());
        written.forEach((arm, s) -> assertEquals(s, recomputed.get(arm), 1e-4, arm));
        assertTrue(written.values().stream().anyMatch(s -> s > 0), "some arm reaches the target: " + written);
    }

    @Test
    void committedRunHasTheProtocolsMinimumSize() throws Exception {
        List<String> selection = Files.readAllLines(DIR.resolve("selection.csv"));
        List<String> header = List.of(selection.get(0).split(","));
        Set<String> problems = new HashSet<>();
        Set<String> arms = new HashSet<>();
        for (String line : selection.subList(1, selection.size())) {
            String[] r = line.split(",");
            problems.add(r[header.indexOf("problem")]);
            arms.add(r[header.indexOf("arm")]);
            assertTrue(Integer.parseInt(r[header.indexOf("gridPoints")]) >= 8, line);
        }
        assertTrue(problems.size() >= 4, "problems " + problems);
        assertTrue(arms.size() >= 10, "arms " + arms);
        List<String> fin = Files.readAllLines(DIR.resolve("final.csv"));
        int seeds = List.of(fin.get(0).split(",")).indexOf("seeds");
        assertEquals(problems.size() * arms.size(), fin.size() - 1);
        fin.subList(1, fin.size()).forEach(l -> assertTrue(Integer.parseInt(l.split(",")[seeds]) >= 10, l));
    }
}
