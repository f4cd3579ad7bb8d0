package dev.optimlab.experiment.crossvalidation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.optimlab.report.ResultsIndex;
import dev.optimlab.experiment.Experiment;
import dev.optimlab.experiment.QuickRuns;
import dev.optimlab.experiment.SpecException;
import dev.optimlab.experiment.SpecFixtures;
import dev.optimlab.experiment.SpecParser;

/** The cross-validation kind: spec validation, split invariants and the quick variant end to end. */
class CrossValidationTest {

    private static final Path SPEC = Path.of("experiments", "cross-validation.yaml");

    @TempDir
    Path dir;

    @Test
    void committedSpecIsValidAndItsQuickVariantIsSmaller() {
        CrossValidationSpec full = ((CrossValidation) SpecParser.parseAny(SPEC, false)).spec();
        CrossValidationSpec quick = ((CrossValidation) SpecParser.parseAny(SPEC, true)).spec();
        assertTrue(full.seeds().size() >= 5, "the optimistic bias must be measured over ≥ 5 repetitions");
        assertTrue(quick.tabular().model().epochs() < full.tabular().model().epochs());
        assertTrue(quick.timeSeries().length() < full.timeSeries().length());
    }

    @Test
    void tabularPartsAreDisjoint() {
        CrossValidationSpec.Tabular t = ((CrossValidation) SpecParser.parseAny(SPEC, false)).spec().tabular();
        int[][] parts = TabularSelection.parts(1797, t, 4);
        Set<Integer> seen = new HashSet<>();
        int total = 0;
        for (int[] p : parts) {
            for (int i : p) {
                assertTrue(seen.add(i), "example " + i + " is in two parts");
            }
            total += p.length;
        }
        assertEquals(1797, total, "fresh: 0 means the rest of the table");
        assertEquals(t.train(), parts[0].length);
        assertEquals(t.test(), parts[1].length);
        assertThrows(IllegalArgumentException.class, () -> TabularSelection.parts(300, t, 4));
    }

    @Test
    void ties_goToTheStrongerWeightDecay() {
        assertEquals(2, TabularSelection.argmin(new double[] {0.2, 0.1, 0.1, 0.3}));
        assertEquals(0, TabularSelection.argmin(new double[] {0.05, 0.1, 0.1}));
    }

    @Test
    void badSpecsNameTheField() throws Exception {
        String base = Files.readString(SPEC);
        String[][] cases = {
            {"weightDecay: [0.0001, 0.001,", "weightDecay: [0.01, 0.001,", "tabular.weightDecay[1]", "increasing"},
            {"  stratified: true", "  stratified: yes please", "tabular.stratified", "allowed: true, false"},
            {"  blocks: 6 ", "  blocks: 3 ", "timeSeries.blocks", "minTrainBlocks + 2"},
            {"  hidden: 32\n  epochs: 60", "  hidden: 32\n  widths: [8]\n  epochs: 60", "timeSeries.widths", "unknown key"},
            {"name: random-walk,", "name: stationary,", "timeSeries.series[1].name", "duplicate"},
            {"data: digits", "data: diabetes", "tabular.data", "allowed: iris, wine, breast-cancer, digits"},
        };
        for (String[] c : cases) {
            assertTrue(base.contains(c[0]), "fixture text not found: " + c[0]);
            Path bad = SpecFixtures.write(dir, "bad.yaml", base.replace(c[0], c[1]));
            SpecException e = assertThrows(SpecException.class, () -> SpecParser.parseAny(bad, false), c[2]);
            assertTrue(e.getMessage().contains(c[2]) && e.getMessage().contains(c[3]), e.getMessage());
        }
    }

    @Test
    void quickVariantRunsEndToEnd() throws Exception {
        Path a = QuickRuns.report("cross-validation");
        Path outA = a.getParent();
        String report = Files.readString(a);
        assertTrue(report.contains(ResultsIndex.SUMMARY_MARK), "the index needs a summary line");
        assertTrue(report.contains("## Reproduce"));
        for (String f : List.of("cv-curve.png", "time-series-stationary.png", "time-series-random-walk.png", "tabular.csv", "time-series.csv")) {
            assertTrue(Files.size(outA.resolve(f)) > 0, f);
        }
        List<String> tab = Files.readAllLines(outA.resolve("tabular.csv"));
        assertEquals(1 + 2 * 2, tab.size(), "seeds × weight decays");
        for (long seed : new long[] {1, 2}) {
            List<String[]> rows = tab.stream().skip(1).map(l -> l.split(",")).filter(r -> r[0].equals(String.valueOf(seed))).toList();
            double minCv = rows.stream().mapToDouble(r -> Double.parseDouble(r[2])).min().orElseThrow();
            double minTest = rows.stream().mapToDouble(r -> Double.parseDouble(r[3])).min().orElseThrow();
            assertEquals(1, rows.stream().filter(r -> r[5].equals("true")).count(), "CV chooses exactly one value");
            assertEquals(1, rows.stream().filter(r -> r[6].equals("true")).count(), "the test set picks exactly one value");
            rows.stream().filter(r -> r[5].equals("true")).forEach(r -> assertEquals(minCv, Double.parseDouble(r[2])));
            rows.stream().filter(r -> r[6].equals("true")).forEach(r -> assertEquals(minTest, Double.parseDouble(r[3])));
            for (String[] r : rows) {
                for (int k = 2; k <= 4; k++) {
                    double v = Double.parseDouble(r[k]);
                    assertTrue(v >= 0 && v <= 1, "error rates are fractions: " + v);
                }
            }
        }
        List<String> ts = Files.readAllLines(outA.resolve("time-series.csv"));
        assertEquals(1 + 2 * 2, ts.size(), "seeds × series × origins (blocks 4, minTrainBlocks 2 → origin 2 only)");
        for (String l : ts.subList(1, ts.size())) {
            String[] r = l.split(",");
            for (int k = 3; k <= 5; k++) {
                assertTrue(Double.parseDouble(r[k]) > 0, "MSE/σ² is positive: " + l);
            }
        }
    }

    /** Same spec, same numbers: a second quick run (slow; ResumeAndDivergenceTest checks determinism in CI). */
    @Test
    @Tag("slow")
    void aSecondRunGivesTheSameNumbers() throws Exception {
        Path a = QuickRuns.report("cross-validation");
        Path b = run(SpecParser.parseAny(SPEC, true), dir.resolve("b"));
        for (String f : List.of("tabular.csv", "time-series.csv")) {
            assertEquals(Files.readAllLines(a.getParent().resolve(f)), Files.readAllLines(b.getParent().resolve(f)),
                    "same spec, same numbers: " + f);
        }
    }

    private static Path run(Experiment e, Path results) throws Exception {
        return e.run(new Experiment.Settings(results, Path.of("data"), true, "test",
                new PrintStream(new ByteArrayOutputStream())));
    }
}
