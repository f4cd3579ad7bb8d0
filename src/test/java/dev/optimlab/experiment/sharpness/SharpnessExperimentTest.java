package dev.optimlab.experiment.sharpness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import dev.optimlab.experiment.Experiment;
import dev.optimlab.experiment.QuickRuns;
import dev.optimlab.experiment.SpecException;
import dev.optimlab.experiment.SpecParser;

/**
 * The quick variant of {@code experiments/batch-size-sharpness.yaml} end to end: report, chart and
 * CSVs written; the invariants that tie them together (the slice passes through both probed
 * solutions, φ ≥ 0, the stopping rule is respected); same spec, same numbers; bad specs rejected
 * with the field named.
 */
class SharpnessExperimentTest {

    private static final Path SPEC = Path.of("experiments/batch-size-sharpness.yaml");

    @TempDir
    Path dir;

    private Path run(String results) throws Exception {
        Experiment e = SpecParser.parseAny(SPEC, true);
        assertTrue(e instanceof SharpnessExperiment);
        return e.run(new Experiment.Settings(dir.resolve(results), Path.of("data"), true, "test",
                new PrintStream(new ByteArrayOutputStream())));
    }

    private static List<Map<String, String>> csv(Path file) throws Exception {
        List<String> lines = Files.readAllLines(file);
        String[] head = lines.get(0).split(",");
        return lines.subList(1, lines.size()).stream().map(l -> {
            String[] cells = l.split(",");
            Map<String, String> m = new HashMap<>();
            for (int i = 0; i < head.length; i++) {
                m.put(head[i], cells[i]);
            }
            return m;
        }).toList();
    }

    @Test
    void quickVariantRunsEndToEndWithConsistentOutputs() throws Exception {
        SharpnessSpec spec = ((SharpnessExperiment) SpecParser.parseAny(SPEC, true)).spec();
        Path report = QuickRuns.report("batch-size-sharpness");
        Path out = report.getParent();
        String md = Files.readString(report);
        assertTrue(md.contains("<!-- summary: "), "summary line for the index");
        assertTrue(md.contains(SharpnessReport.CLAIM), "states the lecture's claim");
        assertTrue(md.contains("## Reproduce"));
        assertTrue(Files.size(out.resolve("interpolation.png")) > 1000);
        assertTrue(Files.isRegularFile(QuickRuns.ROOT.resolve("README.md")), "the results index is refreshed");

        List<Map<String, String>> runs = csv(out.resolve("runs.csv"));
        assertEquals(2 * spec.seeds().size(), runs.size());
        assertTrue(!runs.isEmpty(), "runs to check");
        Map<String, Double> probe = new HashMap<>();
        for (Map<String, String> r : runs) {
            int epochs = (int) Double.parseDouble(r.get("epochs"));
            assertTrue(epochs >= 1 && epochs <= spec.maxEpochs());
            if (Boolean.parseBoolean(r.get("reached_target"))) {
                assertTrue(Double.parseDouble(r.get("train_loss")) <= spec.targetLoss() + 1e-12);
            } else {
                assertEquals(spec.maxEpochs(), epochs, "an arm stops early only at the target");
            }
            for (String k : r.keySet()) {
                if (k.startsWith("phi_")) {
                    assertTrue(Double.parseDouble(r.get(k)) >= 0, k + " is a maximum over a box containing 0");
                }
            }
            assertEquals(Double.parseDouble(r.get("test_loss")) - Double.parseDouble(r.get("train_loss")),
                    Double.parseDouble(r.get("gap_loss")), 1e-12);
            probe.put(r.get("seed") + "/" + r.get("arm"), Double.parseDouble(r.get("probe_loss")));
        }

        List<Map<String, String>> slice = csv(out.resolve("interpolation.csv"));
        assertEquals(spec.seeds().size() * spec.points(), slice.size());
        int ends = 0;
        for (Map<String, String> s : slice) {
            double alpha = Double.parseDouble(s.get("alpha"));
            ends += alpha == 0 || alpha == 1 ? 1 : 0;
            if (alpha == 0) {
                assertEquals(probe.get(s.get("seed") + "/small"), Double.parseDouble(s.get("train_loss")), 1e-10,
                        "α = 0 is the small-batch solution");
            }
            if (alpha == 1) {
                assertEquals(probe.get(s.get("seed") + "/large"), Double.parseDouble(s.get("train_loss")), 1e-10,
                        "α = 1 is the large-batch solution");
            }
        }
        assertEquals(2 * spec.seeds().size(), ends, "both ends of every slice were checked");

    }

    /** Same spec, same numbers: a second quick run (slow; ResumeAndDivergenceTest checks determinism in CI). */
    @Test
    @Tag("slow")
    void aSecondRunGivesTheSameNumbers() throws Exception {
        Path out = QuickRuns.report("batch-size-sharpness").getParent();
        Path again = run("b").getParent();
        assertEquals(Files.readString(out.resolve("runs.csv")), Files.readString(again.resolve("runs.csv")));
        assertEquals(Files.readString(out.resolve("interpolation.csv")), Files.readString(again.resolve("interpolation.csv")));
    }

    private SpecException bad(String text) throws Exception {
        Path p = dir.resolve("bad.yaml");
        Files.writeString(p, text);
        return assertThrows(SpecException.class, () -> SpecParser.parseAny(p, false));
    }

    @Test
    void badSpecsNameTheField() throws Exception {
        String base = """
                name: s
                kind: sharpness
                data: {source: mnist, trainSize: 2000}
                model: {hidden: [8]}
                seeds: [1]
                """;
        SpecParser.parseAny(writeValid(base), false); // the base is valid
        assertTrue(bad(base + "smallBatch: 64\nlargeBatch: 32\n").getMessage().contains("largeBatch"));
        assertTrue(bad(base + "largeBatch: 5000\n").getMessage().contains("trainSize"));
        assertTrue(bad(base + "sharpness: {epsilon: 0.001}\n").getMessage().contains("sharpness.epsilon"));
        assertTrue(bad(base.replace("mnist", "iris")).getMessage().contains("fashion-mnist"));
        assertTrue(bad(base + "interpolation: {from: 2, to: 1}\n").getMessage().contains("interpolation.to"));
        assertTrue(bad(base.replace("seeds: [1]", "seeds: [1, 1]")).getMessage().contains("duplicate seed"));
    }

    private Path writeValid(String text) throws Exception {
        Path p = dir.resolve("ok.yaml");
        Files.writeString(p, text);
        return p;
    }
}
