package dev.optimlab.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

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
 * A comparison trained as Spark tasks on {@code local[2]} writes the same trial files as a local
 * run (apart from the fields that describe the run: wall time, peak memory), the same verdicts,
 * and resumes after a run stopped half-way; an executor whose plan differs from the driver's
 * refuses the trial.
 */
class SparkRunTest {

    private static final Path SPEC = Path.of("experiments", "regression-exercise.yaml");

    @TempDir
    Path dir;

    private Experiment.Settings settings(String results) {
        return new Experiment.Settings(dir.resolve(results), Path.of("data"), false, "test",
                new PrintStream(new ByteArrayOutputStream())).withWorkers(1);
    }

    @Test
    void sparkTasksWriteTheSameTrialsAsALocalRunAndResume() throws Exception {
        Spec spec = SpecParser.parse(SPEC, true);
        Comparison.Outcome local = new Comparison(spec).run(settings("local"), Integer.MAX_VALUE);
        try (SparkEngine spark = new SparkEngine(SparkEngine.conf("local[2]"), TrialEngine.job(SPEC, true, Path.of("data")))) {
            assertEquals(2, spark.slots());
            Experiment.Settings onSpark = settings("spark").withEngine(spark);
            Comparison.Outcome first = new Comparison(spec).run(onSpark, 4);
            assertEquals(4, first.ran());
            assertNull(first.report(), "a run stopped half-way writes no report");
            Comparison.Outcome second = new Comparison(spec).run(onSpark, Integer.MAX_VALUE);
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

    @Test
    void anExecutorWhosePlanDiffersRefusesTheTrial() {
        Spec spec = SpecParser.parse(SPEC, true);
        Trial trial = Plan.of(spec).get(0);
        TrialEngine.Job job = TrialEngine.job(SPEC, true, Path.of("data"));
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> RemoteTrials.train(new RemoteTrials.Task(job, trial.id(), "0" + trial.fingerprint())));
        assertTrue(e.getMessage().contains("fingerprint"), e.getMessage());
        assertThrows(IllegalStateException.class,
                () -> RemoteTrials.train(new RemoteTrials.Task(job, "no-such-trial", trial.fingerprint())));
    }

    private static ObjectNode withoutRunFields(Path trial) throws Exception {
        ObjectNode n = (ObjectNode) new ObjectMapper().readTree(trial.toFile());
        TrialStore.RUN_FIELDS.forEach(n::remove);
        return n;
    }

    private static List<Path> trialFiles(Path trials) throws Exception {
        return new TrialStore(trials).files();
    }
}
