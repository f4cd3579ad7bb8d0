package dev.optimlab.experiment.crossvalidation;

import static dev.optimlab.report.Markdown.num;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;
import java.util.function.ToIntFunction;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import dev.optimlab.analysis.PairedDifference;
import dev.optimlab.analysis.Stats;
import dev.optimlab.experiment.ReportSkeleton;
import dev.optimlab.report.AtomicFiles;
import dev.optimlab.report.Charts;
import dev.optimlab.report.Markdown;
import dev.optimlab.report.PairedEvidence;
import dev.optimlab.report.Verdicts;

/**
 * The report of a cross-validation run: part 1 (weight decay chosen by k-fold CV or by peeking at
 * the test set, both checked on a fresh set; paired by seed) and part 2 (rolling origin against
 * shuffled k-fold on time series, against the error of the block that follows; sign test over
 * seeds), with their CSVs and charts.
 */
final class CrossValidationReport {

    private static final String CLAIM = "**The lecture's claim.** Cross-validation: k folds, train on k−1, validate on "
            + "1; choose hyperparameters by CV, then retrain on all the training data; the test set is never used for "
            + "tuning. For time series, plain k-fold leaks the future: use rolling-origin (nested) CV — train on "
            + "blocks 1..i, validate on i+1, test on i+2.";

    private final CrossValidationSpec spec;
    /** Features, classes and fresh-set size of the loaded table. */
    private final int[] tabularShape;
    private final List<TabularSelection> tab;
    private final List<ForecastValidation.Origin> ts;
    private final double seconds;

    CrossValidationReport(CrossValidationSpec spec, int[] tabularShape, List<TabularSelection> tab,
                          List<ForecastValidation.Origin> ts, double seconds) {
        this.spec = spec;
        this.tabularShape = tabularShape;
        this.tab = tab;
        this.ts = ts;
        this.seconds = seconds;
    }

    Path write(Path dir, String command) throws IOException {
        Files.createDirectories(dir);
        List<String> summary = new ArrayList<>();
        List<String> body = new ArrayList<>();
        body.add(PairedEvidence.FORMAT_MARK);
        body.add("");
        body.add(CLAIM);
        body.add("");
        PairedEvidence evidence = new PairedEvidence();
        if (!tab.isEmpty()) {
            summary.add(tabularSection(dir, body, evidence));
        }
        if (!ts.isEmpty()) {
            summary.add(timeSeriesSection(dir, body, evidence));
        }
        evidence.write(dir);
        body.add(String.format(Locale.ROOT, "Run time: %.0f s (%d seeds).", seconds, spec.seeds().size()));
        body.add("");
        return ReportSkeleton.of(spec).write(dir, String.join(" ", summary), body, command,
                List.of("per-seed numbers: `tabular.csv`, `time-series.csv`; the paired tests: `verdicts.csv`, from the "
                        + "per-seed values in `paired.csv`"));
    }

    private static double[] column(List<TabularSelection> runs, ToDoubleFunction<TabularSelection> f) {
        return runs.stream().mapToDouble(f).toArray();
    }

    private static Stats stats(double[] v) {
        return Stats.of(Arrays.stream(v).boxed().toList());
    }

    private static String pct(Stats s) {
        return num(100 * s.mean()) + " ± " + num(100 * s.ci95());
    }

    /** The claimed and true errors of both protocols over seeds, and the paired comparison of their optimism. */
    private record Protocols(Stats cvClaim, Stats cvTrue, Stats cvOpt, Stats cvSelf, Stats cvSelfOpt, Stats peekClaim,
                             Stats peekTrue, Stats peekOpt, Stats gap, long peekWorse, long same) {

        static Protocols of(List<TabularSelection> runs) {
            return new Protocols(stats(column(runs, r -> r.test()[r.byCv()])),
                    stats(column(runs, r -> r.fresh()[r.byCv()])),
                    stats(column(runs, r -> r.fresh()[r.byCv()] - r.test()[r.byCv()])),
                    stats(column(runs, r -> r.cv()[r.byCv()])),
                    stats(column(runs, r -> r.fresh()[r.byCv()] - r.cv()[r.byCv()])),
                    stats(column(runs, r -> r.test()[r.byTest()])),
                    stats(column(runs, r -> r.fresh()[r.byTest()])),
                    stats(column(runs, r -> r.fresh()[r.byTest()] - r.test()[r.byTest()])),
                    stats(column(runs, r -> (r.fresh()[r.byTest()] - r.test()[r.byTest()])
                            - (r.fresh()[r.byCv()] - r.test()[r.byCv()]))),
                    runs.stream().filter(r -> r.fresh()[r.byTest()] - r.test()[r.byTest()]
                            > r.fresh()[r.byCv()] - r.test()[r.byCv()]).count(),
                    runs.stream().filter(r -> r.byTest() == r.byCv()).count());
        }
    }

    /** Writes the tabular CSV and chart, appends the section, returns the summary sentence. */
    private String tabularSection(Path dir, List<String> md, PairedEvidence evidence) throws IOException {
        CrossValidationSpec.Tabular t = spec.tabular();
        writeTabularCsv(dir);
        tabularChart(dir);
        Protocols p = Protocols.of(tab);
        md.add("## Part 1 — choosing weight decay: by k-fold CV, or by peeking at the test set");
        md.add("");
        md.add(tabularWhatWasRun());
        md.add("");
        md.addAll(protocolTable(p));
        md.add("![cv-curve](cv-curve.png)");
        md.add("");
        md.add("The bands are ±1 std over seeds (split-to-split spread, not the error of the mean).");
        md.add("");
        md.addAll(perSeedTable());
        String counts = String.format(Locale.ROOT, "in %d of %d seeds (%d ties; sign "
                + "test p = %s)", p.peekWorse(), tab.size(), p.same(), num(PairedDifference.signTestP((int) p.peekWorse(),
                (int) (tab.size() - p.peekWorse() - p.same()))));
        Verdict v = peekingVerdict(p.peekOpt(), optimism(evidence, "pick λ on the test set", r -> r.byTest()),
                optimism(evidence, "CV → retrain → test once", r -> r.byCv()));
        String word = v.word();
        String verdict = "**" + word + ".** " + v.why() + " By seed, peeking's optimism exceeds CV's " + counts + ".";
        md.add(verdict + " The bias of peeking grows with the number of values tried and shrinks with the size of the "
                + "test set; with a flat error curve (λ barely matters) it is small however you pick.");
        md.add("");
        return String.format(Locale.ROOT, "Tabular (%s): picking weight decay on the test set claims %s%% error, truth "
                        + "%s%%; CV + one test report claims %s%%, truth %s%% (peeking's optimism: %s).", t.data(),
                num(100 * p.peekClaim().mean()), num(100 * p.peekTrue().mean()), num(100 * p.cvClaim().mean()),
                num(100 * p.cvTrue().mean()), word.toLowerCase(Locale.ROOT) + "; larger than CV's " + counts);
    }

    private void writeTabularCsv(Path dir) throws IOException {
        List<Double> grid = spec.tabular().weightDecay();
        List<String> csv = new ArrayList<>();
        csv.add("seed,weightDecay,cvError,testError,freshError,chosenByCv,chosenByTest");
        for (TabularSelection r : tab) {
            for (int i = 0; i < grid.size(); i++) {
                csv.add(r.seed() + "," + grid.get(i) + "," + r.cv()[i] + "," + r.test()[i] + "," + r.fresh()[i] + ","
                        + (r.byCv() == i) + "," + (r.byTest() == i));
            }
        }
        AtomicFiles.write(dir.resolve("tabular.csv"), csv);
    }

    /** CV, test and fresh-set error against log10 λ, mean ± std over seeds. */
    private void tabularChart(Path dir) throws IOException {
        CrossValidationSpec.Tabular t = spec.tabular();
        List<Double> grid = t.weightDecay();
        int g = grid.size();
        double[] x = grid.stream().mapToDouble(Math::log10).toArray();
        String[] labels = {"k-fold CV error (training set only)", "test error, retrained on all training data",
            "fresh-set error (the truth)"};
        double[][] means = new double[3][g];
        double[][] stds = new double[3][g];
        for (int i = 0; i < g; i++) {
            int at = i;
            Stats[] s = {stats(column(tab, r -> r.cv()[at])), stats(column(tab, r -> r.test()[at])),
                stats(column(tab, r -> r.fresh()[at]))};
            for (int k = 0; k < 3; k++) {
                means[k][i] = 100 * s[k].mean();
                stds[k][i] = 100 * s[k].std();
            }
        }
        List<Charts.Line> lines = new ArrayList<>();
        for (int k = 0; k < 3; k++) {
            lines.add(new Charts.Line(labels[k], labels[k], k == 2, x, means[k], stds[k]));
        }
        new Charts().range(0, 100).curves(dir.resolve("cv-curve.png"), t.folds() + "-fold CV on " + t.data() + " (mean ± std over "
                + tab.size() + " seeds)", "log10 weightDecay (L2)", "classification error (%)", false, lines);
    }

    private String tabularWhatWasRun() {
        CrossValidationSpec.Tabular t = spec.tabular();
        int[] shape = tabularShape;
        return String.format(Locale.ROOT, "**What was run.** `%s`, %d repetitions (seeds). Each repetition shuffles the "
                        + "table into three disjoint parts: **%d training** examples (the only data CV sees), **%d test** "
                        + "examples, and **%d fresh** examples nobody tunes on — it stands in for the population and "
                        + "tells a claimed error from the true one. For each of %d weight decays (DL4J `.l2(λ)`, "
                        + "g += λ·w before the optimizer) a %s%d-fold CV on the training part gives a CV error; the model is "
                        + "then retrained on the whole training part and scored on test and fresh. Model: %d-%d(tanh)-%d "
                        + "MLP, %s %s, %d full-batch epochs, features standardized with the training fold's moments "
                        + "only. Ties in a choice go to the larger λ.",
                t.data(), tab.size(), t.train(), t.test(), shape[2], t.weightDecay().size(), t.stratified() ? "stratified " : "",
                t.folds(), shape[0], t.model().hidden(), shape[1], t.model().optimizer(), t.model().hyperparameters(),
                t.model().epochs());
    }

    private List<String> protocolTable(Protocols p) {
        List<String> md = new ArrayList<>();
        md.add("Two protocols, each ending in a claimed test error:");
        md.add("");
        md.add("- **CV (right)**: choose λ by CV error, retrain on all training data, report the test error once.");
        md.add("- **peek (wrong)**: choose λ by test error and report that same test error.");
        md.add("");
        md.add("Errors in %, mean ± 95% CI over seeds. *Optimism* = true (fresh-set) error − claimed error: "
                + "positive means the claim is rosier than the truth.");
        md.add("");
        md.add(Markdown.row(List.of("protocol", "claimed error", "true error (fresh set)", "optimism")));
        md.add(Markdown.separator(4));
        md.add(Markdown.row(List.of("CV → retrain → test once", pct(p.cvClaim()), pct(p.cvTrue()), pct(p.cvOpt()))));
        md.add(Markdown.row(List.of("pick λ on the test set", pct(p.peekClaim()), pct(p.peekTrue()), pct(p.peekOpt()))));
        md.add(Markdown.row(List.of("(the CV minimum itself, as an estimate)", pct(p.cvSelf()), pct(p.cvTrue()),
                pct(p.cvSelfOpt()))));
        md.add("");
        md.add("Paired over seeds, peeking's optimism exceeds CV's by " + pct(p.gap()) + " points; it is larger in "
                + p.peekWorse() + " of " + tab.size() + " seeds, and in " + p.same() + " seeds both protocols chose the same λ "
                + "(so their claims coincide there).");
        md.add("");
        return md;
    }

    private List<String> perSeedTable() {
        List<Double> grid = spec.tabular().weightDecay();
        List<String> md = new ArrayList<>();
        md.add("Per seed (λ chosen; errors in %):");
        md.add("");
        md.add(Markdown.row(List.of("seed", "λ by CV", "test (claimed)", "fresh", "λ by test", "test (claimed)", "fresh")));
        md.add(Markdown.separator(7));
        for (TabularSelection r : tab) {
            md.add(Markdown.row(List.of(String.valueOf(r.seed()), num(grid.get(r.byCv())), num(100 * r.test()[r.byCv()]),
                    num(100 * r.fresh()[r.byCv()]), num(grid.get(r.byTest())), num(100 * r.test()[r.byTest()]),
                    num(100 * r.fresh()[r.byTest()]))));
        }
        md.add("");
        return md;
    }

    /** One process of part 2: per-seed means over origins of truth and both estimates, and the origin counts. */
    private record SeriesResult(String name, List<ForecastValidation.Origin> origins, double[] truth, double[] roll,
                                double[] shuf, long below, long seedsBelow, long seedsAbove, long[] blowUps) {

        Stats rollingBias() {
            return stats(IntStream.range(0, truth.length).mapToDouble(i -> roll[i] - truth[i]).toArray());
        }

        Stats shuffledBias() {
            return stats(IntStream.range(0, truth.length).mapToDouble(i -> shuf[i] - truth[i]).toArray());
        }

        double signP() {
            return PairedDifference.signTestP((int) seedsBelow, (int) seedsAbove);
        }
    }

    private SeriesResult seriesResult(String w) {
        List<ForecastValidation.Origin> mine = ts.stream().filter(o -> o.series().equals(w)).toList();
        double[] truth = perSeed(mine, ForecastValidation.Origin::truth);
        double[] roll = perSeed(mine, ForecastValidation.Origin::rolling);
        double[] shuf = perSeed(mine, ForecastValidation.Origin::shuffled);
        long below = mine.stream().filter(o -> o.shuffled() < o.truth()).count();
        long seedsBelow = IntStream.range(0, truth.length).filter(i -> shuf[i] < truth[i]).count();
        long seedsAbove = IntStream.range(0, truth.length).filter(i -> shuf[i] > truth[i]).count();
        long[] blowUps = {mine.stream().filter(o -> o.truth() > BLOW_UP).count(),
            mine.stream().filter(o -> o.rolling() > BLOW_UP).count(),
            mine.stream().filter(o -> o.shuffled() > BLOW_UP).count()};
        return new SeriesResult(w, mine, truth, roll, shuf, below, seedsBelow, seedsAbove, blowUps);
    }

    private String timeSeriesSection(Path dir, List<String> md, PairedEvidence evidence) throws IOException {
        CrossValidationSpec.Forecast f = spec.timeSeries();
        List<String> csv = new ArrayList<>();
        csv.add("seed,series,origin,rollingEstimate,shuffledEstimate,trueForwardError");
        for (ForecastValidation.Origin o : ts) {
            csv.add(o.seed() + "," + o.series() + "," + o.origin() + "," + o.rolling() + "," + o.shuffled() + "," + o.truth());
        }
        AtomicFiles.write(dir.resolve("time-series.csv"), csv);
        md.add("## Part 2 — time series: rolling origin against shuffled k-fold");
        md.add("");
        md.addAll(timeSeriesWhatWasRun(f));
        md.add(Markdown.row(List.of("series", "true forward error", "rolling-origin estimate", "bias", "shuffled k-fold "
                + "estimate", "bias", "shuffled below truth (origins)", "seeds with shuffled mean below truth",
                "blow-ups (MSE/σ² > " + num(BLOW_UP) + "): truth / rolling / shuffled")));
        md.add(Markdown.separator(9));
        List<String> sentences = new ArrayList<>();
        List<String> verdicts = new ArrayList<>();
        for (CrossValidationSpec.Series process : f.series()) {
            SeriesResult r = seriesResult(process.name());
            record(evidence, r);
            md.add(seriesRow(r));
            verdicts.add(seriesVerdict(r));
            sentences.add(String.format(Locale.ROOT, "%s: shuffled k-fold %s vs truth %s, rolling origin %s (shuffled "
                            + "below truth in %d/%d seeds, sign test p = %s)", r.name(), num(stats(r.shuf()).mean()),
                    num(stats(r.truth()).mean()), num(stats(r.roll()).mean()), r.seedsBelow(), r.truth().length,
                    num(r.signP())));
            chart(dir, f, r.name(), r.origins());
        }
        md.add("");
        md.add("Per series, estimate and truth by origin (mean ± std over seeds):");
        md.add("");
        for (CrossValidationSpec.Series process : f.series()) {
            String w = process.name();
            md.add("![time-series-" + w + "](time-series-" + w + ".png)");
            md.add("");
        }
        md.add("**Verdict** (the claim: shuffled k-fold underestimates the forward error; tested per series by the "
                + "exact sign test over seeds, because the means are dominated by the few blow-ups when there are any "
                + "and a t interval is not trustworthy under such heavy tails). " + String.join("; ", verdicts) + ". "
                + "Rolling origin trains on one block less than the model it assesses, so it is expected to be "
                + "slightly pessimistic.");
        md.add("");
        return "Time series (MSE/σ²): " + String.join("; ", sentences) + ".";
    }

    private List<String> timeSeriesWhatWasRun(CrossValidationSpec.Forecast f) {
        List<String> md = new ArrayList<>();
        md.add(String.format(Locale.ROOT, "**What was run.** Per seed and process, a fresh series s_t = Σ φ_i s_{t−i} + σ ε_t "
                        + "(%s), σ = %s, %d steps; windows of %d lags predict the next value. The windows are cut "
                        + "into %d time blocks. At each origin i (blocks 0..i available, i ≥ %d) both schemes estimate "
                        + "the error of a model trained on blocks 0..i when it forecasts block i+1:",
                f.series().stream().map(x -> "`" + x.name() + "`: φ = " + Arrays.toString(x.phi()))
                        .collect(Collectors.joining("; ")), num(f.sigma()), f.length(), f.lags(), f.blocks(),
                f.minTrainBlocks()));
        md.add("");
        md.add("- **rolling origin**: train on blocks 0..i−1, validate on block i;");
        md.add("- **shuffled " + f.folds() + "-fold**: the windows of blocks 0..i shuffled into folds (validation "
                + "windows sit between training windows in time);");
        md.add("- **truth**: train on blocks 0..i, score block i+1, which neither scheme saw.");
        md.add("");
        md.add(String.format(Locale.ROOT, "Model: %d-%d(tanh)-1 MLP, %s %s, %d full-batch epochs, λ = %s, inputs and "
                        + "target standardized with the training part's moments. Errors are MSE/σ²: 1 is the best any "
                        + "forecaster can do. *Bias* = estimate − truth, averaged over origins per seed, then mean ± 95%% "
                        + "CI over the %d seeds; negative = the scheme promises a smaller error than the future delivers.",
                f.lags(), f.model().hidden(), f.model().optimizer(), f.model().hyperparameters(), f.model().epochs(),
                num(f.weightDecay()),
                spec.seeds().size()));
        md.add("");
        return md;
    }

    private static String seriesRow(SeriesResult r) {
        int n = r.origins().size();
        return Markdown.row(List.of("`" + r.name() + "`", ci(stats(r.truth())), ci(stats(r.roll())), ci(r.rollingBias()),
                ci(stats(r.shuf())), ci(r.shuffledBias()), r.below() + " of " + n, r.seedsBelow() + " of " + r.truth().length,
                r.blowUps()[0] + " / " + r.blowUps()[1] + " / " + r.blowUps()[2] + " of " + n));
    }

    /** Supported, contradicted or not separated at n = … by the sign test over seeds; blow-ups named when present. */
    private static String seriesVerdict(SeriesResult r) {
        int n = r.truth().length;
        Stats sb = r.shuffledBias();
        long[] blowUps = r.blowUps();
        String tail = blowUps[0] > 0 && blowUps[2] == 0
                ? "; the future blew up (MSE/σ² > " + num(BLOW_UP) + ") at " + blowUps[0] + " of " + r.origins().size()
                        + " origins and rolling origin showed such blow-ups " + blowUps[1] + " times, shuffled "
                        + "k-fold never — it cannot see the extrapolation the forecast has to make"
                : "";
        String seedCount = String.format(Locale.ROOT, "shuffled k-fold below the truth in %d of %d seeds, sign test "
                + "p = %s; mean bias %s, 95%% t interval %s to %s", r.seedsBelow(), n, num(r.signP()), num(sb.mean()),
                num(sb.lower()), num(sb.upper()));
        return "`" + r.name() + "`: " + (r.signP() < PairedDifference.ALPHA
                ? (r.seedsBelow() * 2 > n ? "**supported** — " : "**contradicted** — ") + seedCount
                : "**not separated at n = " + n + "** — " + seedCount) + tail;
    }

    /**
     * A protocol's optimism as a paired test by seed: its true (fresh-set) error against its claimed
     * (test) error at the λ it chose; "better" in {@code verdicts.csv} means the truth is higher,
     * i.e. the claim is rosier than the truth. One comparison per family: no adjustment.
     */
    private PairedDifference optimism(PairedEvidence evidence, String protocol, ToIntFunction<TabularSelection> choice) {
        List<Long> seeds = tab.stream().map(TabularSelection::seed).toList();
        return evidence.family("optimism: " + protocol, List.of(new PairedEvidence.Comparison("true error (fresh set)",
                "claimed error (test set)", "classification error", seeds,
                tab.stream().map(r -> r.fresh()[choice.applyAsInt(r)]).toList(),
                tab.stream().map(r -> r.test()[choice.applyAsInt(r)]).toList(), true))).get(0);
    }

    /**
     * The claim that picking λ on the test set is optimistic, from the paired tests of both
     * protocols' optimism: supported, contradicted or not separated at n = …, and why.
     */
    private static Verdict peekingVerdict(Stats peekOpt, PairedDifference peek, PairedDifference cv) {
        boolean peekRosy = peek.verdict() == PairedDifference.Verdict.BETTER;
        boolean cvHonest = !cv.separated();
        String word;
        String why;
        if (peekRosy && cvHonest) {
            word = "Supported";
            why = "Picking λ on the test set claims an error lower than the truth (paired by seed, the 95% interval "
                    + "of its optimism excludes 0: " + Verdicts.difference(peek, ROSIER) + "), while for the CV "
                    + "protocol's single test report no difference from the truth is detected at n = " + cv.n() + ".";
        } else if (peekRosy) {
            word = "Supported for peeking";
            why = "Picking on the test set is optimistic (" + Verdicts.difference(peek, ROSIER) + "); the CV "
                    + "protocol's report also differs from the truth beyond its interval, so this data does not show it "
                    + "unbiased.";
        } else if (peek.verdict() == PairedDifference.Verdict.WORSE) {
            word = "Contradicted";
            why = "Picking on the test set claimed a higher error than the truth here (" + Verdicts.difference(peek, ROSIER)
                    + ").";
        } else {
            word = "Not separated at n = " + peek.n();
            why = "The 95% interval of peeking's optimism includes 0 with this many seeds and this grid (mean "
                    + pct(peekOpt) + " points; " + Verdicts.difference(peek, ROSIER) + ").";
        }
        return new Verdict(word, why);
    }

    /** The series' shuffled k-fold estimate against the true forward error, per-seed means over origins. */
    private void record(PairedEvidence evidence, SeriesResult r) {
        evidence.family("time series: " + r.name(), List.of(new PairedEvidence.Comparison("shuffled k-fold estimate",
                "true forward error", "MSE/σ², mean over origins", spec.seeds(), boxed(r.shuf()), boxed(r.truth()), true)));
    }

    private static List<Double> boxed(double[] v) {
        return Arrays.stream(v).boxed().toList();
    }

    /** "better" in a protocol's optimism test: the true error is above the claimed one. */
    private static final Verdicts.Direction ROSIER = new Verdicts.Direction("claim rosier than the truth",
            "claim gloomier than the truth", "no protocol rosier than the truth", "protocols");

    /** A claim's verdict word and the sentence that explains it. */
    private record Verdict(String word, String why) {
    }

    /** An origin whose MSE exceeds twice the noise floor counts as a blow-up (the model left its data). */
    private static final double BLOW_UP = 2.0;

    private static String ci(Stats s) {
        return num(s.mean()) + " ± " + num(s.ci95());
    }

    /** Mean over origins of each seed (seeds are the independent repetitions). */
    private double[] perSeed(List<ForecastValidation.Origin> rows, ToDoubleFunction<ForecastValidation.Origin> f) {
        double[] out = new double[spec.seeds().size()];
        for (int i = 0; i < out.length; i++) {
            long seed = spec.seeds().get(i);
            out[i] = rows.stream().filter(o -> o.seed() == seed).mapToDouble(f).average().orElse(Double.NaN);
        }
        return out;
    }

    private void chart(Path dir, CrossValidationSpec.Forecast f, String w, List<ForecastValidation.Origin> rows)
            throws IOException {
        int first = f.minTrainBlocks();
        int last = f.blocks() - 2;
        double[] x = new double[last - first + 1];
        List<ToDoubleFunction<ForecastValidation.Origin>> fs = List.of(ForecastValidation.Origin::truth,
                ForecastValidation.Origin::rolling, ForecastValidation.Origin::shuffled);
        String[] labels = {"true forward error (next block)", "rolling-origin estimate", "shuffled k-fold estimate"};
        List<Charts.Line> lines = new ArrayList<>();
        for (int k = 0; k < 3; k++) {
            double[] mean = new double[x.length];
            double[] std = new double[x.length];
            for (int i = 0; i < x.length; i++) {
                int origin = first + i;
                x[i] = origin;
                ToDoubleFunction<ForecastValidation.Origin> get = fs.get(k);
                Stats s = stats(rows.stream().filter(o -> o.origin() == origin).mapToDouble(get).toArray());
                mean[i] = s.mean();
                std[i] = s.std();
            }
            lines.add(new Charts.Line(labels[k], labels[k], k == 0, x.clone(), mean, std));
        }
        new Charts().range(0, Double.POSITIVE_INFINITY).curves(dir.resolve("time-series-" + w + ".png"), "Estimated vs true forecast error, " + w,
                "origin i (blocks 0..i available)", "MSE / σ²", false, lines);
    }
}
