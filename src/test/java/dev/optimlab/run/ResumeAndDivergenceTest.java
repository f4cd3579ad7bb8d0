package dev.optimlab.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.optimlab.experiment.Experiment;
import dev.optimlab.experiment.SpecFixtures;
import dev.optimlab.experiment.SpecParser;
import dev.optimlab.experiment.comparison.Comparison;
import dev.optimlab.experiment.comparison.Spec;


/**
 * The pipeline's promises: a run stopped half-way and started again finishes without redoing or
 * losing finished trials; a diverging arm is recorded and the run goes on; same seed, same
 * numbers; arms of one seed start from identical parameters.
 */
class ResumeAndDivergenceTest {

    @TempDir
    Path dir;

    private Experiment.Settings settings(boolean fresh) {
        return new Experiment.Settings(dir.resolve("results"), Path.of("data"), fresh, "test",
                new PrintStream(new ByteArrayOutputStream()));
    }

    private static List<Path> trialFiles(Path trials) throws Exception {
        try (Stream<Path> s = Files.list(trials)) {
            return s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
    }

    @Test
    void stoppedRunResumesWithoutRedoingOrLosingTrials() throws Exception {
        Spec spec = SpecParser.parse(SpecFixtures.write(dir, "tiny.yaml", SpecFixtures.VALID), false);
        Comparison.Outcome first = new Comparison(spec).run(settings(false), 4); // "killed" after 4 of 6 trials
        assertEquals(4, first.ran());
        assertNull(first.report(), "no report for an unfinished run");
        Path trials = dir.resolve("results/tiny/trials");
        // A kill in the middle of a write leaves at most a temporary file, never a partial JSON.
        Files.writeString(trials.resolve(".adam_optimlab__seed2.json12345.tmp"), "{\"half\":");
        Map<Path, FileTime> before = new HashMap<>();
        Map<Path, String> contents = new HashMap<>();
        for (Path p : trialFiles(trials)) {
            before.put(p, Files.getLastModifiedTime(p));
            contents.put(p, Files.readString(p));
        }
        assertEquals(4, before.size());

        Comparison.Outcome second = new Comparison(spec).run(settings(false), Integer.MAX_VALUE);
        assertEquals(2, second.ran(), "only the unfinished trials run");
        assertEquals(4, second.skipped());
        assertEquals(6, trialFiles(trials).size());
        for (Path p : before.keySet()) {
            assertEquals(before.get(p), Files.getLastModifiedTime(p), "finished trial rewritten: " + p);
            assertEquals(contents.get(p), Files.readString(p));
        }
        try (Stream<Path> s = Files.list(trials)) {
            assertTrue(s.noneMatch(p -> p.toString().endsWith(".tmp")), "temporary leftovers are removed");
        }
        assertTrue(Files.isRegularFile(second.report()));
        assertTrue(Files.isRegularFile(dir.resolve("results/README.md")));
        assertTrue(Files.isRegularFile(dir.resolve("results/tiny/loss-train.png")));
        assertTrue(Files.isRegularFile(dir.resolve("results/tiny/fit.png")));

        Comparison.Outcome third = new Comparison(spec).run(settings(false), Integer.MAX_VALUE);
        assertEquals(0, third.ran());
        assertEquals(6, third.skipped());
    }

    @Test
    void divergingArmIsRecordedAndTheRunGoesOn() throws Exception {
        String text = SpecFixtures.VALID.replace("{name: sgd/dl4j, optimizer: sgd, impl: dl4j, hyperparameters: {lr: 0.05}}",
                "{name: sgd/huge, optimizer: sgd, impl: dl4j, hyperparameters: {lr: 1.0e6}}");
        Spec spec = SpecParser.parse(SpecFixtures.write(dir, "div.yaml", text), false);
        Comparison.Outcome o = new Comparison(spec).run(settings(false), Integer.MAX_VALUE);
        assertEquals(6, o.ran());
        assertEquals(2, o.diverged(), "the huge learning rate diverges for both seeds, nothing else does");
        ObjectMapper json = new ObjectMapper();
        var node = json.readTree(dir.resolve("results/tiny/trials/sgd_huge__seed1.json").toFile());
        assertEquals("diverged", node.get("status").asText());
        assertTrue(node.get("divergedAtIteration").isInt());
        var ok = json.readTree(dir.resolve("results/tiny/trials/adam_optimlab__seed1.json").toFile());
        assertEquals("ok", ok.get("status").asText());
        assertTrue(Files.readString(o.report()).contains("`sgd/huge` 2/2"), "the report names the divergence");
    }

    @Test
    void sameSeedSameNumbersAndIdenticalStartAcrossArms() throws Exception {
        Spec spec = SpecParser.parse(SpecFixtures.write(dir, "tiny.yaml", SpecFixtures.VALID), false);
        new Comparison(spec).run(settings(false), Integer.MAX_VALUE);
        ObjectMapper json = new ObjectMapper();
        Path trials = dir.resolve("results/tiny/trials");
        var first = json.readTree(trials.resolve("adam_optimlab__seed1.json").toFile());
        new Comparison(spec).run(settings(true), Integer.MAX_VALUE); // --fresh: train everything again
        var again = json.readTree(trials.resolve("adam_optimlab__seed1.json").toFile());
        assertEquals(first.get("iterationLoss"), again.get("iterationLoss"));
        assertEquals(first.get("epochs"), again.get("epochs"));
        for (String arm : new String[] {"sgd_optimlab", "sgd_dl4j"}) {
            var other = json.readTree(trials.resolve(arm + "__seed1.json").toFile());
            assertEquals(first.get("initialParamsSha256"), other.get("initialParamsSha256"));
        }
        var seed2 = json.readTree(trials.resolve("adam_optimlab__seed2.json").toFile());
        assertTrue(!first.get("initialParamsSha256").equals(seed2.get("initialParamsSha256")));
        assertNotNull(first.get("versions").get("dl4j"));
        // SGD through OptimLab and through DL4J: the same minibatch losses to float rounding.
        var a = json.readTree(trials.resolve("sgd_optimlab__seed1.json").toFile()).get("iterationLoss");
        var b = json.readTree(trials.resolve("sgd_dl4j__seed1.json").toFile()).get("iterationLoss");
        for (int i = 0; i < a.size(); i++) {
            assertEquals(b.get(i).asDouble(), a.get(i).asDouble(), 1e-6 * Math.max(1, Math.abs(b.get(i).asDouble())));
        }
    }
}
