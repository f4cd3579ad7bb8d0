package dev.optimlab.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.optimlab.experiment.Experiment;
import dev.optimlab.experiment.SpecParser;
import dev.optimlab.experiment.comparison.Comparison;
import dev.optimlab.experiment.comparison.Plan;
import dev.optimlab.experiment.comparison.Spec;
import dev.optimlab.run.Trial;
import dev.optimlab.run.TrialEngine;
import dev.optimlab.run.TrialStore;

/**
 * A run whose units are Spark tasks on {@code local[2]} writes the same files as a local run: a
 * comparison the same trial files (apart from the fields that describe the run: wall time, peak
 * memory) and verdicts, resuming after a run stopped half-way; a cross-validation (units of its own,
 * not trials) the same report and tables. An executor whose plan differs from the driver's refuses
 * the trial.
 */
class SparkRunTest {

    private static final Path SPEC = Path.of("experiments", "regression-exercise.yaml");

    @TempDir
    Path dir;

    private Experiment.Settings settings(String results) {
        return new Experiment.Settings(dir.resolve(results), Path.of("data"), false, "test",
                new PrintStream(new ByteArrayOutputStream())).withWorkers(1);
    }

    /** An engine for one run into {@code results} (it snapshots the results stored there now). */
    private SparkEngine engine(Path spec, String results, String name) {
        return new SparkEngine(SparkEngine.conf("local[2]"), TrialEngine.job(spec, true, Path.of("data"))
                .withResults(dir.resolve(results).resolve(name), false, false));
    }

    @Test
    void sparkTasksWriteTheSameTrialsAsALocalRunAndResume() throws Exception {
        Spec spec = SpecParser.parse(SPEC, true);
        Comparison.Outcome local = new Comparison(spec).run(settings("local"), Integer.MAX_VALUE);
        try (SparkEngine spark = engine(SPEC, "spark", spec.name())) {
            assertEquals(2, spark.slots());
            Comparison.Outcome first = new Comparison(spec).run(settings("spark").withEngine(spark), 4);
            assertEquals(4, first.ran());
            assertNull(first.report(), "a run stopped half-way writes no report");
        }
        try (SparkEngine spark = engine(SPEC, "spark", spec.name())) {
            Comparison.Outcome second = new Comparison(spec).run(settings("spark").withEngine(spark), Integer.MAX_VALUE);
            assertEquals(4, second.skipped());
            assertEquals(local.ran() - 4, second.ran());
        }
        Path localTrials = dir.resolve("local/regression-exercise/trials");
        List<Path> files = trialFiles(localTrials);
        assertEquals(local.ran(), files.size());
        assertEquals(files.stream().map(Path::getFileName).toList(),
                trialFiles(dir.resolve("spark/regression-exercise/trials")).stream().map(Path::getFileName).toList());
        for (Path f : files) {
            Path s = dir.resolve("spark/regression-exercise/trials").resolve(f.getFileName());
            assertEquals(withoutRunFields(f), withoutRunFields(s), f.getFileName().toString());
        }
        assertEquals(Files.readString(dir.resolve("local/regression-exercise/verdicts.csv")),
                Files.readString(dir.resolve("spark/regression-exercise/verdicts.csv")), "the same verdicts");
    }

    /**
     * A kind with independent units of its own, in two calls (the tabular seeds, then the series'
     * seeds): the report and tables computed from Spark tasks equal the local run's, number for
     * number, apart from the run's own time.
     */
    @Test
    void crossValidationSeedsAsSparkTasksGiveTheLocalRunsFiles() throws Exception {
        Path spec = Path.of("experiments", "cross-validation.yaml");
        Experiment local = SpecParser.parseAny(spec, true);
        local.run(settings("local"));
        try (SparkEngine spark = engine(spec, "spark", local.name())) {
            SpecParser.parseAny(spec, true).run(settings("spark").withEngine(spark));
        }
        List<Path> written = files(dir.resolve("local").resolve(local.name()));
        assertFalse(written.isEmpty());
        assertEquals(written, files(dir.resolve("spark").resolve(local.name())));
        for (Path f : written) {
            assertEquals(withoutRunTime(dir.resolve("local").resolve(local.name()).resolve(f)),
                    withoutRunTime(dir.resolve("spark").resolve(local.name()).resolve(f)), f.toString());
        }
    }

    @Test
    void anExecutorWhosePlanDiffersRefusesTheTrial() {
        Spec spec = SpecParser.parse(SPEC, true);
        List<Trial> plan = Plan.of(spec);
        Trial trial = plan.get(0);
        TrialEngine.Job job = TrialEngine.job(SPEC, true, Path.of("data"));
        String key = RemoteUnits.key(trial, 0);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> RemoteUnits.compute(job, List.of(),
                new RemoteUnits.Task(0, 0, key, "0" + trial.fingerprint(), plan.size())));
        assertTrue(e.getMessage().contains("fingerprint"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> RemoteUnits.compute(job, List.of(),
                new RemoteUnits.Task(0, 0, "trial no-such-trial", trial.fingerprint(), plan.size())));
    }

    private static ObjectNode withoutRunFields(Path trial) throws Exception {
        ObjectNode n = (ObjectNode) new ObjectMapper().readTree(trial.toFile());
        TrialStore.RUN_FIELDS.forEach(n::remove);
        return n;
    }

    /** The files of a results directory, relative to it, sorted. */
    private static List<Path> files(Path root) throws Exception {
        try (Stream<Path> all = Files.walk(root)) {
            return all.filter(Files::isRegularFile).map(root::relativize).sorted().toList();
        }
    }

    /** A written file's text without the lines that carry the run's own time (or binary files' bytes as text). */
    private static String withoutRunTime(Path file) throws Exception {
        return Files.readString(file, java.nio.charset.StandardCharsets.ISO_8859_1).lines()
                .filter(l -> !RUN_TIME.matcher(l).find()).collect(Collectors.joining("\n"));
    }

    /** The report's run time and provenance lines (when and where it was written). */
    private static final Pattern RUN_TIME = Pattern.compile("^(Run time: |- written: |- code: |- machine: )");

    private static List<Path> trialFiles(Path trials) throws Exception {
        return new TrialStore(trials).files();
    }
}
