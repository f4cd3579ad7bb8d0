package dev.optimlab.experiment.ensembles;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.optimlab.data.Datasets;
import dev.optimlab.report.ResultsIndex;
import dev.optimlab.experiment.Experiment;
import dev.optimlab.experiment.QuickRuns;
import dev.optimlab.experiment.SpecException;
import dev.optimlab.experiment.SpecFixtures;
import dev.optimlab.experiment.SpecParser;

/** The committed ensembles spec, quick variant, end to end; and the spec's validation. */
class EnsemblesTest {

    private static final Path SPEC = Path.of("experiments/ensembles.yaml");

    @TempDir
    Path dir;

    private Experiment.Settings settings() {
        return new Experiment.Settings(dir.resolve("results"), Path.of("data"), true, "test",
                new PrintStream(OutputStream.nullOutputStream()));
    }

    @Test
    void quickVariantRunsEndToEndAndWritesTheTablesChartsAndCsv() throws Exception {
        Ensembles full = assertInstanceOf(Ensembles.class, SpecParser.parseAny(SPEC, false));
        Ensembles quick = assertInstanceOf(Ensembles.class, SpecParser.parseAny(SPEC, true));
        assertTrue(full.spec().seeds().size() >= 5, "the full variant has at least 5 seeds");
        assertTrue(quick.spec().seeds().size() < full.spec().seeds().size());

        Path report = QuickRuns.report("ensembles");
        String md = Files.readString(report);
        assertTrue(md.contains(ResultsIndex.SUMMARY_MARK), "summary line for the index");
        assertTrue(md.contains("## Reproduce"), "ends with the Reproduce section");
        Path out = report.getParent();
        for (EnsemblesSpec.Task t : quick.spec().tasks()) {
            assertTrue(md.contains("## " + t.name()));
            assertTrue(Files.size(out.resolve(t.name() + "-bagging.png")) > 1000);
            assertTrue(Files.size(out.resolve(t.name() + "-boosting.png")) > 1000);
            List<String> scores = Files.readAllLines(out.resolve(t.name() + "-scores.csv"));
            int seeds = quick.spec().seeds().size();
            assertEquals(1 + 3 * seeds, scores.size(), "one row per method and seed");
            List<String> staged = Files.readAllLines(out.resolve(t.name() + "-staged.csv"));
            assertEquals(1 + seeds * (t.members() + t.rounds()), staged.size(), "one row per stage and seed");
            for (String row : scores.subList(1, scores.size())) {
                String[] c = row.split(",");
                double score = Double.parseDouble(c[3]);
                assertTrue(t.classification() ? score >= 0 && score <= 1 : score > 0, row);
                if (c[0].equals("bagging")) {
                    assertEquals(t.members(), Integer.parseInt(c[2]));
                    assertTrue(!c[5].isEmpty(), "bagging has an out-of-bag estimate");
                }
                if (c[0].equals("boosting")) {
                    assertTrue(Integer.parseInt(c[2]) <= t.rounds());
                }
            }
            // Every method row shows a point estimate inside its bootstrap interval.
            for (String line : md.lines().filter(l -> l.startsWith("| single network") || l.startsWith("| bagging")
                    || l.startsWith("| boosting")).toList()) {
                String[] c = line.split("\\|");
                double est = Double.parseDouble(c[3].strip().replace("*", ""));
                String[] ci = c[4].strip().replace("[", "").replace("]", "").split(",");
                assertTrue(Double.parseDouble(ci[0]) <= est + 1e-3 && est - 1e-3 <= Double.parseDouble(ci[1]), line);
            }
        }
        assertTrue(Files.exists(QuickRuns.ROOT.resolve("README.md")), "index refreshed");
    }

    @Test
    void sameSeedsSameNumbers() {
        Ensembles quick = assertInstanceOf(Ensembles.class, SpecParser.parseAny(SPEC, true));
        EnsemblesSpec.Task task = quick.spec().tasks().get(quick.spec().tasks().size() - 1);
        Datasets data = new Datasets(Path.of("data"));
        Ensembles.TaskResult a = quick.runTask(task, data, settings());
        Ensembles.TaskResult b = quick.runTask(task, data, settings());
        for (int m = 0; m < 3; m++) {
            for (int s = 0; s < quick.spec().seeds().size(); s++) {
                assertArrayEquals(a.methods().get(m).runs().get(s).perExample(),
                        b.methods().get(m).runs().get(s).perExample(), 0, a.methods().get(m).name());
            }
        }
        assertArrayEquals(a.boostingTest()[0], b.boostingTest()[0], 0);
    }

    private String error(String spec) throws Exception {
        Path p = dir.resolve("bad.yaml");
        Files.writeString(p, spec);
        return assertThrows(SpecException.class, () -> SpecParser.parseAny(p, false)).getMessage();
    }

    private static final String VALID = """
            name: ens
            kind: ensembles
            seeds: [1]
            tasks:
              - data: {source: wine}
                network: {hidden: [4]}
            """;

    @Test
    void badSpecsNameFileFieldAndAllowedValues() throws Exception {
        assertInstanceOf(Ensembles.class, SpecParser.parseAny(SpecFixtures.write(dir, "ok.yaml", VALID), false));
        assertTrue(error(VALID.replace("wine", "mnist")).contains(
                "bad.yaml: field 'tasks[0].data.source': unknown value 'mnist'; allowed: iris, wine, breast-cancer, "
                        + "digits, diabetes"));
        assertTrue(error(VALID.replace("hidden: [4]", "hidden: [4], epoch: 3"))
                .contains("field 'tasks[0].network.epoch': unknown key"));
        assertTrue(error(VALID + "    boosting: {subsample: 0.5}\n")
                .contains("field 'tasks[0].boosting.subsample': unknown key"), "AdaBoost has no subsample");
        assertTrue(error(VALID.replace("hidden: [4]", "hidden: [4], optimizer: sam"))
                .contains("field 'tasks[0].network.optimizer': unknown value 'sam'"));
        assertTrue(error(VALID + "    members: 0\n").contains("field 'tasks[0].members': must be in [1, 1000], got 0"));
        assertTrue(error(VALID.replace("seeds: [1]", "seeds: [1, 1]")).contains("duplicate seed 1"));
    }
}
