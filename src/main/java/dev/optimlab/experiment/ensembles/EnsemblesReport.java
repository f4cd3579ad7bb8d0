package dev.optimlab.experiment.ensembles;

import static dev.optimlab.report.Markdown.num;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

import dev.optimlab.report.AtomicFiles;
import dev.optimlab.experiment.ReportSkeleton;
import dev.optimlab.analysis.BootstrapInterval;
import dev.optimlab.analysis.Stats;
import dev.optimlab.ensemble.Metric;
import dev.optimlab.report.Charts;
import dev.optimlab.report.Markdown;
import dev.optimlab.analysis.PairedDifference;
import dev.optimlab.report.Verdicts;
import dev.optimlab.report.PairedEvidence;

/**
 * The report of an ensembles run: per task a table of test scores with percentile-bootstrap
 * intervals over the test set (of the seed-averaged score, and paired for the difference to the
 * single network), the seed-to-seed spread, bagging's out-of-bag estimate, two charts of score
 * against the number of members, CSV tables, and a verdict on the lecture's claim that follows
 * from the intervals rather than from the point estimates.
 */
final class EnsemblesReport {

    static final String CLAIM = "Bootstrapping resamples with replacement; bagging averages (or votes) models "
            + "trained on bootstrap samples; boosting trains weak learners one after another, each focused on what "
            + "the earlier ones got wrong.";

    private final EnsemblesSpec spec;
    private final List<Ensembles.TaskResult> results;

    EnsemblesReport(EnsemblesSpec spec, List<Ensembles.TaskResult> results) {
        this.spec = spec;
        this.results = results;
    }

    /** The interval of a statistic of the per-example test values, on the spec's resamples. */
    private BootstrapInterval interval(int n, ToDoubleFunction<int[]> statistic) {
        EnsemblesSpec.Intervals iv = spec.intervals();
        return BootstrapInterval.percentile(n, statistic, iv.resamples(), iv.level(), iv.seed());
    }

    /** The seed-averaged score of {@code method} on the test examples at {@code idx}. */
    private static double seedMean(Ensembles.TaskResult r, Ensembles.Method method, int[] idx) {
        double s = 0;
        for (Ensembles.Run run : method.runs()) {
            s += r.metric().score(run.perExample(), idx);
        }
        return s / method.runs().size();
    }

    private String pct() {
        return String.format(Locale.ROOT, "%.0f%%", spec.intervals().level() * 100);
    }

    Path write(Path dir, String command) throws IOException {
        Files.createDirectories(dir);
        List<String> tasks = new ArrayList<>();
        List<String> verdicts = new ArrayList<>();
        List<String> summary = new ArrayList<>();
        PairedEvidence evidence = new PairedEvidence();
        for (Ensembles.TaskResult r : results) {
            TaskSection section = taskSection(dir, r, evidence);
            tasks.addAll(section.body());
            verdicts.add(section.verdict());
            summary.add(section.summary());
        }
        evidence.write(dir);
        List<String> md = new ArrayList<>();
        md.add(PairedEvidence.FORMAT_MARK);
        md.add("");
        md.add("**The lecture's claim.** " + CLAIM + " The expectations that follow: averaging networks trained on "
                + "bootstrap draws reduces the variance of one network, so the bagged ensemble should score at least "
                + "as well and vary less from seed to seed; boosting should turn learners far weaker than a network "
                + "(a single stump) into a competitive model, its training error falling round after round.");
        md.add("");
        md.add(whatWasMeasured());
        md.add("");
        md.add("**Verdict.** Two paired tests against one network. Over the test set: a method counts as better or "
                + "worse only when its paired bootstrap interval of Δ (seed-averaged scores) excludes 0, else no "
                + "difference is detected at that test-set size. Over seeds: the per-seed scores paired by seed, "
                + "Holm-adjusted paired t-tests over the methods (the training randomness, with the test set fixed).");
        md.add("");
        md.addAll(verdicts);
        md.add("");
        md.add(HOW_TO_READ);
        md.add("");
        md.addAll(tasks);
        return ReportSkeleton.of(spec).write(dir, "vs one network, " + String.join(" ", summary), md, command,
                List.of("per-seed scores: `<task>-scores.csv`; staged scores: `<task>-staged.csv`; the paired tests by "
                        + "seed: `verdicts.csv`, from the per-seed scores in `paired.csv`"));
    }

    private static final String HOW_TO_READ = "**How to read the ensembles.** Bagging's members are the same networks as the single one, each "
                + "trained on a bootstrap draw (≈ 63% distinct examples); the out-of-bag column scores every training "
                + "example with the members that never saw it, an estimate of test performance needing no test set "
                + "(each example is out of bag for only ≈ 37% of the members, so it scores a smaller ensemble than "
                + "the full one and tends to be pessimistic when more members still help). "
                + "Boosting uses stumps written in plain Java, not networks: a stump takes example weights directly "
                + "and is fitted exactly (the weighted-error minimiser AdaBoost's analysis assumes), is truly weak, "
                + "and costs microseconds, so hundreds of rounds fit the time budget. AdaBoost (SAMME) on a fixed "
                + "training set is deterministic, so its std over seeds is 0 by construction; gradient boosting "
                + "draws a random subsample per round when `subsample` < 1.";

    private String whatWasMeasured() {
        String pct = pct();
        return String.format(Locale.ROOT, "**What was measured.** For each task and each of %d seeds %s: one network, "
                        + "a bagged ensemble of the same networks (class probabilities or predictions averaged), and a "
                        + "boosted ensemble of stumps, all scored on one held-out test set that nothing was fitted or "
                        + "tuned on (hyperparameters are fixed in the spec). The %s intervals are percentile bootstrap "
                        + "intervals over the test examples (B = %d resamples, seed %d; the same resamples for every "
                        + "method, so the Δ intervals are paired): they say how much the seed-averaged score would move "
                        + "on another test set of this size. The seed-to-seed spread of the training randomness is the "
                        + "separate \"std over seeds\" column.",
                spec.seeds().size(), spec.seeds(), pct, spec.intervals().resamples(), spec.intervals().seed());
    }

    /** One task's part of the report: its section, its verdict line and its summary fragment. */
    private record TaskSection(List<String> body, String verdict, String summary) {
    }

    private TaskSection taskSection(Path dir, Ensembles.TaskResult r, PairedEvidence evidence) throws IOException {
        EnsemblesSpec.Task t = r.task();
        Metric metric = r.metric();
        String better = metric.higherIsBetter() ? "higher is better" : "lower is better";
        String pct = pct();
        List<String> body = new ArrayList<>();
        body.add("## " + t.name());
        body.add("");
        body.add(String.format(Locale.ROOT, "`%s` (%s): %d training and %d test examples (split seed "
                        + "%d, features standardised with the training moments). Network: %s, %s, `%s` %s, %d "
                        + "epochs, batch %d. Test metric: %s (%s).",
                t.data(), t.classification() ? "classification, " + r.numClasses() + " classes" : "regression", r.trainSize(),
                r.testSize(), t.splitSeed(), t.network().hidden(), t.network().activation(), t.network().optimizer(),
                t.network().hyperparameters(), t.network().epochs(), t.network().batchSize(), metric.label(), better));
        body.add("");
        body.add(Markdown.row(List.of("method", "members", metric.label() + " (mean of " + spec.seeds().size()
                + " seeds)", pct + " bootstrap CI (test set)", "std over seeds", "Δ vs single network [" + pct
                + " paired CI]", "out-of-bag estimate", "train " + metric.label(), "fit s / seed")));
        body.add(Markdown.separator(9));
        List<String> csv = new ArrayList<>();
        csv.add("method,seed,members,test_" + metric.name().toLowerCase(Locale.ROOT) + ",train,out_of_bag,seconds");
        String[] verdict = new String[r.methods().size()];
        double[] means = new double[r.methods().size()];
        for (int k = 0; k < r.methods().size(); k++) {
            body.add(methodRow(r, k, csv, verdict, means));
        }
        body.add("");
        body.add("Rows: " + r.methods().stream().map(m -> "*" + m.name() + "* — " + m.description())
                .reduce((a, b) -> a + "; " + b).orElse("") + ".");
        body.add("");
        AtomicFiles.write(dir.resolve(t.name() + "-scores.csv"), csv);
        writeCurves(dir, r);
        body.add("![" + t.name() + " bagging](" + t.name() + "-bagging.png)");
        body.add("");
        body.add("![" + t.name() + " boosting](" + t.name() + "-boosting.png)");
        body.add("");
        double firstStump = Stats.of(column(r.boostingTest(), 0)).mean();
        double seedStdSingle = Stats.of(scores(r, 0)).std();
        double seedStdBag = Stats.of(scores(r, 1)).std();
        String verdictLine = String.format(Locale.ROOT, "- **%s** (%s, %s): bagging vs one network over the test set: **%s** (%s → %s); "
                        + "its seed-to-seed std is %s vs %s for one network. Boosting vs one network: **%s** (%s); "
                        + "from a single stump's %s it gets to %s in %d rounds.",
                t.name(), metric.label(), better, verdict[1], num(means[0]), num(means[1]),
                num(seedStdBag), num(seedStdSingle), verdict[2], num(means[2]), num(firstStump), num(means[2]),
                r.methods().get(2).runs().get(0).members()) + bestStage(r);
        String bySeed = Verdicts.againstBaseline(r.methods().get(0).name(), t.name() + " test " + metric.label(),
                bySeed(r, evidence), false);
        return new TaskSection(body, verdictLine + " By seed: " + bySeed, t.name() + ": bagging: " + verdict[1]
                + ", boosting: " + verdict[2] + " (" + pct() + " paired bootstrap intervals over the " + r.testSize()
                + " test examples); by seed: " + bySeed);
    }

    /** Every method against the single network, per-seed scores paired by seed, Holm-adjusted. */
    private List<PairedDifference> bySeed(Ensembles.TaskResult r, PairedEvidence evidence) {
        String family = r.task().name() + " test " + r.metric().label();
        List<PairedEvidence.Comparison> comparisons = new ArrayList<>();
        for (int k = 1; k < r.methods().size(); k++) {
            comparisons.add(new PairedEvidence.Comparison(r.methods().get(k).name(), r.methods().get(0).name(), family,
                    spec.seeds(), scores(r, k), scores(r, 0), r.metric().higherIsBetter()));
        }
        return evidence.family(family, comparisons);
    }

    /**
     * The table row of method {@code k}: its seeds' scores (also appended to {@code csv}), the
     * bootstrap interval and, beside the single network, the paired Δ whose verdict goes to {@code verdict[k]}.
     */
    private String methodRow(Ensembles.TaskResult r, int k, List<String> csv, String[] verdict, double[] means) {
        Metric metric = r.metric();
        Ensembles.Method single = r.methods().get(0);
        Ensembles.Method m = r.methods().get(k);
        List<Double> scores = new ArrayList<>();
        List<Double> train = new ArrayList<>();
        List<Double> oob = new ArrayList<>();
        List<Double> secs = new ArrayList<>();
        for (int s = 0; s < m.runs().size(); s++) {
            Ensembles.Run run = m.runs().get(s);
            double score = metric.score(run.perExample());
            scores.add(score);
            train.add(run.trainScore());
            oob.add(run.outOfBag());
            secs.add(run.seconds());
            csv.add(String.join(",", m.name(), String.valueOf(spec.seeds().get(s)), String.valueOf(run.members()),
                    String.valueOf(score), String.valueOf(run.trainScore()),
                    run.outOfBag() == null ? "" : String.valueOf(run.outOfBag()), String.valueOf(run.seconds())));
        }
        Stats st = Stats.of(scores);
        means[k] = st.mean();
        BootstrapInterval ci = interval(r.testSize(), idx -> seedMean(r, m, idx));
        String delta = "–";
        if (k > 0) {
            BootstrapInterval d = interval(r.testSize(), idx -> seedMean(r, m, idx) - seedMean(r, single, idx));
            delta = signed(d.estimate()) + " [" + signed(d.lower()) + ", " + signed(d.upper()) + "]";
            verdict[k] = compare(d, metric, r.testSize());
        }
        Stats o = Stats.of(oob);
        int members = m.runs().get(0).members();
        return Markdown.row(List.of(m.name(), String.valueOf(members), num(st.mean()),
                "[" + num(ci.lower()) + ", " + num(ci.upper()) + "]", num(st.std()), delta,
                o.n() == 0 ? "–" : num(o.mean()), num(Stats.of(train).mean()), num(Stats.of(secs).mean())));
    }

    /**
     * Where the seed-averaged boosting test curve peaks, when that is well before the last round:
     * worth saying, because picking the round by this curve would be tuning on the test set.
     */
    private static String bestStage(Ensembles.TaskResult r) {
        int rounds = r.boostingTest()[0].length;
        int best = 0;
        double bestValue = Double.NaN;
        for (int m = 0; m < rounds; m++) {
            double v = Stats.of(column(r.boostingTest(), m)).mean();
            if (m == 0 || (r.metric().higherIsBetter() ? v > bestValue : v < bestValue)) {
                best = m;
                bestValue = v;
            }
        }
        double last = Stats.of(column(r.boostingTest(), rounds - 1)).mean();
        if (best + 1 >= 0.8 * rounds || Math.abs(last - bestValue) < 1e-9) {
            return "";
        }
        return String.format(Locale.ROOT, " Its test curve is best at round %d (%s) and ends worse (%s) as the "
                + "stumps keep fitting the training set; choosing the number of rounds from this curve would be tuning on "
                + "the test set (a validation split or out-of-bag rounds would be needed), so the table reports the "
                + "last round.", best + 1, num(bestValue), num(last));
    }

    private static List<Double> scores(Ensembles.TaskResult r, int method) {
        List<Double> out = new ArrayList<>();
        for (Ensembles.Run run : r.methods().get(method).runs()) {
            out.add(r.metric().score(run.perExample()));
        }
        return out;
    }

    /** "better"/"worse"/"no difference detected at n = …" from a paired interval of method − single. */
    private static String compare(BootstrapInterval d, Metric metric, int testSize) {
        boolean higher = d.lower() > 0;
        boolean lower = d.upper() < 0;
        if (!higher && !lower) {
            return "no difference detected at n = " + testSize + " test examples";
        }
        return higher == metric.higherIsBetter() ? "better" : "worse";
    }

    private static String signed(double v) {
        return (v > 0 ? "+" : "") + num(v);
    }

    private void writeCurves(Path dir, Ensembles.TaskResult r) throws IOException {
        EnsemblesSpec.Task t = r.task();
        Metric metric = r.metric();
        double single = Stats.of(scores(r, 0)).mean();
        double bagged = Stats.of(scores(r, 1)).mean();
        List<String> csv = new ArrayList<>();
        csv.add("ensemble,seed,members,test,train");
        for (int s = 0; s < spec.seeds().size(); s++) {
            for (int m = 0; m < t.members(); m++) {
                csv.add("bagging," + spec.seeds().get(s) + "," + (m + 1) + "," + r.baggingTest()[s][m] + ",");
            }
            for (int m = 0; m < t.rounds(); m++) {
                csv.add("boosting," + spec.seeds().get(s) + "," + (m + 1) + "," + r.boostingTest()[s][m] + ","
                        + r.boostingTrain()[s][m]);
            }
        }
        AtomicFiles.write(dir.resolve(t.name() + "-staged.csv"), csv);
        // an error is ≥ 0, an accuracy within [0, 1]: the ±std bands stop there
        Charts charts = new Charts().range(0, metric == Metric.ACCURACY ? 1 : Double.POSITIVE_INFINITY);
        String y = "test " + metric.label();
        charts.curves(dir.resolve(t.name() + "-bagging.png"), t.name() + ": bagged networks, test " + metric.label()
                        + " vs members (mean ± std over " + spec.seeds().size() + " seeds)", "networks in the ensemble", y,
                false, List.of(band("bagging (test)", "bagging", false, r.baggingTest()),
                        flat("one network (test)", "single", t.members(), single)));
        charts.curves(dir.resolve(t.name() + "-boosting.png"), t.name() + ": boosted stumps, " + metric.label()
                        + " vs rounds (mean ± std over " + spec.seeds().size() + " seeds)", "stumps in the ensemble",
                metric.label(), false, List.of(band("boosting (test)", "boosting", false, r.boostingTest()),
                        band("boosting (train)", "boosting", true, r.boostingTrain()),
                        flat("one network (test)", "single", t.rounds(), single),
                        flat("bagging, " + t.members() + " networks (test)", "bagging", t.rounds(), bagged)));
    }

    private static Charts.Line band(String label, String colour, boolean dashed, double[][] perSeed) {
        int len = perSeed[0].length;
        double[] x = new double[len];
        double[] mean = new double[len];
        double[] std = new double[len];
        for (int m = 0; m < len; m++) {
            x[m] = m + 1;
            Stats s = Stats.of(column(perSeed, m));
            mean[m] = s.mean();
            std[m] = s.std();
        }
        return new Charts.Line(label, colour, dashed, x, mean, std);
    }

    private static Charts.Line flat(String label, String colour, int len, double value) {
        return new Charts.Line(label, colour, true, new double[] {1, Math.max(len, 2)}, new double[] {value, value}, null);
    }

    private static List<Double> column(double[][] perSeed, int m) {
        List<Double> out = new ArrayList<>();
        for (double[] row : perSeed) {
            out.add(row[m]);
        }
        return out;
    }
}
