package dev.optimlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.optimlab.run.RunLock;
import dev.optimlab.experiment.SpecFixtures;

/**
 * The trust issue's scenarios, each tried through the command line as a user would: every one
 * ends in a correct report or in a refusal (exit 2, one message, no stack trace) that changed no
 * file. Runs pass --allow-dirty unless provenance is what is tested: a work tree under test may
 * have uncommitted changes.
 */
class TrustScenariosTest {

    @TempDir
    Path dir;

    /** What a command printed and returned. */
    record Result(int code, String out, String err) {
    }

    @AfterEach
    void clearHome() {
        System.clearProperty("optimlab.home");
    }

    static Result cli(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true));
        System.setErr(new PrintStream(err, true));
        try {
            int code = Main.execute(args);
            return new Result(code, out.toString(), err.toString());
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    private Path results() {
        return dir.resolve("results");
    }

    private Result run(Path spec, String... extra) {
        List<String> args = new ArrayList<>(List.of("run", spec.toString(), "--results", results().toString(), "--allow-dirty"));
        args.addAll(List.of(extra));
        return cli(args.toArray(String[]::new));
    }

    /** Every file under {@code root} with its content hash and modification time. */
    static Map<String, String> snapshot(Path root) throws Exception {
        Map<String, String> out = new TreeMap<>();
        if (!Files.exists(root)) {
            return out;
        }
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                byte[] sha = MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p));
                out.put(root.relativize(p).toString(), HexFormat.of().formatHex(sha) + " " + Files.getLastModifiedTime(p));
            }
        }
        return out;
    }

    private static void assertRefused(Result r, String... words) {
        assertEquals(Main.BAD_INPUT, r.code(), r.out() + r.err());
        for (String w : words) {
            assertTrue(r.err().contains(w), "missing '" + w + "' in: " + r.err());
        }
        assertFalse(r.err().contains("Exception") || r.err().contains("\tat "), "no stack trace for a user error: " + r.err());
    }

    @Test
    void changedSpecRefusesStaleTrialsThenRetrainsOnlyThem() throws Exception {
        Path spec = SpecFixtures.write(dir, "tiny.yaml", SpecFixtures.VALID);
        assertEquals(0, run(spec).code());
        Map<String, String> before = snapshot(results());
        SpecFixtures.write(dir, "tiny.yaml", SpecFixtures.VALID.replace("lr: 0.05}}\n  - {name: sgd/dl4j",
                "lr: 0.5}}\n  - {name: sgd/dl4j"));
        assertRefused(run(spec), "2 of 6 stored trials", "sgd_optimlab__seed1.json: arm.hyperparameters.lr: 0.05 → 0.5",
                "--retrain-stale", "--fresh");
        assertEquals(before, snapshot(results()), "a refused run changes no file");

        Result again = run(spec, "--retrain-stale");
        assertEquals(0, again.code(), again.err());
        assertTrue(again.out().contains("2 trials run, 4 already finished (kept)"), again.out());
        var stored = new ObjectMapper().readTree(results().resolve("tiny/trials/sgd_optimlab__seed2.json").toFile());
        assertEquals(0.5, stored.get("hyperparameters").get("lr").asDouble());
        assertEquals(stored.get("fingerprint").asText().length(), 64);
        Result unchanged = run(spec);
        assertTrue(unchanged.out().contains("0 trials run, 6 already finished (kept)"), "an unchanged spec resumes: " + unchanged.out());
    }

    @Test
    void copiedSpecKeepingTheNameIsNotTheSameTrial() throws Exception {
        assertEquals(0, run(SpecFixtures.write(dir, "tiny.yaml", SpecFixtures.VALID)).code());
        Map<String, String> before = snapshot(results());
        Path copy = SpecFixtures.write(dir, "copy.yaml", SpecFixtures.VALID.replace("epochs: 2", "epochs: 3"));
        assertRefused(run(copy), "6 of 6 stored trials", "problem.epochs: 2 → 3");
        assertEquals(before, snapshot(results()));
    }

    @Test
    void legacyTrialWithoutFingerprintIsStaleWithAClearMessage() throws Exception {
        Path spec = SpecFixtures.write(dir, "tiny.yaml", SpecFixtures.VALID);
        assertEquals(0, run(spec).code());
        Path f = results().resolve("tiny/trials/adam_optimlab__seed1.json");
        ObjectMapper json = new ObjectMapper();
        ObjectNode node = (ObjectNode) json.readTree(f.toFile());
        node.remove(List.of("fingerprint", "fingerprintInputs", "gitCommit", "gitDirty"));
        json.writeValue(f.toFile(), node);
        assertRefused(run(spec), "adam_optimlab__seed1.json: no fingerprint", "optimlab check");
        assertEquals(0, run(spec, "--retrain-stale").code());
    }

    @Test
    void damagedTrialFilesAreNamedWithTheFix() throws Exception {
        Path spec = SpecFixtures.write(dir, "tiny.yaml", SpecFixtures.VALID);
        assertEquals(0, run(spec).code());
        Path f = results().resolve("tiny/trials/sgd_dl4j__seed2.json");
        String good = Files.readString(f);
        String other = Files.readString(results().resolve("tiny/trials/adam_optimlab__seed2.json"));
        for (String damaged : new String[] {"{\"status\":\"ok\"}", good.substring(0, good.length() / 2), "", other}) {
            Files.writeString(f, damaged);
            Map<String, String> before = snapshot(results());
            assertRefused(run(spec), "sgd_dl4j__seed2.json", "--fresh");
            assertEquals(before, snapshot(results()));
        }
        assertEquals(0, run(spec, "--fresh").code(), "--fresh replaces a damaged file");
    }

    @Test
    void freshChecksTheDataBeforeDeletingAnything() throws Exception {
        Path data = Files.createDirectories(dir.resolve("data/sklearn-small"));
        Files.copy(Path.of("data/sklearn-small/iris.csv"), data.resolve("iris.csv"));
        Files.writeString(dir.resolve("data/checksums.sha256"),
                Files.readAllLines(Path.of("data/checksums.sha256")).stream().filter(l -> l.endsWith("sklearn-small/iris.csv"))
                        .findFirst().orElseThrow() + "\n");
        Path spec = SpecFixtures.write(dir, "iris.yaml", SpecFixtures.VALID
                .replace("{source: noisy-regression, function: sin, n: 40, noise: 0.2, seed: 3}", "{source: iris, seed: 3}")
                .replace("loss: mse", "loss: mcxent"));
        assertEquals(0, run(spec, "--data", dir.resolve("data").toString()).code());
        byte[] bytes = Files.readAllBytes(data.resolve("iris.csv"));
        bytes[100] ^= 1;
        Files.write(data.resolve("iris.csv"), bytes);
        Map<String, String> before = snapshot(results());
        assertEquals(7, before.keySet().stream().filter(k -> k.endsWith(".json")).count() + 1);
        assertRefused(run(spec, "--fresh", "--data", dir.resolve("data").toString()), "iris.csv");
        assertEquals(before, snapshot(results()), "--fresh deletes nothing when a check fails");
    }

    @Test
    void aDataPartWithoutRowsIsRefusedBeforeTraining() throws Exception {
        // 150 iris rows × 0.001 rounds to an empty validation part; only the loaded data can tell.
        Path spec = SpecFixtures.write(dir, "iris.yaml", SpecFixtures.VALID
                .replace("{source: noisy-regression, function: sin, n: 40, noise: 0.2, seed: 3}",
                        "{source: iris, seed: 3, validationFraction: 0.001}")
                .replace("loss: mse", "loss: mcxent"));
        assertRefused(run(spec), "data 'iris' with validationFraction 0.001", "0 validation");
        assertFalse(Files.exists(results()), "nothing written");
    }

    @Test
    void unwritableResultsDirectoryIsFoundBeforeTraining() throws Exception {
        Path spec = SpecFixtures.write(dir, "tiny.yaml", SpecFixtures.VALID);
        Path file = Files.writeString(dir.resolve("not-a-dir"), "x");
        Result r = cli("run", spec.toString(), "--results", file.resolve("results").toString(), "--allow-dirty");
        assertRefused(r, "not-a-dir", "--results");
        assertFalse(r.out().contains("[1/6]"), "nothing trained");
    }

    @Test
    void quickWritesToTheQuickFolderAndNeedsAQuickBlock() throws Exception {
        System.setProperty("optimlab.home", dir.toString());
        Path spec = SpecFixtures.write(dir, "q.yaml", SpecFixtures.VALID + "quick:\n  problem: {epochs: 1}\n  seeds: [7]\n");
        Result r = cli("run", spec.toString(), "--quick", "--allow-dirty");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("results-quick"), r.out());
        assertTrue(Files.isRegularFile(dir.resolve("results-quick/tiny/REPORT.md")));
        assertFalse(Files.exists(dir.resolve("results")), "--quick never writes into results/");

        Path full = SpecFixtures.write(dir, "full.yaml", SpecFixtures.VALID.replace("name: tiny", "name: nofast"));
        assertRefused(cli("run", full.toString(), "--quick", "--allow-dirty"), "full.yaml: field 'quick'", "no");
        assertFalse(Files.exists(dir.resolve("results-quick/nofast")));
    }

    @Test
    void secondRunOnOneResultsDirectoryIsRefusedWhileTheFirstHoldsIt() throws Exception {
        Path spec = SpecFixtures.write(dir, "tiny.yaml", SpecFixtures.VALID);
        try (RunLock held = RunLock.acquire(results().resolve("tiny"), "./optimlab run first.yaml")) {
            Result r = run(spec);
            assertRefused(r, "in use by another run", "pid " + ProcessHandle.current().pid(), "first.yaml");
            assertFalse(Files.exists(results().resolve("tiny/trials")), "nothing trained or written");
        }
        // The holder ended: its info file is left behind, but no lock is held, so the next run goes ahead.
        assertTrue(Files.isRegularFile(results().resolve("tiny/" + RunLock.FILE)));
        assertEquals(0, run(spec).code());
    }

    @Test
    void dirtyTrialsAreRefusedUnlessAllowedAndThenTheReportSaysSo() throws Exception {
        Path spec = SpecFixtures.write(dir, "tiny.yaml", SpecFixtures.VALID);
        assertEquals(0, run(spec).code());
        ObjectMapper json = new ObjectMapper();
        try (Stream<Path> s = Files.list(results().resolve("tiny/trials"))) {
            for (Path f : s.toList()) {
                ObjectNode node = (ObjectNode) json.readTree(f.toFile());
                assertTrue(node.get("gitDirty").isBoolean());
                node.put("gitDirty", true);
                json.writeValue(f.toFile(), node);
            }
        }
        Map<String, String> before = snapshot(results());
        assertRefused(cli("run", spec.toString(), "--results", results().toString()), "uncommitted code", "--allow-dirty");
        assertEquals(before, snapshot(results()));
        assertEquals(0, run(spec).code());
        String report = Files.readString(results().resolve("tiny/REPORT.md"));
        assertTrue(report.contains("**Provenance:** run with `--allow-dirty`"), report);
        assertTrue(report.indexOf("Provenance") < report.indexOf("\n## "), "the provenance note is at the top");
    }

    @Test
    void validateChecksEveryFileAndReportsEveryError() throws Exception {
        Path a = SpecFixtures.write(dir, "a.yaml", SpecFixtures.VALID.replace("epochs: 2", "epochs: 2\n  epochs: 500"));
        Path b = SpecFixtures.write(dir, "b.yaml", SpecFixtures.VALID.replace("{name: sgd/dl4j,", "{name: sgd_optimlab,"));
        Path c = SpecFixtures.write(dir, "c.yaml", SpecFixtures.VALID);
        Result r = cli("validate", a.toString(), b.toString(), c.toString());
        assertRefused(r, "a.yaml: duplicate key 'epochs'", "b.yaml: field 'arms[1].name'");
        assertTrue(r.out().contains("c.yaml: ok"), r.out());
    }
}
