package dev.optimlab.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
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

import dev.optimlab.experiment.comparison.Comparison;
import dev.optimlab.experiment.Experiment;
import dev.optimlab.experiment.comparison.Spec;
import dev.optimlab.experiment.SpecFixtures;
import dev.optimlab.experiment.SpecParser;

/**
 * {@code --workers 2} trains the same trials as one worker: every trial file equal apart from the
 * fields that describe the run rather than the trial (wall time, peak memory), and a parallel run
 * stopped half-way resumes like a serial one.
 */
class ParallelTrialsTest {

    /** What a trial file may differ in between two runs of the same code. */
    static final List<String> RUN_FIELDS = TrialStore.RUN_FIELDS;

    @TempDir
    Path dir;

    private Experiment.Settings settings(String results, int workers) {
        return new Experiment.Settings(dir.resolve(results), Path.of("data"), false, "test",
                new PrintStream(new ByteArrayOutputStream())).withWorkers(workers);
    }

    @Test
    void twoWorkersWriteTheSameTrialFilesAsOne() throws Exception {
        Spec spec = SpecParser.parse(SpecFixtures.write(dir, "tiny.yaml", SpecFixtures.VALID), false);
        new Comparison(spec).run(settings("serial", 1), Integer.MAX_VALUE);
        Comparison.Outcome parallel = new Comparison(spec).run(settings("parallel", 2), Integer.MAX_VALUE);
        assertEquals(6, parallel.ran());
        List<Path> serialFiles = trialFiles(dir.resolve("serial/tiny/trials"));
        assertEquals(6, serialFiles.size());
        for (Path s : serialFiles) {
            Path p = dir.resolve("parallel/tiny/trials").resolve(s.getFileName());
            assertEquals(withoutRunFields(s), withoutRunFields(p), s.getFileName().toString());
        }
        ObjectNode one = (ObjectNode) new ObjectMapper().readTree(serialFiles.get(0).toFile());
        assertTrue(one.get("peakHeapBytes").asLong() > 0 && one.get("peakOffHeapBytes").asLong() > 0,
                "each trial records its peak memory");
        assertEquals(Files.readString(dir.resolve("serial/tiny/verdicts.csv")),
                Files.readString(dir.resolve("parallel/tiny/verdicts.csv")), "the same verdicts");
    }

    @Test
    void aParallelRunStoppedHalfWayResumes() throws Exception {
        Spec spec = SpecParser.parse(SpecFixtures.write(dir, "tiny.yaml", SpecFixtures.VALID), false);
        Comparison.Outcome first = new Comparison(spec).run(settings("results", 2), 3);
        assertEquals(3, first.ran());
        assertNull(first.report());
        Path trials = dir.resolve("results/tiny/trials");
        assertEquals(3, trialFiles(trials).size());
        Comparison.Outcome second = new Comparison(spec).run(settings("results", 2), Integer.MAX_VALUE);
        assertEquals(3, second.ran());
        assertEquals(3, second.skipped());
        assertEquals(6, trialFiles(trials).size());
    }

    static ObjectNode withoutRunFields(Path trial) throws Exception {
        ObjectNode n = (ObjectNode) new ObjectMapper().readTree(trial.toFile());
        RUN_FIELDS.forEach(n::remove);
        return n;
    }

    private static List<Path> trialFiles(Path trials) throws Exception {
        return new TrialStore(trials).files();
    }
}
