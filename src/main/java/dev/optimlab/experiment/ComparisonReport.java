package dev.optimlab.experiment;

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

import dev.optimlab.analysis.ArmSummary;
import dev.optimlab.analysis.Stats;
import dev.optimlab.data.LabeledData;
import dev.optimlab.data.NoisyRegression;
import dev.optimlab.optim.Optimizers;
import dev.optimlab.problem.ProblemData;
import dev.optimlab.report.Charts;
import dev.optimlab.report.Markdown;
import dev.optimlab.report.Reproduce;
import dev.optimlab.report.ResultsIndex;
import dev.optimlab.run.Arm;
import dev.optimlab.run.TrialResult;

/**
 * The report of a comparison: what was run and what it shows, the table over seeds with the best
 * marked, the charts, the check of the lecture's claim, the parity of OptimLab and DL4J twins,
 * and everything needed to reproduce the numbers.
 */
final class ComparisonReport {

    private final Spec spec;
    private final List<TrialResult> results;
    private final ProblemData data;
    private final String command;
    private final List<ArmSummary> summaries = new ArrayList<>();

    ComparisonReport(Spec spec, List<TrialResult> results, ProblemData data, String command) {
        this.spec = spec;
        this.results = results;
        this.data = data;
        this.command = command;
        for (Arm arm : spec.arms()) {
            List<TrialResult> mine = results.stream().filter(r -> r.arm().equals(arm.name())).toList();
            summaries.add(ArmSummary.of(arm.name(), mine));
        }
    }

    private boolean classification() {
        return spec.problem().classification();
    }

    private String metricName() {
        return classification() ? "test accuracy" : "test MSE";
    }

    Path write(Path dir) throws IOException {
        Files.createDirectories(dir);
        List<String> charts = charts(dir);
        List<String> md = new ArrayList<>();
        md.add("# " + spec.title());
        md.add("");
        md.add(ResultsIndex.SUMMARY_MARK + summarySentence() + " -->");
        md.add("");
        if (!spec.description().isBlank()) {
            md.add(spec.description().strip());
            md.add("");
        }
        md.add("**What was run.** " + whatWasRun());
        md.add("");
        md.add("**What it shows.** " + whatItShows());
        md.add("");
        md.add("## Results");
        md.add("");
        md.add("Final epoch, mean ± standard deviation over " + spec.seeds().size()
                + " seeds (diverged trials excluded from the means and counted separately); the best mean per column is in **bold**.");
        md.add("");
        md.addAll(table());
        md.add("");
        md.add("## Charts");
        md.add("");
        for (String c : charts) {
            md.add("![" + c + "](" + c + ")");
            md.add("");
        }
        md.addAll(claimSection());
        md.addAll(paritySection());
        md.addAll(reproduceSection());
        Path report = dir.resolve("REPORT.md");
        Files.write(report, md);
        writeCsv(dir.resolve("summary.csv"));
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
        String model = "an MLP " + (d.synthetic() ? 1 : data.train().features()) + " → "
                + p.model().hidden().stream().map(String::valueOf).collect(Collectors.joining(" → "))
                + " (" + p.model().activation() + ") → " + data.train().outputs() + ", " + p.model().dtype();
        return String.format(Locale.ROOT, "%d arms × %d seeds = %d trials on %s, with %s, %s loss, %d epochs of "
                        + "minibatches of %d. Every arm of a seed starts from the same initial parameters and sees the "
                        + "minibatches in the same order; only the optimizer differs.",
                spec.arms().size(), spec.seeds().size(), results.size(), dataText, model, p.loss().toUpperCase(Locale.ROOT),
                p.epochs(), p.batchSize());
    }

    private String whatItShows() {
        List<String> parts = new ArrayList<>();
        if (classification()) {
            List<ArmSummary> ranked = ranked(s -> -s.testMetric().mean());
            parts.add("Ranked by test accuracy: " + ranked.stream()
                    .map(s -> "`" + s.arm() + "` " + num(s.testMetric().mean()))
                    .collect(Collectors.joining(" > ")) + ".");
        } else {
            List<ArmSummary> ranked = ranked(s -> s.testLoss().mean());
            parts.add("Ranked by final test loss: " + ranked.stream()
                    .map(s -> "`" + s.arm() + "` " + num(s.testLoss().mean()))
                    .collect(Collectors.joining(" < ")) + ".");
        }
        long diverged = summaries.stream().mapToInt(ArmSummary::diverged).sum();
        if (diverged > 0) {
            parts.add(diverged + " trial(s) diverged: " + summaries.stream().filter(s -> s.diverged() > 0)
                    .map(s -> "`" + s.arm() + "` " + s.diverged() + "/" + s.trials().size())
                    .collect(Collectors.joining(", ")) + ".");
        }
        if (spec.claim() != null) {
            parts.add(claimVerdict());
        }
        String parity = paritySentence();
        if (!parity.isEmpty()) {
            parts.add(parity);
        }
        Set<String> alone = optimizersWithoutTwin();
        if (alone.size() == 1) {
            parts.add("`" + alone.iterator().next() + "` has no DL4J built-in twin, so it runs only as OptimLab's implementation.");
        } else if (!alone.isEmpty()) {
            parts.add(alone.stream().map(o -> "`" + o + "`").collect(Collectors.joining(", "))
                    + " have no DL4J built-in twin, so they run only as OptimLab's implementations.");
        }
        return String.join(" ", parts);
    }

    private String summarySentence() {
        String claim = spec.claim() == null ? "" : " " + (claimHolds() ? "The lecture's order holds." : "The lecture's order does not hold here.");
        if (classification()) {
            ArmSummary best = ranked(s -> -s.testMetric().mean()).get(0);
            return "Best test accuracy: `" + best.arm() + "` (" + num(best.testMetric().mean()) + ")." + claim;
        }
        ArmSummary best = ranked(s -> s.testLoss().mean()).get(0);
        return "Best final test loss: `" + best.arm() + "` (" + num(best.testLoss().mean()) + ")." + claim;
    }

    private List<ArmSummary> ranked(Function<ArmSummary, Double> key) {
        return summaries.stream().filter(s -> !Double.isNaN(key.apply(s)))
                .sorted(Comparator.comparing(key)).toList();
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
        double bestTrain = best(ArmSummary::trainLoss, false);
        double bestVal = best(ArmSummary::validationLoss, false);
        double bestTest = best(ArmSummary::testLoss, false);
        double bestTrainMetric = best(ArmSummary::trainMetric, true);
        double bestMetric = best(ArmSummary::testMetric, cls);
        double bestGap = summaries.stream().mapToDouble(s -> Math.abs(s.gap().mean())).filter(v -> !Double.isNaN(v))
                .min().orElse(Double.NaN);
        for (ArmSummary s : summaries) {
            Arm arm = spec.arms().stream().filter(a -> a.name().equals(s.arm())).findFirst().orElseThrow();
            String impl = arm.impl().equals("dl4j") ? "DL4J built-in"
                    : arm.variant() == dev.optimlab.optim.Variant.DL4J ? "OptimLab (DL4J variant)" : "OptimLab";
            List<String> row = new ArrayList<>(List.of("`" + s.arm() + "`", s.optimizer() + " " + hp(arm), impl,
                    cell(s.trainLoss(), bestTrain)));
            if (cls) {
                row.addAll(List.of(cell(s.testLoss(), bestTest), cell(s.trainMetric(), bestTrainMetric),
                        cell(s.testMetric(), bestMetric)));
            } else {
                row.addAll(List.of(cell(s.validationLoss(), bestVal), cell(s.testLoss(), bestTest),
                        cell(s.testMetric(), bestMetric)));
            }
            row.add(Math.abs(s.gap().mean()) == bestGap ? "**" + num(s.gap().mean()) + " ± " + num(s.gap().std()) + "**"
                    : num(s.gap().mean()) + " ± " + num(s.gap().std()));
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

    private double best(Function<ArmSummary, Stats> f, boolean higherIsBetter) {
        return summaries.stream().map(f).mapToDouble(Stats::mean).filter(v -> !Double.isNaN(v))
                .reduce(higherIsBetter ? Math::max : Math::min).orElse(Double.NaN);
    }

    private static String cell(Stats s, double best) {
        String text = num(s.mean()) + " ± " + num(s.std());
        return s.mean() == best ? "**" + text + "**" : text;
    }

    private List<String> charts(Path dir) throws IOException {
        Charts charts = new Charts();
        List<String> files = new ArrayList<>();
        files.add(curveChart(charts, dir, "loss-train.png", "Training loss (mean ± std over seeds)",
                TrialResult.Epoch::trainLoss, "training loss", true));
        files.add(curveChart(charts, dir, "loss-test.png", "Test loss (mean ± std over seeds)",
                TrialResult.Epoch::testLoss, "test loss", true));
        files.add(curveChart(charts, dir, "loss-validation.png", "Validation loss (mean ± std over seeds)",
                TrialResult.Epoch::validationLoss, "validation loss", true));
        if (classification()) {
            files.add(curveChart(charts, dir, "accuracy-train.png", "Training accuracy (mean ± std over seeds)",
                    TrialResult.Epoch::trainMetric, "training accuracy", false));
            files.add(curveChart(charts, dir, "accuracy-validation.png", "Validation accuracy (mean ± std over seeds)",
                    TrialResult.Epoch::validationMetric, "validation accuracy", false));
            files.add(curveChart(charts, dir, "accuracy-test.png", "Test accuracy (mean ± std over seeds)",
                    TrialResult.Epoch::testMetric, "test accuracy", false));
        }
        NoisyRegression gen = data.generator();
        if (gen != null) {
            files.add(fitChart(charts, dir, gen));
        }
        files.addAll(sweepCharts(charts, dir));
        return files;
    }

    private String curveChart(Charts charts, Path dir, String file, String title,
                              Function<TrialResult.Epoch, Double> f, String yLabel, boolean logY) throws IOException {
        List<Charts.Line> lines = new ArrayList<>();
        for (ArmSummary s : summaries) {
            double[][] c = s.curve(f);
            if (c[0].length == 0) {
                continue;
            }
            double[] x = new double[c[0].length];
            for (int i = 0; i < x.length; i++) {
                x[i] = i + 1;
            }
            lines.add(new Charts.Line(s.arm(), s.optimizer(), s.impl().equals("dl4j"), x, c[0], c[1]));
        }
        charts.curves(dir.resolve(file), title, "epoch", yLabel, logY, lines);
        return file;
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
            fits.add(new Charts.Line(s.arm(), s.optimizer(), s.impl().equals("dl4j"), x, y, null));
        }
        charts.fits(dir.resolve("fit.png"), "Fitted curves (mean prediction over seeds) and training data", dx, dy,
                new Charts.Line("true function", "truth", false, gx, gy, null), fits);
        return "fit.png";
    }

    /** Mean of the claim's metric per optimizer (over all its arms and seeds), best first. */
    private Map<String, Stats> claimScores() {
        Function<TrialResult.Epoch, Double> f = switch (spec.claim().metric()) {
            case "trainLoss" -> TrialResult.Epoch::trainLoss;
            case "validationLoss" -> TrialResult.Epoch::validationLoss;
            case "testMetric" -> TrialResult.Epoch::testMetric;
            default -> TrialResult.Epoch::testLoss;
        };
        Map<String, List<Double>> values = new LinkedHashMap<>();
        for (TrialResult r : results) {
            if (spec.claim().order().contains(r.optimizer())) {
                values.computeIfAbsent(r.optimizer(), k -> new ArrayList<>())
                        .add(r.diverged() || r.last() == null ? null : f.apply(r.last()));
            }
        }
        Map<String, Stats> stats = new LinkedHashMap<>();
        values.forEach((k, v) -> stats.put(k, Stats.of(v)));
        return stats;
    }

    private boolean higherIsBetter() {
        return spec.claim().metric().equals("testMetric") && classification();
    }

    private List<String> observedOrder() {
        Map<String, Stats> scores = claimScores();
        Comparator<String> byMean = Comparator.comparing(k -> scores.get(k).mean());
        return scores.keySet().stream().sorted(higherIsBetter() ? byMean.reversed() : byMean).toList();
    }

    private boolean claimHolds() {
        return observedOrder().equals(spec.claim().order());
    }

    private String claimVerdict() {
        return "The lecture's claim (" + spec.claim().text() + ") " + (claimHolds() ? "**holds**" : "**does not hold**")
                + " on this data: observed order by " + spec.claim().metric() + " is "
                + String.join(" > ", observedOrder()) + " (best first).";
    }

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
        md.add(Markdown.row(List.of("optimizer (all its arms)", "mean " + spec.claim().metric(), "95% CI of the mean", "trials")));
        md.add(Markdown.separator(4));
        Map<String, Stats> scores = claimScores();
        for (String opt : observedOrder()) {
            Stats s = scores.get(opt);
            md.add(Markdown.row(List.of(opt, num(s.mean()), "± " + num(s.ci95()), String.valueOf(s.n()))));
        }
        md.add("");
        List<String> order = observedOrder();
        List<String> overlaps = new ArrayList<>();
        for (int i = 0; i + 1 < order.size(); i++) {
            Stats a = scores.get(order.get(i));
            Stats b = scores.get(order.get(i + 1));
            if (Math.abs(a.mean() - b.mean()) < a.ci95() + b.ci95()) {
                overlaps.add(order.get(i) + " vs " + order.get(i + 1));
            }
        }
        md.add("Verdict: " + (claimHolds() ? "the observed order matches the claim." : "the observed order differs from the claim.")
                + (overlaps.isEmpty() ? " Neighbouring 95% intervals do not overlap."
                : " Overlapping 95% intervals (not separated at this number of seeds): " + String.join(", ", overlaps) + "."));
        md.add("");
        return md;
    }

    /** Pairs of arms that are the same optimizer and hyperparameters as OptimLab and as DL4J. */
    private List<Arm[]> twinPairs() {
        List<Arm[]> pairs = new ArrayList<>();
        for (Arm a : spec.arms()) {
            if (!a.impl().equals("optimlab")) {
                continue;
            }
            for (Arm b : spec.arms()) {
                if (b.impl().equals("dl4j") && b.optimizer().equals(a.optimizer())
                        && b.effectiveHyperparameters().equals(a.effectiveHyperparameters())
                        && b.training().equals(a.training())) {
                    pairs.add(new Arm[] {a, b});
                }
            }
        }
        return pairs;
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
        md.add("Same data, same initial parameters, same minibatch order; only the implementation differs. "
                + "Where OptimLab follows the paper and DL4J does not (Adam's ε is added to the bias-corrected √v̂ in "
                + "the paper and to the uncorrected √v in DL4J), small differences are expected; the DL4J variant of "
                + "each OptimLab updater reproduces the built-in to ≤ 1e-12 (see the unit tests).");
        md.add("");
        md.add(Markdown.row(List.of("optimizer", "OptimLab arm", "DL4J arm", "largest difference in final test loss over seeds")));
        md.add(Markdown.separator(4));
        for (Arm[] p : pairs) {
            md.add(Markdown.row(List.of(p[0].optimizer(), "`" + p[0].name() + "`", "`" + p[1].name() + "`",
                    num(maxTwinDifference(p[0], p[1])))));
        }
        md.add("");
        return md;
    }

    private List<String> reproduceSection() {
        return Reproduce.section(command, spec.source(), spec.text(), List.of(
                "seeds " + spec.seeds(),
                "per-trial results: `trials/*.json` (per-epoch losses and metrics, per-iteration loss, hyperparameters, "
                        + "initial-parameter hash, versions); table as CSV: `summary.csv`"));
    }

    private void writeCsv(Path file) throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add("arm,optimizer,impl,seeds,diverged,train_loss_mean,train_loss_std,validation_loss_mean,validation_loss_std,"
                + "test_loss_mean,test_loss_std,test_metric_mean,test_metric_std,best_validation_epoch_mean,seconds_mean");
        for (ArmSummary s : summaries) {
            lines.add(String.join(",", s.arm(), s.optimizer(), s.impl(), String.valueOf(s.trials().size()),
                    String.valueOf(s.diverged()), d(s.trainLoss().mean()), d(s.trainLoss().std()),
                    d(s.validationLoss().mean()), d(s.validationLoss().std()), d(s.testLoss().mean()), d(s.testLoss().std()),
                    d(s.testMetric().mean()), d(s.testMetric().std()), d(s.bestValidationEpoch().mean()), d(s.wallTime().mean())));
        }
        Files.write(file, lines);
    }

    private static String d(double v) {
        return Double.isNaN(v) ? "" : Double.toString(v);
    }
}
