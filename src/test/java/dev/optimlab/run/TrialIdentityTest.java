package dev.optimlab.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import dev.optimlab.experiment.SpecFixtures;
import dev.optimlab.experiment.SpecParser;
import dev.optimlab.experiment.comparison.Plan;
import dev.optimlab.experiment.comparison.Spec;


/** A trial's fingerprint changes with everything that changes its numbers, and with nothing else. */
class TrialIdentityTest {

    @TempDir
    Path dir;

    private Trial first(String text) throws Exception {
        Spec spec = SpecParser.parse(SpecFixtures.write(dir, "s" + text.hashCode() + ".yaml", text), false);
        return Plan.of(spec).get(0); // sgd/optimlab, seed 1
    }

    private String fp(String from, String to) throws Exception {
        String text = SpecFixtures.VALID.replace(from, to);
        assertNotEquals(SpecFixtures.VALID, text, "fixture replacement did not apply: " + from);
        return first(text).fingerprint();
    }

    @Test
    void everythingThatDeterminesTheNumbersChangesTheFingerprint() throws Exception {
        String base = first(SpecFixtures.VALID).fingerprint();
        assertEquals(64, base.length());
        assertEquals(base, first(SpecFixtures.VALID).fingerprint(), "deterministic");
        String[][] changes = {
            {"lr: 0.05}}\n  - {name: sgd/dl4j", "lr: 0.5}}\n  - {name: sgd/dl4j"},
            {"epochs: 2", "epochs: 3"},
            {"n: 40", "n: 41"},
            {"batchSize: 10", "batchSize: 11"},
            {"noise: 0.2", "noise: 0.3"},
            {"seed: 3}", "seed: 4}"},
            {"hidden: [4]", "hidden: [5]"},
            {"activation: tanh", "activation: relu"},
            {"dtype: float", "dtype: double"},
            {"loss: mse", "loss: mae"},
            {"impl: optimlab, hyperparameters: {lr: 0.05}}", "impl: optimlab, variant: dl4j, hyperparameters: {lr: 0.05}}"},
            {"impl: optimlab, hyperparameters: {lr: 0.05}}", "impl: optimlab, hyperparameters: {lr: 0.05}, clipNorm: 1}"},
            {"impl: optimlab, hyperparameters: {lr: 0.05}}", "impl: optimlab, hyperparameters: {lr: 0.05}, sam: 0.05}"},
            {"impl: optimlab, hyperparameters: {lr: 0.05}}", "impl: optimlab, hyperparameters: {lr: 0.05}, warmupSteps: 3}"},
            {"impl: optimlab, hyperparameters: {lr: 0.05}}",
                "impl: optimlab, hyperparameters: {lr: 0.05}, regularization: {l2: {l2: 0.001}}}"},
            {"optimizer: sgd, impl: optimlab", "optimizer: momentum, impl: optimlab"},
        };
        for (String[] c : changes) {
            assertNotEquals(base, fp(c[0], c[1]), "fingerprint ignores the change " + c[0] + " -> " + c[1]);
        }
        Spec spec = SpecParser.parse(SpecFixtures.write(dir, "t.yaml", SpecFixtures.VALID), false);
        List<Trial> plan = Plan.of(spec);
        assertNotEquals(plan.get(0).fingerprint(), plan.get(3).fingerprint(), "the seed is part of the identity");
    }

    @Test
    void namesAndSpelledOutDefaultsDoNotChangeTheFingerprint() throws Exception {
        String base = first(SpecFixtures.VALID).fingerprint();
        assertEquals(base, fp("name: tiny", "name: other"), "the experiment name only names the folder");
        assertEquals(base, fp("name: tiny", "name: tiny\ntitle: Another title"), "words of the report are not the trial");
        assertEquals(base, fp("{name: sgd/optimlab,", "{name: plain-sgd,"), "the arm name only names the file");
        Trial adam = Plan.of(SpecParser.parse(SpecFixtures.write(dir, "a.yaml", SpecFixtures.VALID), false)).get(2);
        Trial adamDefaults = Plan.of(SpecParser.parse(SpecFixtures.write(dir, "b.yaml", SpecFixtures.VALID
                .replace("{lr: 0.01, beta1: 0.9}", "{lr: 0.01, beta1: 0.9, beta2: 0.999}")), false)).get(2);
        assertEquals(adam.fingerprint(), adamDefaults.fingerprint(), "a default written out is the same trial");
    }

    @Test
    void quickOverridesEnterThroughTheValuesTheyChange() throws Exception {
        Path p = SpecFixtures.write(dir, "q.yaml", SpecFixtures.VALID + "quick:\n  problem: {epochs: 1}\n");
        assertNotEquals(Plan.of(SpecParser.parse(p, false)).get(0).fingerprint(),
                Plan.of(SpecParser.parse(p, true)).get(0).fingerprint());
    }

    @Test
    void differencesNameTheFieldsWithBothValues() {
        Map<String, Object> stored = Map.of("problem.epochs", 300, "arm.hyperparameters.lr", 0.01, "seed", 1);
        Map<String, Object> planned = Map.of("problem.epochs", 3, "arm.hyperparameters.lr", 0.01, "seed", 1.0,
                "arm.training.clipNorm", 1.0);
        assertEquals(List.of("arm.training.clipNorm: (absent) → 1.0", "problem.epochs: 300 → 3"),
                TrialIdentity.differences(stored, planned));
        assertTrue(TrialIdentity.differences(stored, stored).isEmpty());
    }
}
