package dev.optimlab.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.optimlab.report.ResultsIndex;
import dev.optimlab.experiment.biasvariance.BiasVarianceExperiment;
import dev.optimlab.experiment.biasvariance.BiasVarianceSpec;
import dev.optimlab.experiment.lossrobustness.LossRobustness;
import dev.optimlab.experiment.lossrobustness.LossRobustnessSpec;

/** The bias-variance and loss-robustness specs: validation, and the quick variants end to end. */
class RegressionExperimentsTest {

    @TempDir
    Path dir;

    @Test
    void biasVarianceQuickRunsEndToEndAndItsTermsAddUp() throws Exception {
        Experiment e = SpecParser.parseAny(Path.of("experiments/bias-variance.yaml"), true);
        BiasVarianceExperiment bv = assertInstanceOf(BiasVarianceExperiment.class, e);
        BiasVarianceSpec full = ((BiasVarianceExperiment) SpecParser.parseAny(
                Path.of("experiments/bias-variance.yaml"), false)).spec();
        assertTrue(bv.spec().training().epochs() < full.training().epochs() && bv.spec().models() < full.models(),
                "the quick variant must be smaller");
        Path report = QuickRuns.report("bias-variance");
        String md = Files.readString(report);
        assertTrue(md.contains(ResultsIndex.SUMMARY_MARK) && md.contains("## Reproduce"), md);
        Path out = report.getParent();
        for (String f : List.of("decomposition.png", "pointwise.png", "decomposition.csv")) {
            assertTrue(Files.size(out.resolve(f)) > 0, f);
        }
        List<String> csv = Files.readAllLines(out.resolve("decomposition.csv"));
        assertEquals(bv.spec().widths().size() + 1, csv.size());
        assertTrue(csv.size() > 1, "rows to check");
        for (String row : csv.subList(1, csv.size())) {
            String[] c = row.split(",");
            double bias2 = Double.parseDouble(c[2]);
            double variance = Double.parseDouble(c[3]);
            double noise = Double.parseDouble(c[4]);
            double expected = Double.parseDouble(c[5]);
            assertEquals(bv.spec().data().noise() * bv.spec().data().noise(), noise, 1e-12);
            assertTrue(bias2 >= 0 && variance > 0, row);
            assertEquals(expected, bias2 + variance + noise, 1e-6 * expected, row); // CSV keeps 10 digits
            // an algebraic identity on the same averages: only rounding of ~1e3 sums of order 1 separates them
            assertTrue(Double.parseDouble(c[7]) <= 1e-9, row);
            double measured = Double.parseDouble(c[8]);
            double se = Double.parseDouble(c[9]);
            // an estimate against its expectation: 4 standard errors (two-sided 6e-5 per row)
            assertTrue(Math.abs(measured - expected) <= 4.0 * se, row);
        }
        assertTrue(Files.exists(QuickRuns.ROOT.resolve("README.md")), "the results index is refreshed");
    }

    @Test
    void lossRobustnessQuickRunsEndToEnd() throws Exception {
        LossRobustness e = assertInstanceOf(LossRobustness.class,
                SpecParser.parseAny(Path.of("experiments/loss-robustness.yaml"), true));
        LossRobustnessSpec s = e.spec();
        Path report = QuickRuns.report("loss-robustness");
        String md = Files.readString(report);
        assertTrue(md.contains(ResultsIndex.SUMMARY_MARK) && md.contains("## Reproduce")
                && md.contains("The tall peak and the small ones"), md);
        Path out = report.getParent();
        List<String> sweep = Files.readAllLines(out.resolve("outlier-sweep.csv"));
        assertEquals(1 + s.losses().size() * s.outlierFractions().size() * s.seeds().size(), sweep.size());
        assertTrue(sweep.size() > 1, "sweep rows to check");
        for (String row : sweep.subList(1, sweep.size())) {
            double err = Double.parseDouble(row.split(",")[3]);
            assertTrue(Double.isFinite(err) && err > 0, row);
        }
        List<String> peaks = Files.readAllLines(out.resolve("peaks.csv"));
        assertEquals(1 + s.losses().size() * LossRobustness.PEAKS.size() * s.seeds().size(), peaks.size());
        for (String f : List.of("error-vs-outliers.png", "fits-peaks.png", "fits-outliers-0.png")) {
            assertTrue(Files.size(out.resolve(f)) > 0, f);
        }
    }

    @Test
    void theSameSpecGivesTheSameNumbers() {
        LossRobustness e = (LossRobustness) SpecParser.parseAny(Path.of("experiments/loss-robustness.yaml"), true);
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream());
        LossRobustness.Sweep a = e.sweep(quiet);
        LossRobustness.Sweep b = e.sweep(quiet);
        assertTrue(java.util.Arrays.deepEquals(a.error(), b.error()));
    }

    @Test
    void badSpecsNameTheFieldAndTheAllowedValues() throws Exception {
        String base = Files.readString(Path.of("experiments/loss-robustness.yaml"));
        SpecException loss = assertThrows(SpecException.class, () -> parse("l.yaml", base.replace("  - mae\n", "  - mape\n")));
        assertTrue(loss.getMessage().contains("losses[1]") && loss.getMessage().contains("mse, mae, huber"), loss.getMessage());
        SpecException fraction = assertThrows(SpecException.class,
                () -> parse("f.yaml", base.replace("[0, 0.05, 0.1, 0.2, 0.3]", "[0, 1.5]")));
        assertTrue(fraction.getMessage().contains("outlierFractions[1]"), fraction.getMessage());
        SpecException batch = assertThrows(SpecException.class,
                () -> parse("b.yaml", base.replace("  epochs: 2000\n", "  epochs: 2000\n  batchSize: 10\n")));
        assertTrue(batch.getMessage().contains("training.batchSize") && batch.getMessage().contains("full batch"),
                batch.getMessage());
        String bv = Files.readString(Path.of("experiments/bias-variance.yaml"));
        SpecException unknown = assertThrows(SpecException.class, () -> parse("u.yaml", bv.replace("models: 30", "modles: 30")));
        assertTrue(unknown.getMessage().contains("modles"), unknown.getMessage());
        SpecException outliers = assertThrows(SpecException.class,
                () -> parse("o.yaml", bv.replace("  noise: 0.5\n", "  noise: 0.5\n  outlierScale: 3\n")));
        assertTrue(outliers.getMessage().contains("data.outlierScale"), outliers.getMessage());
    }

    private Experiment parse(String name, String text) throws Exception {
        Path f = dir.resolve(name);
        Files.writeString(f, text);
        return SpecParser.parseAny(f, false);
    }
}
