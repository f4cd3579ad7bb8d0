package dev.optimlab.experiment.convolution;

import static dev.optimlab.report.Markdown.num;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

import dev.optimlab.experiment.ReportSkeleton;
import dev.optimlab.report.AtomicFiles;
import dev.optimlab.analysis.Stats;
import dev.optimlab.problem.ProblemData;
import dev.optimlab.report.Charts;
import dev.optimlab.report.Markdown;
import dev.optimlab.run.TrialResult;

/**
 * The report of a convolution experiment: the verdict per data set, the table and chart of
 * accuracy against parameters, every CNN–MLP pair, each network read back from its DL4J
 * configuration with its per-layer parameter formula checked against DL4J, the per-layer table of
 * the concrete 3×3 / dense / 1×1 case, and the worked cross-correlation example.
 */
final class ConvolutionReport {

    /** A model's numbers: formula and DL4J counts, its network description, accuracy and time. */
    record Measured(ConvolutionExperiment.ModelRun run, List<LayerCount.Layer> formula, List<NetworkDescription.Row> dl4j,
                    long dl4jParams, InputType input, Stats test, double secondsPerEpoch) {

        long params() {
            return LayerCount.params(formula);
        }

        String label() {
            return run.model().label();
        }

        boolean cnn() {
            return run.model().family().equals(ConvolutionSpec.CNN);
        }
    }

    private final ConvolutionSpec spec;
    private final Map<ConvolutionSpec.DataSet, ProblemData> data;
    private final String command;
    private final double seconds;
    private final List<Measured> measured = new ArrayList<>();

    ConvolutionReport(ConvolutionSpec spec, List<ConvolutionExperiment.ModelRun> runs,
                      Map<ConvolutionSpec.DataSet, ProblemData> data, String command, double seconds) {
        this.spec = spec;
        this.data = data;
        this.command = command;
        this.seconds = seconds;
        for (ConvolutionExperiment.ModelRun r : runs) {
            measured.add(measure(r));
        }
    }

    private Measured measure(ConvolutionExperiment.ModelRun r) {
        int[] image = ConvolutionExperiment.image(r.dataSet());
        int classes = data.get(r.dataSet()).train().outputs();
        MultiLayerNetwork net = NetworkDescription.build(r.problem(), image, classes, spec.optimizer());
        InputType input = NetworkDescription.input(r.problem(), image);
        List<Double> acc = r.trials().stream().map(FamilyComparison::accuracy).toList();
        double perEpoch = r.trials().stream().filter(t -> !t.epochs().isEmpty())
                .mapToDouble(t -> t.wallTimeSeconds() / t.epochs().size()).average().orElse(Double.NaN);
        return new Measured(r, LayerCount.of(r.model().network(), image, classes), NetworkDescription.rows(net, input),
                net.numParams(), input, Stats.of(acc), perEpoch);
    }

    private List<Measured> of(ConvolutionSpec.DataSet d, String family) {
        return measured.stream().filter(m -> m.run().dataSet() == d && m.run().model().family().equals(family))
                .sorted(Comparator.comparingLong(Measured::params)).toList();
    }

    /** The verdict's pair on a data set: the largest CNN against the largest MLP (fixed before the run). */
    private FamilyComparison verdictPair(ConvolutionSpec.DataSet d) {
        List<Measured> cnns = of(d, ConvolutionSpec.CNN);
        List<Measured> mlps = of(d, ConvolutionSpec.MLP);
        Measured c = cnns.get(cnns.size() - 1);
        Measured m = mlps.get(mlps.size() - 1);
        return FamilyComparison.of(c.run(), c.params(), m.run(), m.params());
    }

    Path write(Path dir) throws IOException {
        Files.createDirectories(dir);
        List<String> md = new ArrayList<>();
        md.add("**What was run.** " + whatWasRun());
        md.add("");
        md.addAll(verdictSection());
        for (ConvolutionSpec.DataSet d : spec.datasets()) {
            md.addAll(resultsSection(d, dir));
        }
        md.addAll(pairsSection());
        md.addAll(networksSection());
        md.addAll(layerExampleSection());
        md.addAll(CrossCorrelationExample.section());
        md.add("");
        Path report = ReportSkeleton.of(spec).write(dir, summary(), md, command, List.of(
                "per-trial results: `trials/*.json` (per-epoch losses and accuracies, hyperparameters, initial-parameter "
                        + "hash, versions); tables as CSV: `models.csv`, `pairs.csv`",
                String.format(Locale.ROOT, "wall time of this run: %.0f s (trials already stored are not re-run)", seconds)));
        writeCsv(dir);
        return report;
    }

    private String summary() {
        List<String> parts = new ArrayList<>();
        for (ConvolutionSpec.DataSet d : spec.datasets()) {
            FamilyComparison p = verdictPair(d);
            parts.add(d.data().source() + ": " + verdictWord(p) + " (" + p.cnn().model().label() + " with "
                    + String.format(Locale.ROOT, "%.1f", (double) p.mlpParams() / p.cnnParams()) + "× fewer parameters than "
                    + p.mlp().model().label() + ", Δ test accuracy " + interval(p) + ")");
        }
        return "MLPs vs CNNs of several sizes, same optimizer and lr selection; \"fewer parameters for the same accuracy\": "
                + String.join("; ", parts);
    }

    private String whatWasRun() {
        List<String> sets = new ArrayList<>();
        for (ConvolutionSpec.DataSet d : spec.datasets()) {
            ProblemData pd = data.get(d);
            sets.add(String.format(Locale.ROOT, "%s (%d train / %d validation / %d test images, %d epoch(s), minibatches of %d; "
                    + "MLPs %s, CNNs %s)", d.data().source(), pd.train().size(), pd.validation().size(), pd.test().size(),
                    d.epochs(), d.batchSize(), labels(d, ConvolutionSpec.MLP), labels(d, ConvolutionSpec.CNN)));
        }
        return "On " + String.join(" and ", sets) + ", every model is trained with " + spec.optimizer() + " ("
                + "OptimLab's, paper variant). **Learning-rate selection, the same for every model:** one trial per rate in "
                + spec.learningRates() + " with the tuning seed " + spec.tuningSeed() + "; the rate with the highest "
                + "final-epoch validation accuracy is kept (ties: lower validation loss, then the smaller rate); that rate is "
                + "then trained with each of the seeds " + spec.seeds() + " and only these runs enter the tables (test "
                + "accuracy after the last epoch)" + (spec.seeds().contains(spec.tuningSeed()) ? "; the tuning seed is one "
                + "of them, so its run at the chosen rate is reused (the selection saw only its validation accuracy)" : "")
                + ". MLP = dense hidden layers of the given widths; CNN = per listed channel "
                + "count a block of 3×3 convolution (stride 1, padding 1) and 2×2 max pooling, then the output layer. "
                + "Activation " + spec.datasets().get(0).models().get(0).network().activation() + ", float, Xavier init, "
                + "softmax + cross-entropy. A trial of a seed sees the minibatches in the same order for every model.";
    }

    private String labels(ConvolutionSpec.DataSet d, String family) {
        return String.join(", ", of(d, family).stream().map(Measured::label).toList());
    }

    private static String interval(FamilyComparison p) {
        Stats s = p.difference();
        if (s.n() < 2) {
            return num(s.mean()) + ", no interval at n = " + s.n();
        }
        return num(s.mean()) + " [" + num(p.lower()) + ", " + num(p.upper()) + "]";
    }

    private static String verdictWord(FamilyComparison p) {
        if (p.cnnParams() >= p.mlpParams()) {
            return "not tested (the largest CNN is not smaller than the largest MLP)";
        }
        return switch (p.outcome()) {
            case CNN_BETTER -> "supported";
            case MLP_BETTER -> "contradicted";
            case NOT_SEPARATED -> "not separated at n = " + p.difference().n();
        };
    }

    private List<String> verdictSection() {
        List<String> md = Markdown.section("Verdict: \"a convolution needs fewer parameters for the same accuracy\"",
                "Rule, fixed before the run: on each data set the largest CNN is compared with the largest MLP (the CNN "
                + "has fewer parameters). Paired by seed: Δ = test accuracy(CNN) − test accuracy(MLP) for each seed (same "
                + "seed, same minibatch order), mean and 95 % Student-t interval over the seeds. Interval above 0: "
                + "**supported** (fewer parameters, higher accuracy); below 0: **contradicted** at these sizes (fewer parameters, "
                + "lower accuracy: the CNN did not reach the MLP's accuracy); containing 0: **not separated** at that n (no "
                + "difference detected — not \"equal\"). The chart below shows the whole range of sizes.");
        for (ConvolutionSpec.DataSet d : spec.datasets()) {
            FamilyComparison p = verdictPair(d);
            md.add(String.format(Locale.ROOT, "- **%s: %s.** `%s` (%,d parameters) vs `%s` (%,d parameters, %.1f× more): "
                    + "Δ = %s over n = %d seeds.", d.data().source(), verdictWord(p), p.cnn().model().label(), p.cnnParams(),
                    p.mlp().model().label(), p.mlpParams(), (double) p.mlpParams() / p.cnnParams(), interval(p),
                    p.difference().n()));
        }
        md.add("");
        return md;
    }

    private List<String> resultsSection(ConvolutionSpec.DataSet d, Path dir) throws IOException {
        List<String> md = new ArrayList<>();
        md.add("## " + d.data().source());
        md.add("");
        List<String> head = new ArrayList<>(List.of("model", "parameters (formula)", "DL4J numParams()", "multiply–adds / image"));
        spec.learningRates().forEach(lr -> head.add("val. acc. lr=" + num(lr)));
        head.addAll(List.of("chosen lr", "test accuracy (mean, 95 % CI)", "seconds / epoch"));
        md.add(Markdown.row(head));
        md.add(Markdown.separator(head.size()));
        for (String family : List.of(ConvolutionSpec.MLP, ConvolutionSpec.CNN)) {
            for (Measured m : of(d, family)) {
                md.add(Markdown.row(resultRow(m)));
            }
        }
        md.add("");
        md.add("Validation accuracies are those of the tuning seed. Test accuracy: mean over the seeds ± the 95 % "
                + "half-width. Seconds per epoch: trial wall time / epochs, i.e. training plus the per-epoch evaluation of "
                + "all three splits, on a machine shared with other jobs (load varies; compare within this run only).");
        md.add("");
        String png = "accuracy-vs-parameters-" + d.data().source() + ".png";
        chart(d, dir.resolve(png));
        md.add("![" + png + "](" + png + ")");
        md.add("");
        return md;
    }

    private List<String> resultRow(Measured m) {
        List<String> cells = new ArrayList<>();
        cells.add("`" + m.label() + "`");
        cells.add(String.format(Locale.ROOT, "%,d", m.params()));
        cells.add(String.format(Locale.ROOT, "%,d%s", m.dl4jParams(), m.dl4jParams() == m.params() ? "" : " **≠ formula**"));
        cells.add(String.format(Locale.ROOT, "%,d", LayerCount.macs(m.formula())));
        for (double lr : spec.learningRates()) {
            TrialResult t = m.run().tuning().get(lr);
            String v = t.diverged() || t.last() == null ? "diverged" : num(t.last().validationMetric());
            cells.add(lr == m.run().chosenLr() ? "**" + v + "**" : v);
        }
        cells.add(num(m.run().chosenLr()));
        cells.add(num(m.test().mean()) + " ± " + num(m.test().ci95()) + " (n = " + m.test().n() + ")");
        cells.add(num(m.secondsPerEpoch()));
        return cells;
    }

    private void chart(ConvolutionSpec.DataSet d, Path png) throws IOException {
        List<Charts.Line> lines = new ArrayList<>();
        for (String family : List.of(ConvolutionSpec.MLP, ConvolutionSpec.CNN)) {
            List<Measured> ms = of(d, family);
            double[] x = ms.stream().mapToDouble(Measured::params).toArray();
            double[] y = ms.stream().mapToDouble(m -> m.test().mean()).toArray();
            double[] ci = ms.stream().mapToDouble(m -> Double.isNaN(m.test().ci95()) ? 0 : m.test().ci95()).toArray();
            lines.add(new Charts.Line(family.toUpperCase(), family, family.equals(ConvolutionSpec.MLP), x, y, ci));
        }
        new Charts().sweep(png, d.data().source() + ": test accuracy vs parameters (bars: 95 % interval over seeds)",
                "parameters (log scale)", "test accuracy", true, lines);
    }

    private List<String> pairsSection() {
        List<String> md = new ArrayList<>();
        md.add("## Every CNN against every MLP");
        md.add("");
        md.add("Same pairing as the verdict (by seed); shown for context — only the verdict's pair was fixed in advance, so "
                + "these " + "are not extra evidence for it (many comparisons, no correction).");
        md.add("");
        md.add(Markdown.row(List.of("data", "CNN", "MLP", "parameters CNN / MLP", "Δ test accuracy (CNN − MLP), 95 % CI",
                "outcome")));
        md.add(Markdown.separator(6));
        for (FamilyComparison p : allPairs()) {
            md.add(Markdown.row(List.of(p.cnn().dataSet().data().source(), "`" + p.cnn().model().label() + "`",
                    "`" + p.mlp().model().label() + "`", String.format(Locale.ROOT, "%.3g", (double) p.cnnParams() / p.mlpParams()),
                    interval(p), switch (p.outcome()) {
                        case CNN_BETTER -> "CNN more accurate";
                        case MLP_BETTER -> "MLP more accurate";
                        case NOT_SEPARATED -> "not separated at n = " + p.difference().n();
                    })));
        }
        md.add("");
        return md;
    }

    private List<FamilyComparison> allPairs() {
        List<FamilyComparison> pairs = new ArrayList<>();
        for (ConvolutionSpec.DataSet d : spec.datasets()) {
            for (Measured c : of(d, ConvolutionSpec.CNN)) {
                for (Measured m : of(d, ConvolutionSpec.MLP)) {
                    pairs.add(FamilyComparison.of(c.run(), c.params(), m.run(), m.params()));
                }
            }
        }
        return pairs;
    }

    private List<String> networksSection() {
        List<String> md = Markdown.section("The networks, read back from their DL4J configurations",
                "Each line is generated from the `MultiLayerConfiguration` the experiment trains (layer types, kernels, "
                + "strides, padding, widths, activations; volumes from DL4J's shape inference). Parameters per layer: the "
                + "formula (k·k·C_in·C_out + C_out for a convolution, n_in·n_out + n_out for a dense layer, 0 for pooling) "
                + "next to DL4J's `numParams()` of that layer.");
        for (Measured m : measured) {
            md.add("- **" + m.run().dataSet().data().source() + " `" + m.label() + "`**: "
                    + NetworkDescription.oneLine(m.input(), m.dl4j()));
            List<String> perLayer = new ArrayList<>();
            for (int i = 0; i < m.dl4j().size(); i++) {
                long formula = m.formula().get(i).params();
                long dl4j = m.dl4j().get(i).params();
                perLayer.add(String.format(Locale.ROOT, "%s: %,d%s", m.formula().get(i).kind(), formula,
                        formula == dl4j ? " = DL4J" : " ≠ DL4J " + dl4j));
            }
            md.add("  - parameters: " + String.join("; ", perLayer) + String.format(Locale.ROOT, "; total %,d (DL4J %,d)",
                    m.params(), m.dl4jParams()));
        }
        md.add("");
        return md;
    }

    private List<String> layerExampleSection() {
        ConvolutionSpec.LayerExample e = spec.example();
        int h = e.height();
        int w = e.width();
        LayerCount.Layer conv = LayerCount.convolution(3, h, w, e.channelsIn(), e.channelsOut());
        LayerCount.Layer dense = LayerCount.dense((long) h * w * e.channelsIn(), (long) h * w * e.channelsOut());
        LayerCount.Layer mix = LayerCount.convolution(1, h, w, e.channelsIn(), e.channelsOut());
        List<String> md = new ArrayList<>();
        md.add("## One layer, three ways: " + h + "×" + w + "×" + e.channelsIn() + " → " + h + "×" + w + "×" + e.channelsOut());
        md.add("");
        md.add(Markdown.row(List.of("layer", "parameters", "multiply–adds per example", "parameters / 3×3 conv's",
                "multiply–adds / 3×3 conv's")));
        md.add(Markdown.separator(5));
        for (LayerCount.Layer l : List.of(conv, dense, mix)) {
            md.add(Markdown.row(List.of(l.kind() + " (output " + l.output() + ")", String.format(Locale.ROOT, "%,d", l.params()),
                    String.format(Locale.ROOT, "%,d", l.macs()), num((double) l.params() / conv.params()),
                    num((double) l.macs() / conv.macs()))));
        }
        md.add("");
        md.add(String.format(Locale.ROOT, "The dense layer connects every input value to every output value: (%d·%d·%d)·(%d·%d·%d) "
                + "weights. The 3×3 convolution shares one 3×3×%d kernel per output channel across all %d positions, so its "
                + "parameters do not grow with H×W — only its multiply–adds do (%d per output value, the same %s× fewer than "
                + "the dense layer's %d per output value). The 1×1 convolution is channel mixing: at every pixel the same "
                + "%d×%d matrix maps the %d input channels to %d output channels — a dense %d → %d layer applied at each of "
                + "the %d positions (%,d parameters, exactly a dense layer's count for %d inputs and %d outputs).",
                h, w, e.channelsIn(), h, w, e.channelsOut(), e.channelsIn(), h * w, 9 * e.channelsIn(),
                num((double) h * w / 9), h * w * e.channelsIn(), e.channelsOut(), e.channelsIn(), e.channelsIn(),
                e.channelsOut(), e.channelsIn(), e.channelsOut(), h * w, mix.params(), e.channelsIn(), e.channelsOut()));
        md.add("");
        return md;
    }

    private void writeCsv(Path dir) throws IOException {
        List<String> csv = new ArrayList<>();
        csv.add("dataset,family,model,params_formula,params_dl4j,macs,chosen_lr,n,test_accuracy_mean,test_accuracy_ci95,"
                + "test_accuracy_std,seconds_per_epoch");
        for (Measured m : measured) {
            csv.add(String.format(Locale.ROOT, "%s,%s,%s,%d,%d,%d,%s,%d,%.6f,%.6f,%.6f,%.4f", m.run().dataSet().data().source(),
                    m.run().model().family(), m.label(), m.params(), m.dl4jParams(), LayerCount.macs(m.formula()),
                    m.run().chosenLr(), m.test().n(), m.test().mean(), m.test().ci95(), m.test().std(), m.secondsPerEpoch()));
        }
        AtomicFiles.write(dir.resolve("models.csv"), csv);
        List<String> pairs = new ArrayList<>();
        pairs.add("dataset,cnn,mlp,params_cnn,params_mlp,n,diff_mean,diff_ci95,outcome");
        for (FamilyComparison p : allPairs()) {
            pairs.add(String.format(Locale.ROOT, "%s,%s,%s,%d,%d,%d,%.6f,%.6f,%s", p.cnn().dataSet().data().source(),
                    p.cnn().model().label(), p.mlp().model().label(), p.cnnParams(), p.mlpParams(), p.difference().n(),
                    p.difference().mean(), p.difference().ci95(), p.outcome()));
        }
        AtomicFiles.write(dir.resolve("pairs.csv"), pairs);
    }
}
