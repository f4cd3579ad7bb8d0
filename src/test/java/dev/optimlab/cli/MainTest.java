package dev.optimlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import dev.optimlab.experiment.SpecFixtures;


/** The command line's contract: bad input exits 2 with one clear line and writes nothing. */
class MainTest {

    @TempDir
    Path dir;

    private String stderrOf(Runnable r) {
        PrintStream old = System.err;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setErr(new PrintStream(buf, true));
        try {
            r.run();
        } finally {
            System.setErr(old);
        }
        return buf.toString();
    }

    /**
     * {@code run SPEC --results DIR EXTRA...} must exit 2 with {@code message} on stderr and write
     * nothing: the results directory must not exist afterwards.
     */
    private void assertRunRefused(String spec, String message, String... extra) {
        Path results = dir.resolve("results");
        List<String> args = new ArrayList<>(List.of("run", spec, "--results", results.toString()));
        args.addAll(List.of(extra));
        int[] code = new int[1];
        String err = stderrOf(() -> code[0] = Main.execute(args.toArray(String[]::new)));
        assertEquals(Main.BAD_INPUT, code[0]);
        assertTrue(err.contains(message), err);
        assertFalse(Files.exists(results), "nothing may be written: " + message);
    }

    @Test
    void badSpecExitsWithTwoAndWritesNothing() throws Exception {
        Path spec = SpecFixtures.write(dir, "bad.yaml", SpecFixtures.VALID.replace("lr: 0.05}}\n  - {name: sgd/dl4j", "lr: 0}}\n  - {name: sgd/dl4j"));
        assertRunRefused(spec.toString(), "bad.yaml: field 'arms[0].hyperparameters': sgd: lr must be in (0, inf), got 0.0");
    }

    @Test
    void sparkForAKindWithoutStoredTrialsIsAcceptedAndNeedsOnlyTheEngine() {
        // every kind runs on Spark now: trajectories gets past the kind check and stops only at the missing engine
        assertRunRefused("experiments/trajectories.yaml", "--spark: the Spark engine is not on the classpath",
                "--spark", "local[2]");
    }

    @Test
    void sparkWithoutTheSparkModuleExitsWithTwoAndSaysHowToGetIt() throws Exception {
        Path spec = SpecFixtures.write(dir, "tiny.yaml", SpecFixtures.VALID);
        assertRunRefused(spec.toString(), "--spark: the Spark engine is not on the classpath", "--spark", "local[2]");
    }

    @Test
    void zeroWorkersExitsWithTwoAndWritesNothing() throws Exception {
        Path spec = SpecFixtures.write(dir, "tiny.yaml", SpecFixtures.VALID);
        assertRunRefused(spec.toString(), "--workers: 0 is not allowed; give a number of workers of at least 1",
                "--workers", "0");
    }

    @Test
    void validateAcceptsTheCommittedExercise() {
        assertEquals(0, Main.execute("validate", "experiments/regression-exercise.yaml"));
    }

    @Test
    void badDataDirectoryExitsWithTwoNamingTheFile() throws Exception {
        Path spec = SpecFixtures.write(dir, "iris.yaml", SpecFixtures.VALID
                .replace("{source: noisy-regression, function: sin, n: 40, noise: 0.2, seed: 3}", "{source: iris, seed: 3}")
                .replace("loss: mse", "loss: mcxent"));
        Path data = Files.createDirectories(dir.resolve("data"));
        Files.writeString(data.resolve("checksums.sha256"),
                "f13ffa8fdd56fd8e6c8d16d4081a3fbd3114bcd0aae4256c43205169cd9d1449  sklearn-small/iris.csv\n");
        int[] code = new int[1];
        String err = stderrOf(() -> code[0] = Main.execute("run", spec.toString(), "--results",
                dir.resolve("results").toString(), "--data", data.toString()));
        assertEquals(Main.BAD_INPUT, code[0]);
        assertTrue(err.contains("sklearn-small/iris.csv: file not found"), err);
    }

    @Test
    void unknownOptionIsAUsageError() {
        assertEquals(2, Main.execute("run", "--no-such-option"));
    }
}
