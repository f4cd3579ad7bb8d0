package dev.optimlab.experiment.comparison;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.optimlab.experiment.Experiment;
import dev.optimlab.experiment.SpecFixtures;
import dev.optimlab.experiment.SpecParser;

/**
 * The check of stored trials against their spec finds what a legacy trial (no fingerprint) still
 * records: changed hyperparameters, epochs, data sizes, architecture; and leftover files.
 */
class ResultsCheckTest {

    @TempDir
    Path dir;

    private List<String> check(String text) throws Exception {
        return ResultsCheck.check(SpecParser.parse(SpecFixtures.write(dir, "s.yaml", text), false), dir.resolve("results"),
                Path.of("data"));
    }

    @Test
    void legacyTrialsAreCheckedOnWhatTheyRecord() throws Exception {
        Spec spec = SpecParser.parse(SpecFixtures.write(dir, "tiny.yaml", SpecFixtures.VALID), false);
        new Comparison(spec).run(new Experiment.Settings(dir.resolve("results"), Path.of("data"), false, "test",
                new PrintStream(new ByteArrayOutputStream())));
        ObjectMapper json = new ObjectMapper();
        try (Stream<Path> s = Files.list(dir.resolve("results/tiny/trials"))) {
            for (Path f : s.toList()) { // make them legacy trials, as every committed one is
                ObjectNode n = (ObjectNode) json.readTree(f.toFile());
                n.remove(List.of("fingerprint", "fingerprintInputs", "gitCommit", "gitDirty"));
                json.writeValue(f.toFile(), n);
            }
        }
        assertEquals(List.of(), check(SpecFixtures.VALID));
        assertTrue(check(SpecFixtures.VALID.replace("{lr: 0.01, beta1: 0.9}", "{lr: 0.02, beta1: 0.9}")).get(0)
                .contains("adam_optimlab__seed1.json (no fingerprint): hyperparameters.lr: 0.01 → 0.02"));
        assertTrue(check(SpecFixtures.VALID.replace("epochs: 2", "epochs: 3")).get(0).contains("epochs: 2 → 3"));
        assertTrue(check(SpecFixtures.VALID.replace("n: 40", "n: 80")).get(0).contains("minibatches: 6 → 10"));
        assertTrue(check(SpecFixtures.VALID.replace("hidden: [4]", "hidden: [5]")).get(0).contains("initial parameters differ"));
        List<String> fewer = check(SpecFixtures.VALID.replace("seeds: [1, 2]", "seeds: [1]"));
        assertEquals(3, fewer.size());
        assertTrue(fewer.get(0).contains("seed2.json: not a trial of this spec"), fewer.toString());
        assertTrue(check(SpecFixtures.VALID.replace("seeds: [1, 2]", "seeds: [1, 2, 3]")).get(0).contains("seed3.json: missing"));
    }
}
