package dev.optimlab.experiment.comparison;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import dev.optimlab.experiment.SpecParser;

/** The report's description of the network and of the arms comes from the spec, not from boilerplate. */
class SpecTextTest {

    @Test
    void cnnIsDescribedFromItsConfiguration() {
        Spec s = SpecParser.parse(Path.of("experiments/regularization-ablation-cnn.yaml"), false);
        String text = SpecText.architecture(s.problem(), 784, 10);
        assertEquals("a CNN 28×28×1 image → 3×3 conv 8 (relu) → 2×2 max-pool → 3×3 conv 16 (relu) → 2×2 max-pool "
                + "→ dense 64 (relu) → output 10 (softmax), 52,138 parameters, float", text);
    }

    @Test
    void mlpIsDescribedFromItsConfiguration() {
        Spec s = SpecParser.parse(Path.of("experiments/regression-exercise.yaml"), false);
        // 1·32 + 32 weights and biases in, 32 + 1 out
        assertEquals("an MLP 1 → dense 32 (tanh) → output 1 (identity), 97 parameters, float",
                SpecText.architecture(s.problem(), 1, 1));
    }

    @Test
    void whatDiffersBetweenArms() {
        assertEquals("The arms differ only in the regularization technique and the regularizer's implementation "
                + "(OptimLab or DL4J).", SpecText.differences(
                SpecParser.parse(Path.of("experiments/regularization-ablation.yaml"), false).arms()));
        assertEquals("The arms differ only in the optimizer's implementation (OptimLab or DL4J) and the optimizer's "
                + "epsilon.", SpecText.differences(SpecParser.parse(Path.of("experiments/adam-epsilon.yaml"), false).arms()));
        String modern = SpecText.differences(SpecParser.parse(Path.of("experiments/modern-optimizers.yaml"), false).arms());
        assertTrue(modern.contains("the optimizer, ") && modern.contains("its hyperparameters")
                && modern.contains("training options"), modern);
    }
}
