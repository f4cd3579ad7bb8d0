package dev.optimlab.experiment.comparison;

import static dev.optimlab.report.Markdown.num;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import dev.optimlab.experiment.ReportSkeleton;
import dev.optimlab.report.AtomicFiles;
import dev.optimlab.report.GitInfo;
import dev.optimlab.analysis.ArmSummary;
import dev.optimlab.analysis.PairedDifference;
import dev.optimlab.analysis.Stats;
import dev.optimlab.data.LabeledData;
import dev.optimlab.data.NoisyRegression;
import dev.optimlab.optim.Optimizers;
import dev.optimlab.problem.ProblemData;
import dev.optimlab.report.Charts;
import dev.optimlab.report.Markdown;
import dev.optimlab.report.Verdicts;
import dev.optimlab.run.Arm;
import dev.optimlab.run.Provenance;
import dev.optimlab.run.TrialResult;

/**
 * The report of a comparison: what was run (the network read back from its DL4J configuration,
 * what the arms differ in), the verdicts of paired tests against the baseline, the table over
 * seeds, the charts, the check of the lecture's claim, OptimLab against DL4J's twins, and
 * everything needed to reproduce the numbers. Every verdict sentence comes from
 * {@link ComparisonVerdicts}; {@code verdicts.csv} lists the tests behind them.
 */
final class ComparisonReport {

    private final Spec spec;
    private final List<TrialResult> results;
    private final ProblemData data;
    private final String command;
    private final List<ArmSummary> summaries = new ArrayList<>();
    private final ComparisonVerdicts verdicts;

    ComparisonReport(Spec spec, List<TrialResult> results, ProblemData data, String command) {
        this.spec = spec;
        this.results = results;
        this.data = data;
        this.command = command;
        this.verdicts = new ComparisonVerdicts(spec, results);
        for (Arm arm : spec.arms()) {
            List<TrialResult> mine = results.stream().filter(r -> r.arm().equals(arm.name())).toList();
            summaries.add(ArmSummary.of(arm.name(), mine));
        }
    }

    private boolean classification() {
        return spec.problem().classification();
    }

    Path write(Path dir) throws IOException {
        Files.createDirectories(dir);
        List<String> charts = charts(dir);
        List<String> md = new ArrayList<>();
        md.add("**What was run.** " + whatWasRun());
        md.add("");
        md.add("**What it shows.** " + whatItShows());
        md.add("");
        md.addAll(verdictSection());
        md.add("## Results");
        md.add("");
        md.add("Final epoch, mean ± half-width of the 95% Student-t interval over the seeds of each arm (diverged "
                + "trials excluded and counted separately; arms are never pooled). "
                + (verdicts.separatedBest() == null
                ? "No mark of best: no arm's " + verdicts.metric() + " is separated from every other arm by the paired tests."
                : "`" + verdicts.separatedBest() + "`'s " + verdicts.metric() + " is in **bold**: paired by seed it is "
                + "better than every other arm (Holm-adjusted paired t-tests at 5%)."));
        md.add("");
        md.addAll(table());
        md.add("");
        md.addAll(Markdown.section("Charts"));
        md.addAll(Markdown.images(charts));
        md.addAll(claimSection());
        md.addAll(paritySection());
        Path report = ReportSkeleton.of(spec).withBanner(Provenance.banner(results, GitInfo.current()))
                .write(dir, summarySentence(), md, command, reproduceExtras());
        writeCsv(dir.resolve("summary.csv"));
        AtomicFiles.write(dir.resolve("verdicts.csv"), verdicts.csv());
        return report;
    }

    private String whatWasRun() {
        var p = spec.problem();
        var d = p.data();
        String dataText = d.synthetic()
                ? String.format(Locale.ROOT, "noisy 1-D regression y = %s + N(0, %s²) on [%s, %s], %d points "
                        + "(%d train / %d validation / %d test)%s", NoisyRegression.formula(d.function()), num(d.noise()), num(d.xMin()), num(d.xMax()),
                        d.n(), data.train().size(), data.validation().size(), data.test().size(),
                        d.outlierFraction() > 0 ? ", " + num(100 * d.outlierFraction()) + "% outliers" : "")
                : String.format(Locale.ROOT, "%s (%d train / %d validation / %d test)", d.source(),
                        data.train().size(), data.validation().size(), data.test().size());
        String model = SpecText.architecture(p, data.train().features(), data.train().outputs());
        return String.format(Locale.ROOT, "%d arms × %d seeds = %d trials on %s, with %s, %s loss, %d epochs of "
                        + "minibatches of %d. Every arm of a seed sees the minibatches in the same order and arms of the "
                        + "same architecture start from the same initial parameters. %s",
                spec.arms().size(), spec.seeds().size(), results.size(), dataText, model, p.loss().toUpperCase(Locale.ROOT),
                p.epochs(), p.batchSize(), SpecText.differences(spec.arms()));
    }

    private String whatItShows() {
        List<String> parts = new ArrayList<>();
        parts.add(verdicts.baselineSentence(false));
        long diverged = summaries.stream().mapToInt(ArmSummary::diverged).sum();
        if (diverged > 0) {
            parts.add(diverged + " trial(s) diverged: " + summaries.stream().filter(s -> s.diverged() > 0)
                    .map(s -> "`" + s.arm() + "` " + s.diverged() + "/" + s.trials().size())
                    .collect(Collectors.joining(", ")) + ".");
        }
        if (spec.claim() != null) {
            parts.add(verdicts.claimSentence());
        }
        String twins = verdicts.twinSentence();
        if (!twins.isEmpty()) {
            parts.add(twins);
        }
        parts.add(paritySentence());
        Set<String> alone = optimizersWithoutTwin();
        if (alone.size() == 1) {
            parts.add("`" + alone.iterator().next() + "` has no DL4J built-in twin, so it runs only as OptimLab's implementation.");
        } else if (!alone.isEmpty()) {
            parts.add(alone.stream().map(o -> "`" + o + "`").collect(Collectors.joining(", "))
                    + " have no DL4J built-in twin, so they run only as OptimLab's implementations.");
        }
        return String.join(" ", parts);
    }

    /** The line the results index repeats: the verdicts with their n and test, never a bare "best". */
    private String summarySentence() {
        String s = verdicts.baselineSentence(false);
        if (spec.claim() != null) {
            s += " Lecture's claim (" + spec.claim().text() + "): " + verdicts.claimVerdict() + " (" + verdicts.claimParts() + ").";
        }
        String twins = verdicts.twinSummary();
        return twins.isEmpty() ? s : s + " " + twins;
    }

    private Set<String> optimizersWithoutTwin() {
        Set<String> out = new LinkedHashSet<>();
        for (Arm a : spec.arms()) {
            if (!Optimizers.hasBuiltin(a.optimizer())) {
                out.add(a.optimizer());
            }
        }
        return out;
    }

    /** Every arm against the baseline: the paired difference, its interval, the seed counts and the tests. */
    private List<String> verdictSection() {
        List<PairedDifference> family = verdicts.baseline();
        if (family.isEmpty()) {
            return List.of();
        }
        List<String> md = new ArrayList<>();
        md.add("## Verdicts against the baseline `" + spec.baseline() + "`");
        md.add("");
        md.add(verdicts.baselineSentence(true));
        md.add("");
        md.add("Per seed, d = arm − `" + spec.baseline() + "` in final " + verdicts.metric() + "; the interval is the "
                + "Student-t 95% interval of the mean of d (quantiles from commons-math3), the sign test is exact "
                + "binomial on better vs worse seeds (ties dropped), and Holm's step-down adjustment is over the "
                + family.size() + " comparisons of this table. A verdict needs Holm-adjusted p < 0.05; otherwise it is "
                + "\"no difference detected at n = " + Verdicts.n(family) + "\".");
        md.add("");
        md.addAll(comparisonTable(family));
        md.add("");
        return md;
    }

    private static List<String> comparisonTable(List<PairedDifference> family) {
        List<String> header = List.of("arm", "reference", "mean difference", "95% CI", "better / worse / tied seeds",
                "paired t p", "sign test p", "Holm p", "verdict");
        List<String> md = new ArrayList<>();
        md.add(Markdown.row(header));
        md.add(Markdown.separator(header.size()));
        for (PairedDifference c : family) {
            md.add(Markdown.row(List.of("`" + c.arm() + "`", "`" + c.reference() + "`", num(c.mean()),
                    num(c.lower()) + " to " + num(c.upper()), c.better() + " / " + c.worse() + " / " + c.ties(),
                    num(c.tP()), num(c.signP()), num(c.adjustedP()),
                    Verdicts.word(c, "better", "worse", "identical in every seed"))));
        }
        return md;
    }

    /** "OptimLab", "DL4J built-in", … for the optimizer, and the regularizers' implementation if any. */
    private static String impl(Arm arm) {
        String opt = arm.impl().equals("dl4j") ? "DL4J built-in"
                : arm.variant() == dev.optimlab.optim.Variant.DL4J ? "OptimLab (DL4J variant)" : "OptimLab";
        if (arm.regularizers().isEmpty()) {
            return opt;
        }
        String reg = arm.regularizers().stream().anyMatch(r -> r.builtin()) ? "DL4J built-in" : "OptimLab";
        return "optimizer " + opt + "; regularizer " + reg;
    }

    private List<String> table() {
        boolean cls = classification();
        List<String> header = cls
                ? List.of("arm", "optimizer", "impl", "train loss", "test loss", "train accuracy", "test accuracy",
                        "generalization gap (train − test acc.)", "best validation epoch", "diverged", "seconds per trial")
                : List.of("arm", "optimizer", "impl", "train loss", "validation loss", "test loss", "test MSE",
                        "generalization gap (test − train loss)", "best validation epoch", "diverged", "seconds per trial");
        List<String> md = new ArrayList<>();
        md.add(Markdown.row(header));
        md.add(Markdown.separator(header.size()));
        String best = verdicts.separatedBest();
        for (ArmSummary s : summaries) {
            Arm arm = arm(s);
            boolean bold = s.arm().equals(best);
            List<String> row = new ArrayList<>(List.of("`" + s.arm() + "`", s.optimizer() + " " + hp(arm), impl(arm),
                    cell(s.trainLoss(), false)));
            if (cls) {
                row.addAll(List.of(cell(s.testLoss(), false), cell(s.trainMetric(), false), cell(s.testMetric(), bold)));
            } else {
                row.addAll(List.of(cell(s.validationLoss(), false), cell(s.testLoss(), bold), cell(s.testMetric(), false)));
            }
            row.add(cell(s.gap(), false));
            row.addAll(List.of(num(s.bestValidationEpoch().mean()), s.diverged() + "/" + s.trials().size(),
                    num(s.wallTime().mean())));
            md.add(Markdown.row(row));
        }
        return md;
    }

    private static String hp(Arm arm) {
        List<String> parts = new ArrayList<>();
        arm.hyperparameters().forEach((k, v) -> parts.add(k + "=" + num(v)));
        Arm.Training t = arm.training();
        if (t.samRho() != null) {
            parts.add("SAM ρ=" + num(t.samRho()));
        }
        if (t.clipNorm() != null) {
            parts.add("clip ‖g‖≤" + num(t.clipNorm()));
        }
        if (t.warmupSteps() != null) {
            parts.add("warm-up " + t.warmupSteps() + " + cosine");
        }
        for (dev.optimlab.problem.Regularizer r : arm.regularizers()) {
            parts.add(r.name() + (r.hyperparameters().isEmpty() ? "" : r.hyperparameters().entrySet().stream()
                    .map(e -> e.getKey() + "=" + num(e.getValue())).collect(Collectors.joining(", ", " ", "")))
                    + (r.builtin() ? " [DL4J]" : ""));
        }
        return parts.isEmpty() ? "" : "(" + String.join(", ", parts) + ")";
    }

    private Arm arm(ArmSummary s) {
        return spec.arms().stream().filter(a -> a.name().equals(s.arm())).findFirst().orElseThrow();
    }

    private static String cell(Stats s, boolean bold) {
        String text = num(s.mean()) + (s.n() > 1 ? " ± " + num(s.ci95()) : "");
        return bold ? "**" + text + "**" : text;
    }

    private List<String> charts(Path dir) throws IOException {
        Charts charts = new Charts();
        List<String> files = new ArrayList<>();
        for (Curve c : List.of(new Curve("loss", "train", "training", TrialResult.Epoch::trainLoss),
                new Curve("loss", "test", "test", TrialResult.Epoch::testLoss),
                new Curve("loss", "validation", "validation", TrialResult.Epoch::validationLoss))) {
            files.add(curveChart(charts, dir, c, true));
        }
        if (classification()) {
            for (Curve c : List.of(new Curve("accuracy", "train", "training", TrialResult.Epoch::trainMetric),
                    new Curve("accuracy", "validation", "validation", TrialResult.Epoch::validationMetric),
                    new Curve("accuracy", "test", "test", TrialResult.Epoch::testMetric))) {
                files.add(curveChart(charts, dir, c, false));
            }
        }
        NoisyRegression gen = data.generator();
        if (gen != null) {
            files.add(fitChart(charts, dir, gen));
        }
        files.addAll(sweepCharts(charts, dir));
        return files;
    }

    /**
     * A per-epoch curve: {@code quantity} (loss, accuracy) on one split, charted as
     * {@code <quantity>-<split>.png}; {@code splitLabel} is the split's word in the title and axis.
     */
    private record Curve(String quantity, String split, String splitLabel, Function<TrialResult.Epoch, Double> value) {

        String file() {
            return quantity + "-" + split + ".png";
        }

        String title() {
            return Character.toUpperCase(splitLabel.charAt(0)) + splitLabel.substring(1) + " " + quantity
                    + " (mean ± std over seeds)";
        }
    }

    private String curveChart(Charts charts, Path dir, Curve curve, boolean logY) throws IOException {
        List<Charts.Line> lines = new ArrayList<>();
        for (ArmSummary s : summaries) {
            double[][] c = s.curve(curve.value());
            if (c[0].length == 0) {
                continue;
            }
            double[] x = new double[c[0].length];
            for (int i = 0; i < x.length; i++) {
                x[i] = i + 1;
            }
            lines.add(new Charts.Line(s.arm(), s.arm(), ComparisonVerdicts.dl4jSide(arm(s)), x, c[0], c[1]));
        }
        charts.range(0, logY ? Double.POSITIVE_INFINITY : 1); // losses are ≥ 0, accuracies in [0, 1]
        charts.curves(dir.resolve(curve.file()), curve.title(), "epoch", curve.splitLabel() + " " + curve.quantity(), logY,
                lines);
        return curve.file();
    }

    /**
     * Where arms differ only in one hyperparameter (a sweep, e.g. Adam's ε or the learning rate),
     * the final test score against that hyperparameter: one line per otherwise-identical group.
     */
    private List<String> sweepCharts(Charts charts, Path dir) throws IOException {
        Map<String, List<Arm>> groups = new LinkedHashMap<>();
        for (Arm a : spec.arms()) {
            String key = a.optimizer() + "|" + a.impl() + "|" + a.variant() + "|" + a.training() + "|" + a.regularizers();
            groups.computeIfAbsent(key, k -> new ArrayList<>()).add(a);
        }
        Map<String, List<Charts.Line>> byKey = new LinkedHashMap<>();
        for (List<Arm> g : groups.values()) {
            if (g.size() < 3) {
                continue;
            }
            Set<String> varying = new LinkedHashSet<>();
            for (String k : g.get(0).effectiveHyperparameters().keySet()) {
                if (g.stream().map(a -> a.effectiveHyperparameters().get(k)).distinct().count() > 1) {
                    varying.add(k);
                }
            }
            if (varying.size() != 1) {
                continue;
            }
            String k = varying.iterator().next();
            List<Arm> sorted = g.stream().sorted(Comparator.comparing(a -> a.effectiveHyperparameters().get(k))).toList();
            double[] x = new double[sorted.size()];
            double[] y = new double[sorted.size()];
            double[] sd = new double[sorted.size()];
            for (int i = 0; i < x.length; i++) {
                Arm a = sorted.get(i);
                ArmSummary s = summaries.stream().filter(m -> m.arm().equals(a.name())).findFirst().orElseThrow();
                Stats st = classification() ? s.testMetric() : s.testLoss();
                x[i] = a.effectiveHyperparameters().get(k);
                y[i] = st.mean();
                sd[i] = Double.isNaN(st.std()) ? 0 : st.std();
            }
            Arm first = sorted.get(0);
            String label = first.optimizer() + (first.impl().equals("dl4j") ? " (DL4J built-in)" : " (OptimLab)");
            byKey.computeIfAbsent(k, kk -> new ArrayList<>())
                    .add(new Charts.Line(label, first.optimizer() + first.impl(), first.impl().equals("dl4j"), x, y, sd));
        }
        List<String> files = new ArrayList<>();
        for (Map.Entry<String, List<Charts.Line>> e : byKey.entrySet()) {
            String file = "sweep-" + e.getKey() + ".png";
            boolean logX = e.getValue().stream().allMatch(l -> java.util.Arrays.stream(l.x()).allMatch(v -> v > 0))
                    && e.getValue().stream().anyMatch(l -> l.x()[l.x().length - 1] / l.x()[0] >= 100);
            charts.sweep(dir.resolve(file), (classification() ? "Test accuracy" : "Test loss") + " against " + e.getKey()
                            + " (mean ± std over seeds; diverged seeds left out)", e.getKey(),
                    classification() ? "test accuracy" : "test loss", logX, e.getValue());
            files.add(file);
        }
        return files;
    }

    /** The training data, the true function and each arm's fit averaged over seeds. */
    private String fitChart(Charts charts, Path dir, NoisyRegression gen) throws IOException {
        LabeledData train = data.train();
        double[] dx = new double[train.size()];
        double[] dy = new double[train.size()];
        for (int i = 0; i < dx.length; i++) {
            dx[i] = train.x()[i][0];
            dy[i] = train.y()[i][0];
        }
        double[][] grid = gen.grid(200);
        double[] gx = new double[grid.length];
        double[] gy = new double[grid.length];
        for (int i = 0; i < grid.length; i++) {
            gx[i] = grid[i][0];
            gy[i] = NoisyRegression.truth(gen.function()).applyAsDouble(gx[i]);
        }
        List<Charts.Line> fits = new ArrayList<>();
        for (ArmSummary s : summaries) {
            List<TrialResult> ok = s.trials().stream().filter(t -> t.fit() != null).toList();
            if (ok.isEmpty()) {
                continue;
            }
            int n = ok.get(0).fit().x().size();
            double[] x = new double[n];
            double[] y = new double[n];
            for (int i = 0; i < n; i++) {
                x[i] = ok.get(0).fit().x().get(i);
                for (TrialResult t : ok) {
                    Double v = t.fit().y().get(i);
                    y[i] += (v == null ? Double.NaN : v) / ok.size();
                }
            }
            fits.add(new Charts.Line(s.arm(), s.arm(), ComparisonVerdicts.dl4jSide(arm(s)), x, y, null));
        }
        charts.fits(dir.resolve("fit.png"), "Fitted curves (mean prediction over seeds) and training data", dx, dy,
                new Charts.Line("true function", "truth", false, gx, gy, null), fits);
        return "fit.png";
    }

    /** The claim checked pair by pair on one arm per optimizer (never pooling its twins), paired by seed. */
    private List<String> claimSection() {
        if (spec.claim() == null) {
            return List.of();
        }
        List<String> md = new ArrayList<>();
        md.add("## The lecture's claim");
        md.add("");
        md.add("Claim: " + spec.claim().text() + " — expected order (best first) "
                + String.join(" > ", spec.claim().order()) + " by final " + spec.claim().metric() + ".");
        md.add("");
        md.add(Markdown.row(List.of("optimizer", "arm standing for it", "mean " + spec.claim().metric(),
                "95% CI of the mean", "seeds")));
        md.add(Markdown.separator(5));
        for (String opt : spec.claim().order()) {
            String arm = verdicts.representative(opt);
            Stats s = Stats.of(verdicts.perSeed(arm, ComparisonVerdicts.field(spec.claim().metric())));
            md.add(Markdown.row(List.of(opt, "`" + arm + "`", num(s.mean()), num(s.lower()) + " to " + num(s.upper()),
                    String.valueOf(s.n()))));
        }
        md.add("");
        md.add("Each pair of the claimed order, earlier arm − later arm, paired by seed (a claimed pair is supported "
                + "when the earlier is better with Holm-adjusted p < 0.05, contradicted when it is worse):");
        md.add("");
        md.addAll(comparisonTable(verdicts.claimPairs()));
        md.add("");
        md.add("Verdict: " + verdicts.claimSentence());
        md.add("");
        return md;
    }

    private List<Arm[]> twinPairs() {
        return verdicts.twinPairs();
    }

    private double maxTwinDifference(Arm a, Arm b) {
        double max = 0;
        for (long seed : spec.seeds()) {
            TrialResult ra = find(a, seed);
            TrialResult rb = find(b, seed);
            if (ra == null || rb == null || ra.last() == null || rb.last() == null) {
                continue;
            }
            max = Math.max(max, Math.abs(ra.last().testLoss() - rb.last().testLoss()));
        }
        return max;
    }

    private TrialResult find(Arm arm, long seed) {
        return results.stream().filter(r -> r.arm().equals(arm.name()) && r.seed() == seed).findFirst().orElse(null);
    }

    /**
     * Arms that change the architecture (a norm layer, or DL4J's layer norm inside the dense
     * layers) have other parameters; the others must start from the same ones for a seed.
     */
    private static String architecture(Arm arm) {
        return arm.regularizers().stream()
                .filter(r -> dev.optimlab.regularize.Regularizers.names(dev.optimlab.regularize.Regularizers.Kind.NORM)
                        .contains(r.name()))
                .map(r -> r.name() + "/" + r.impl()).findFirst().orElse("plain");
    }

    private boolean initialParametersIdentical() {
        Map<String, String> architectureOfArm = new LinkedHashMap<>();
        spec.arms().forEach(a -> architectureOfArm.put(a.name(), architecture(a)));
        for (long seed : spec.seeds()) {
            Map<String, Set<String>> hashes = new LinkedHashMap<>();
            results.stream().filter(r -> r.seed() == seed).forEach(r -> hashes
                    .computeIfAbsent(architectureOfArm.get(r.arm()), k -> new LinkedHashSet<>()).add(r.initialParamsSha256()));
            if (hashes.values().stream().anyMatch(h -> h.size() > 1)) {
                return false;
            }
        }
        return true;
    }

    private String paritySentence() {
        List<Arm[]> pairs = twinPairs();
        String init = initialParametersIdentical()
                ? "For every seed all arms of the same architecture started from bit-identical parameters (same SHA-256)."
                : "Warning: arms of the same seed did NOT start from identical parameters.";
        if (pairs.isEmpty()) {
            return init;
        }
        return init + " OptimLab and DL4J twins end within " + pairs.stream()
                .map(p -> "`" + p[0].name() + "`/`" + p[1].name() + "` " + num(maxTwinDifference(p[0], p[1])))
                .collect(Collectors.joining(", ")) + " of each other in final test loss (max over seeds).";
    }

    private List<String> paritySection() {
        List<Arm[]> pairs = twinPairs();
        if (pairs.isEmpty()) {
            return List.of();
        }
        List<String> md = new ArrayList<>();
        md.add("## OptimLab against DL4J's built-in twins");
        md.add("");
        md.add("Same data and minibatch order, the same initial parameters where the architecture is the same; only "
                + "the implementation differs. "
                + "Where OptimLab follows the paper and DL4J does not (Adam's ε is added to the bias-corrected √v̂ in "
                + "the paper and to the uncorrected √v in DL4J), small differences are expected; the DL4J variant of "
                + "each OptimLab updater reproduces the built-in to ≤ 1e-12 (see the unit tests).");
        md.add("");
        md.add(Markdown.row(List.of("what", "OptimLab arm", "DL4J arm", "largest difference in final test loss over seeds")));
        md.add(Markdown.separator(4));
        for (Arm[] p : pairs) {
            md.add(Markdown.row(List.of(p[0].regularizers().isEmpty() ? p[0].optimizer()
                            : p[0].regularizers().stream().map(r -> r.name()).collect(Collectors.joining(" + ")), "`" + p[0].name() + "`", "`" + p[1].name() + "`",
                    num(maxTwinDifference(p[0], p[1])))));
        }
        md.add("");
        md.add(verdicts.twinSentence());
        md.add("");
        md.addAll(comparisonTable(verdicts.twins()));
        md.add("");
        return md;
    }

    private List<String> reproduceExtras() {
        return List.of(
                "seeds " + spec.seeds(),
                "per-trial results: `trials/*.json` (per-epoch losses and metrics, per-iteration loss, hyperparameters, "
                        + "initial-parameter hash, versions); table as CSV: `summary.csv`");
    }

    private void writeCsv(Path file) throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add("arm,optimizer,impl,seeds,diverged,train_loss_mean,train_loss_std,validation_loss_mean,validation_loss_std,"
                + "test_loss_mean,test_loss_std,test_metric_mean,test_metric_std,best_validation_epoch_mean,seconds_mean,"
                + "test_loss_ci95,test_metric_ci95");
        for (ArmSummary s : summaries) {
            lines.add(String.join(",", s.arm(), s.optimizer(), s.impl(), String.valueOf(s.trials().size()),
                    String.valueOf(s.diverged()), d(s.trainLoss().mean()), d(s.trainLoss().std()),
                    d(s.validationLoss().mean()), d(s.validationLoss().std()), d(s.testLoss().mean()), d(s.testLoss().std()),
                    d(s.testMetric().mean()), d(s.testMetric().std()), d(s.bestValidationEpoch().mean()), d(s.wallTime().mean()),
                    d(s.testLoss().ci95()), d(s.testMetric().ci95())));
        }
        AtomicFiles.write(file, lines);
    }

    private static String d(double v) {
        return Double.isNaN(v) ? "" : Double.toString(v);
    }
}
