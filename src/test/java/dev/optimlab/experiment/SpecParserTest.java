package dev.optimlab.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import dev.optimlab.experiment.comparison.Plan;
import dev.optimlab.experiment.comparison.Spec;

/** Every kind of bad spec is rejected with the file, the field and what is allowed. */
class SpecParserTest {

    @TempDir
    Path dir;

    @Test
    void validSpecParses() throws Exception {
        Spec s = SpecParser.parse(SpecFixtures.write(dir, "ok.yaml", SpecFixtures.VALID), false);
        assertEquals("tiny", s.name());
        assertEquals(3, s.arms().size());
        assertEquals(0.9, s.arms().get(2).hyperparameters().get("beta1"));
        assertEquals(java.util.List.of(1L, 2L), s.seeds());
        assertEquals(3 * 2, Plan.of(s).size(), "arms × seeds");
    }

    @Test
    void committedComparisonSpecsAreLargerThanTheirQuickVariants() {
        for (String name : new String[] {"regression-exercise", "modern-optimizers", "regularization-ablation",
            "regularization-ablation-cnn"}) {
            Path p = Path.of("experiments", name + ".yaml");
            Spec full = SpecParser.parse(p, false);
            Spec quick = SpecParser.parse(p, true);
            assertTrue(quick.problem().epochs() < full.problem().epochs(), name + ": quick variant must be smaller");
            assertTrue(full.seeds().size() >= 5, name + ": committed experiments use at least 5 seeds");
        }
    }

    /** Each row: text to replace, its replacement, expected field, expected words in the message. */
    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
        "name: tiny; name: tiny\\nextra: 1; extra; unknown key",
        "epochs: 2; epochs: 2\\n  epochz: 3; problem.epochz; allowed here",
        "optimizer: sgd, impl: optimlab; optimizer: sgdd, impl: optimlab; arms[0].optimizer; allowed: sgd, momentum, adam",
        "{lr: 0.05}}\\n  - {name: sgd/dl4j; {lr: -0.05}}\\n  - {name: sgd/dl4j; arms[0].hyperparameters; lr must be in (0, inf)",
        "beta1: 0.9; beta1: 1.0; arms[2].hyperparameters; beta1 must be in [0, 1)",
        "beta1: 0.9; betta1: 0.9; arms[2].hyperparameters; allowed: lr, beta1, beta2, epsilon",
        "name: adam/optimlab, optimizer: adam,; name: adam/optimlab, optimizer: momentum, impl: dl4j,; arms[2].impl; no DL4J built-in",
        "name: sgd/dl4j,; name: sgd/optimlab,; arms[1].name; duplicate arm name",
        "epochs: 2; epochs: 0; problem.epochs; must be in [1, 100000]",
        "activation: tanh; activation: swish; problem.model.activation; allowed: tanh, relu",
        "source: noisy-regression; source: cifar; problem.data.source; allowed: noisy-regression, iris",
        "loss: mse; loss: mcxent; problem.loss; allowed loss: mse, mae",
        "seeds: [1, 2]; seeds: [1, 1]; seeds[1]; duplicate seed",
        "seeds: [1, 2]; seeds: one; seeds; must be a list",
        "noise: 0.2; noise: -1; problem.data.noise; must be in [0,",
        "impl: optimlab, hyperparameters: {lr: 0.05}}; impl: pytorch, hyperparameters: {lr: 0.05}}; arms[0].impl; allowed: optimlab, dl4j",
        "hyperparameters: {lr: 0.01, beta1: 0.9}}; hyperparameters: {lr: 0.01}, regularization: {dropuot: {p: 0.5}}}; arms[2].regularization.dropuot; allowed: dropout, gaussian-noise",
        "hyperparameters: {lr: 0.01, beta1: 0.9}}; hyperparameters: {lr: 0.01}, regularization: {dropout: {p: 1.5}}}; arms[2].regularization.dropout; p must be in [0, 1)",
        "hyperparameters: {lr: 0.01, beta1: 0.9}}; hyperparameters: {lr: 0.01}, regularization: {mixup: {alpha: 0.2, impl: dl4j}}}; arms[2].regularization.mixup.impl; no DL4J built-in twin",
        "hyperparameters: {lr: 0.01, beta1: 0.9}}; hyperparameters: {lr: 0.01}, regularization: {batch-norm: {}, layer-norm: {}}}; arms[2].regularization.layer-norm; only one norm per arm",
        "hyperparameters: {lr: 0.01, beta1: 0.9}}; hyperparameters: {lr: 0.01}, regularization: {cutout: {size: 4}}}; arms[2].regularization.cutout; not an image set",
        "hyperparameters: {lr: 0.01, beta1: 0.9}}; hyperparameters: {lr: 0.01}, regularization: {early-stopping: {patience: 0}}}; arms[2].regularization.early-stopping.patience; whole number ≥ 1",
        "hidden: [4],; conv: [4], hidden: [4],; problem.model.conv; need image data",
        "{name: sgd/dl4j,; {name: sgd_optimlab,; arms[1].name; would share the trial file sgd_optimlab__seedN.json",
        "{name: adam/optimlab,; {name: SGD/optimlab,; arms[2].name; would share the trial file",
        "n: 40; n: 2; problem.data.n; gives 2 training, 0 validation and 0 test rows",
        "seed: 3}; seed: 3, validationFraction: 0}; problem.data.validationFraction; must be > 0",
        "seed: 3}; seed: 3, testFraction: 0}; problem.data.testFraction; must be > 0",
        "{source: noisy-regression, function: sin, n: 40, noise: 0.2, seed: 3}; {source: iris, limit: 3, validationFraction: 0.1, testFraction: 0.1}; problem.data.limit; gives 3 training, 0 validation",
        "loss: mse; loss: mse\\n  extra: 1; problem.extra; allowed here: batchSize, data, epochs, loss, model",
        "impl: optimlab, hyperparameters: {lr: 0.05}}; impl: optimlab, hyperparameters: {lr: 0.05}, samm: 1}; arms[0].samm; allowed here: clipNorm, hyperparameters, impl, name, optimizer, regularization, sam, variant, warmupSteps",
    })
    void badSpecIsRejectedWithFieldAndAllowedValues(String from, String to, String field, String words) throws Exception {
        String text = SpecFixtures.VALID.replace(from.replace("\\n", "\n"), to.replace("\\n", "\n"));
        assertTrue(!text.equals(SpecFixtures.VALID), "fixture replacement did not apply: " + from);
        Path file = SpecFixtures.write(dir, "bad.yaml", text);
        SpecException e = assertThrows(SpecException.class, () -> SpecParser.parse(file, false));
        assertTrue(e.getMessage().startsWith(file.toString() + ": "), e.getMessage());
        assertTrue(e.getMessage().contains("field '" + field + "'"), e.getMessage());
        assertTrue(e.getMessage().contains(words), e.getMessage());
    }

    @Test
    void missingRequiredFieldIsNamed() throws Exception {
        Path file = SpecFixtures.write(dir, "bad.yaml", SpecFixtures.VALID.replace("seeds: [1, 2]\n", ""));
        SpecException e = assertThrows(SpecException.class, () -> SpecParser.parse(file, false));
        assertTrue(e.getMessage().contains("field 'seeds': is required"), e.getMessage());
    }

    @Test
    void baselineDefaultsToTheFirstArmAndMustNameAnArm() throws Exception {
        Spec s = SpecParser.parse(SpecFixtures.write(dir, "ok.yaml", SpecFixtures.VALID), false);
        assertEquals(s.arms().get(0).name(), s.baseline());
        String second = s.arms().get(1).name();
        Spec named = SpecParser.parse(SpecFixtures.write(dir, "b.yaml", SpecFixtures.VALID + "baseline: " + second + "\n"), false);
        assertEquals(second, named.baseline());
        Path file = SpecFixtures.write(dir, "bad.yaml", SpecFixtures.VALID + "baseline: nosuch\n");
        SpecException e = assertThrows(SpecException.class, () -> SpecParser.parse(file, false));
        assertTrue(e.getMessage().contains("baseline") && e.getMessage().contains("nosuch")
                && e.getMessage().contains(second), e.getMessage());
    }

    @Test
    void brokenYamlIsReportedAsSuch() throws Exception {
        Path file = SpecFixtures.write(dir, "bad.yaml", "name: [unclosed\n");
        SpecException e = assertThrows(SpecException.class, () -> SpecParser.parse(file, false));
        assertTrue(e.getMessage().contains("not valid YAML"), e.getMessage());
    }

    @Test
    void duplicateKeysAreRefusedNamingTheKeyAndBothLines() throws Exception {
        Path block = SpecFixtures.write(dir, "dup.yaml", SpecFixtures.VALID.replace("epochs: 2", "epochs: 5\n  epochs: 500"));
        SpecException e = assertThrows(SpecException.class, () -> SpecParser.parse(block, false));
        assertTrue(e.getMessage().contains("duplicate key 'epochs' at line 7 (first given at line 6)"),
                e.getMessage());
        Path flow = SpecFixtures.write(dir, "dup2.yaml", SpecFixtures.VALID.replace("{lr: 0.01, beta1: 0.9}", "{lr: 0.01, lr: 5}"));
        e = assertThrows(SpecException.class, () -> SpecParser.parse(flow, false));
        assertTrue(e.getMessage().contains("duplicate key 'lr' at line 11 (first given at line 11)"), e.getMessage());
    }

    @Test
    void errorsFromTheQuickBlockNameTheQuickPath() throws Exception {
        Path file = SpecFixtures.write(dir, "q.yaml", SpecFixtures.VALID + "quick:\n  problem: {epochs: 0}\n  seeds: [7, 7]\n");
        SpecException e = assertThrows(SpecException.class, () -> SpecParser.parse(file, true));
        assertTrue(e.getMessage().contains("field 'quick.problem.epochs': must be in [1, 100000]"), e.getMessage());
        assertEquals(2, SpecParser.parse(file, false).problem().epochs(), "the full spec is fine");
        Path seeds = SpecFixtures.write(dir, "q2.yaml", SpecFixtures.VALID + "quick:\n  seeds: [7, 7]\n");
        e = assertThrows(SpecException.class, () -> SpecParser.parse(seeds, true));
        assertTrue(e.getMessage().contains("field 'quick.seeds[1]': duplicate seed"), e.getMessage());
        Path base = SpecFixtures.write(dir, "q3.yaml", SpecFixtures.VALID.replace("epochs: 2", "epochs: 0") + "quick:\n  seeds: [7]\n");
        e = assertThrows(SpecException.class, () -> SpecParser.parse(base, true));
        assertTrue(e.getMessage().contains("field 'problem.epochs'"), "an error outside the quick block keeps its path: " + e);
    }

    @Test
    void quickWithoutAQuickBlockIsAnError() throws Exception {
        Path file = SpecFixtures.write(dir, "noquick.yaml", SpecFixtures.VALID);
        SpecException e = assertThrows(SpecException.class, () -> SpecParser.parse(file, true));
        assertTrue(e.getMessage().contains("field 'quick': --quick needs a 'quick:' block"), e.getMessage());
    }

    @Test
    void quickOverridesAreMergedOnlyWhenAsked() throws Exception {
        Path file = SpecFixtures.write(dir, "q.yaml", SpecFixtures.VALID + "quick:\n  problem: {epochs: 1}\n  seeds: [7]\n");
        assertEquals(2, SpecParser.parse(file, false).problem().epochs());
        Spec quick = SpecParser.parse(file, true);
        assertEquals(1, quick.problem().epochs());
        assertEquals(java.util.List.of(7L), quick.seeds());
        assertEquals(40, quick.problem().data().n(), "keys not overridden are kept");
    }
}
