package dev.optimlab.experiment.convolution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.optimlab.run.TrialResult;
import dev.optimlab.experiment.SpecFixtures;
import dev.optimlab.experiment.SpecParser;

/** The convolution spec is validated with file, field and allowed values; the learning rate is picked as documented. */
class ConvolutionSpecTest {

    static final String VALID = """
            kind: convolution
            name: conv-tiny
            learningRates: [0.001, 0.01]
            tuningSeed: 7
            seeds: [1, 2]
            datasets:
              - data: {source: digits, limit: 100, validationFraction: 0.2, testFraction: 0.2, seed: 3}
                epochs: 1
                mlp: [[8], [16, 8]]
                cnn: [[2], [2, 4]]
            layerExample: {height: 6, width: 5, channelsIn: 2, channelsOut: 3}
            """;

    @TempDir
    Path dir;

    @Test
    void validSpecParses() throws Exception {
        ConvolutionExperiment e = (ConvolutionExperiment) SpecParser.parseAny(write(VALID), false);
        ConvolutionSpec s = e.spec();
        assertEquals("adam", s.optimizer());
        assertEquals(List.of(0.001, 0.01), s.learningRates());
        assertEquals(4, s.datasets().get(0).models().size());
        assertEquals(List.of(2, 4), s.datasets().get(0).models().get(3).network().conv());
        assertTrue(s.datasets().get(0).models().get(3).network().hidden().isEmpty());
        assertEquals("mlp-16-8", s.datasets().get(0).models().get(1).label());
    }

    /** Each row: text to replace, its replacement, expected field, expected words in the message. */
    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
        "source: digits; source: iris; datasets[0].data.source; need image data",
        "cnn: [[2], [2, 4]]; cnn: []; datasets[0].cnn; at least one model",
        "mlp: [[8], [16, 8]]; mlp: [[0]]; datasets[0].mlp[0][0]; must be in [1, 100000]",
        "learningRates: [0.001, 0.01]; learningRates: [-1]; learningRates[0]; lr must be in",
        "learningRates: [0.001, 0.01]; learningRates: [0.01, 0.01]; learningRates[1]; duplicate",
        "epochs: 1; epochz: 1; datasets[0].epochz; unknown key",
        "channelsOut: 3; channelsOut: 0; layerExample.channelsOut; must be in [1, 4096]",
        "seeds: [1, 2]; seeds: [1, 1]; seeds[1]; duplicate seed",
    })
    void badSpecsNameFileFieldAndAllowedValues(String from, String to, String field, String words) throws Exception {
        SpecFixtures.assertRefused(dir, "conv.yaml", VALID.replace(from, to), field, words);
    }

    @Test
    void theChosenRateHasTheBestValidationAccuracyThenLowerLossAndNeverDiverged() {
        Map<Double, TrialResult> tuning = new LinkedHashMap<>();
        tuning.put(0.1, result(null, null, true));
        tuning.put(0.01, result(0.90, 0.40, false));
        tuning.put(0.001, result(0.90, 0.30, false));
        tuning.put(0.0001, result(0.80, 0.20, false));
        assertEquals(0.001, ConvolutionExperiment.choose(tuning));
        tuning.put(0.0001, result(0.95, 0.90, false));
        assertEquals(0.0001, ConvolutionExperiment.choose(tuning));
    }

    private static TrialResult result(Double validationAccuracy, Double validationLoss, boolean diverged) {
        TrialResult.Epoch e = new TrialResult.Epoch(0, 0.1, validationLoss, 0.1, 0.9, validationAccuracy, 0.9);
        return new TrialResult("x", "t", "a", "adam", "optimlab", "paper", Map.of(), 1, diverged ? "diverged" : "ok",
                diverged ? 0 : null, "accuracy", diverged ? List.of() : List.of(e), null, List.of(), 1, "h", null, Map.of(), null, Map.of(), null, null);
    }

    private Path write(String text) throws Exception {
        Path p = dir.resolve("conv.yaml");
        Files.writeString(p, text);
        return p;
    }
}
