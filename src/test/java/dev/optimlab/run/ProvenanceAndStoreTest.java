package dev.optimlab.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.optimlab.report.GitInfo;
import dev.optimlab.experiment.SpecFixtures;
import dev.optimlab.experiment.SpecParser;
import dev.optimlab.experiment.comparison.Plan;

/** Which code made the trials is checked and said; a trial without losses is never stored as ok. */
class ProvenanceAndStoreTest {

    @TempDir
    Path dir;

    private static final String A = "a".repeat(40);
    private static final String B = "b".repeat(40);

    private static TrialResult trial(String name, String commit, Boolean dirty, TrialResult.Epoch last) {
        return new TrialResult("tiny", name, "arm", "sgd", "optimlab", "paper", Map.of(), 1, "ok", null, "mse",
                List.of(last), null, List.of(1.0), 0, "", null, Map.of(), "f", Map.of(), commit, dirty);
    }

    private static final TrialResult.Epoch FULL = new TrialResult.Epoch(0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0);

    @Test
    void oneCleanCommitNeedsNoNoteOtherwiseEveryCommitIsNamed() {
        GitInfo.State writer = new GitInfo.State(A, false);
        assertEquals(List.of(), Provenance.banner(List.of(trial("x", A, false, FULL), trial("y", A, false, FULL)), writer));
        List<String> two = Provenance.banner(List.of(trial("x", A, false, FULL), trial("y", B, false, FULL),
                trial("z", B, false, FULL)), writer);
        assertTrue(two.get(0).contains("2 code state(s)"), two.toString());
        assertTrue(two.contains("> - `" + A + "`: 1 trial(s)") && two.contains("> - `" + B + "`: 2 trial(s)"), two.toString());
        List<String> older = Provenance.banner(List.of(trial("x", B, false, FULL)), writer);
        assertTrue(older.get(0).contains("written by `" + A + "`") && older.contains("> - `" + B + "`: 1 trial(s)"), older.toString());
        List<String> dirty = Provenance.banner(List.of(trial("x", A, true, FULL)), writer);
        assertTrue(dirty.get(0).contains("--allow-dirty"), dirty.toString());
    }

    @Test
    void dirtyTrialsAndDirtyCodeAreRefusedUnlessAllowed() {
        GitInfo.State clean = new GitInfo.State(A, false);
        GitInfo.State dirty = new GitInfo.State(A, true);
        List<TrialResult> legacy = List.of(trial("old", null, null, FULL));
        assertThrows(RunException.class, () -> Provenance.check(dirty, true, List.of(), false));
        assertThrows(RunException.class, () -> Provenance.check(clean, false, legacy, false));
        Provenance.check(dirty, false, List.of(trial("x", A, false, FULL)), false); // nothing trains: code state irrelevant
        Provenance.check(dirty, true, legacy, true);
    }

    @Test
    void aTrialWithANullLossIsNeverStoredAsOk() throws Exception {
        Trial t = Plan.of(SpecParser.parse(SpecFixtures.write(dir, "t.yaml", SpecFixtures.VALID), false)).get(0);
        TrialStore store = new TrialStore(dir.resolve("trials"));
        TrialResult.Epoch noValidation = new TrialResult.Epoch(0, 1.0, null, 1.0, 1.0, null, 1.0);
        assertThrows(IllegalStateException.class, () -> store.save(t, trial(t.id(), A, false, noValidation)));
        assertTrue(!Files.exists(store.file(t)));
        store.save(t, trial(t.id(), A, false, FULL));
        assertTrue(Files.isRegularFile(store.file(t)));
    }
}
