package dev.optimlab.experiment.lossrobustness;

import static dev.optimlab.report.Markdown.num;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.DoubleUnaryOperator;

import dev.optimlab.report.AtomicFiles;
import dev.optimlab.analysis.PairedDifference;
import dev.optimlab.analysis.Stats;
import dev.optimlab.data.LabeledData;
import dev.optimlab.data.NoisyRegression;
import dev.optimlab.report.Charts;
import dev.optimlab.report.Markdown;
import dev.optimlab.report.PairedEvidence;
import dev.optimlab.report.Verdicts;
import dev.optimlab.experiment.RegressionSpecs;
import dev.optimlab.experiment.ReportSkeleton;

/** Writes the loss-robustness report: error vs outlier fraction, the fits, and the peaks table. */
final class LossRobustnessReport {

    /** "MSE fits the tall peak": the share of its height it recovers at least. */
    private static final double TALL_PEAK_RECOVERED = 0.8;
    /** "…and misses the small ones": their recovered share is at least this much lower. */
    private static final double SMALL_PEAKS_SHORTFALL = 0.2;

    private final LossRobustnessSpec spec;
    private final LossRobustness.Sweep sweep;
    private final LossRobustness.PeakFits peaks;
    private final double seconds;
    /** Error vs truth over seeds, per loss and outlier fraction. */
    private final Stats[][] stats;
    /** The outlier fractions in %. */
    private final double[] fx;
    private final int mse;
    private final int mae;
    private final int huber;
    /** The paired tests behind the verdicts, written as verdicts.csv and paired.csv. */
    private final PairedEvidence evidence = new PairedEvidence();
    /** Per outlier fraction, the loss separated from every other (Holm-adjusted), or −1. */
    private final int[] separatedBest;
    /** Per outlier fraction, every other loss against the lowest-mean one, in words. */
    private final List<String> lowestSentences = new ArrayList<>();
    private static final Verdicts.Direction AGAINST_LOWEST = new Verdicts.Direction("lower error", "higher error",
            "no loss has a lower error", "losses");
    /** MAE − MSE paired by seed at the largest and at the first outlier fraction (null without both losses). */
    private final PairedDifference outlierTest;
    private final PairedDifference cleanTest;

    private LossRobustnessReport(LossRobustnessSpec spec, LossRobustness.Sweep sweep, LossRobustness.PeakFits peaks,
                                 double seconds) {
        this.spec = spec;
        this.sweep = sweep;
        this.peaks = peaks;
        this.seconds = seconds;
        int nl = spec.losses().size();
        int nf = spec.outlierFractions().size();
        this.stats = new Stats[nl][nf];
        for (int l = 0; l < nl; l++) {
            for (int f = 0; f < nf; f++) {
                List<Double> v = new ArrayList<>();
                for (int s = 0; s < spec.seeds().size(); s++) {
                    v.add(sweep.error()[l][f][s]);
                }
                stats[l][f] = Stats.of(v);
            }
        }
        this.fx = spec.outlierFractions().stream().mapToDouble(d -> d * 100).toArray();
        this.mse = indexOf(spec.losses(), "mse");
        this.mae = indexOf(spec.losses(), "mae");
        this.huber = indexOf(spec.losses(), "huber");
        boolean both = mse >= 0 && mae >= 0;
        this.outlierTest = both ? maeVsMse(fx.length - 1) : null;
        this.cleanTest = both && fx.length > 1 ? maeVsMse(0) : null;
        this.separatedBest = new int[fx.length];
        if (stats.length < 2) {
            java.util.Arrays.fill(separatedBest, -1);
            return;
        }
        for (int f = 0; f < fx.length; f++) {
            separatedBest[f] = separatedBest(f);
        }
    }

    static void write(LossRobustnessSpec spec, LossRobustness.Sweep sweep, LossRobustness.PeakFits peaks, Path dir,
                      String command, double seconds) throws IOException {
        new LossRobustnessReport(spec, sweep, peaks, seconds).write(dir, command);
    }

    private void write(Path dir, String command) throws IOException {
        Files.createDirectories(dir);
        writeSweepCsv(dir);
        sweepChart(dir);
        List<String> fitCharts = fitCharts(dir);
        String peakVerdict = peaks == null ? null : peakVerdict(spec, peaks, mse, mae, evidence);
        String outliers = outlierVerdict();
        evidence.write(dir);
        List<String> body = Markdown.paragraphs(PairedEvidence.FORMAT_MARK,
                "**The lecture's claim.** MSE squares the errors: outliers dominate it, and large peaks are fitted at the "
                + "expense of small ones; MAE is more robust. Choose the loss by the data and the goal.",
                whatWasRun(), "**What it shows.** " + outliers + huberSentence());
        body.addAll(sweepTable());
        body.addAll(Markdown.paragraphs("![error vs outliers](error-vs-outliers.png)",
                "The fits of seed " + spec.seeds().get(0) + " (dots: that seed's training data, outliers included):"));
        body.addAll(Markdown.images(fitCharts));
        if (peaks != null) {
            body.addAll(peaksSection(spec, peaks, peakVerdict, dir));
        }
        String tests = "the paired tests: `verdicts.csv`, from the per-seed values in `paired.csv`";
        ReportSkeleton.of(spec).write(dir, summary(peakVerdict, outliers), body, command, peaks == null
                ? List.of("per-seed errors: `outlier-sweep.csv`; " + tests)
                : List.of("per-seed errors: `outlier-sweep.csv`, `peaks.csv`; " + tests));
    }

    private void writeSweepCsv(Path dir) throws IOException {
        List<RegressionSpecs.Loss> losses = spec.losses();
        List<Double> fractions = spec.outlierFractions();
        List<String> csv = new ArrayList<>();
        csv.add("loss,outlierFraction,seed,testErrorVsTruth");
        for (int l = 0; l < losses.size(); l++) {
            for (int f = 0; f < fractions.size(); f++) {
                for (int s = 0; s < spec.seeds().size(); s++) {
                    csv.add(String.format(Locale.ROOT, "%s,%s,%d,%.10g", losses.get(l).label(), fractions.get(f),
                            spec.seeds().get(s), sweep.error()[l][f][s]));
                }
            }
        }
        AtomicFiles.write(dir.resolve("outlier-sweep.csv"), csv);
    }

    private void sweepChart(Path dir) throws IOException {
        List<RegressionSpecs.Loss> losses = spec.losses();
        int nf = fx.length;
        List<Charts.Line> lines = new ArrayList<>();
        for (int l = 0; l < losses.size(); l++) {
            double[] mean = new double[nf];
            double[] std = new double[nf];
            for (int f = 0; f < nf; f++) {
                mean[f] = stats[l][f].mean();
                std[f] = stats[l][f].std();
            }
            lines.add(new Charts.Line(losses.get(l).label(), losses.get(l).label(), false, fx, mean, std));
        }
        new Charts().range(0, Double.POSITIVE_INFINITY) // an error is ≥ 0
                .curves(dir.resolve("error-vs-outliers.png"), "Test error against the true function vs outlier "
                + "fraction (mean ± std over " + spec.seeds().size() + " seeds)", "outliers in the training data (%)",
                "MSE vs truth (log scale)", true, lines);
    }

    /** The first seed's fits at the smallest and the largest outlier fraction; returns the charts' file names. */
    private List<String> fitCharts(Path dir) throws IOException {
        List<RegressionSpecs.Loss> losses = spec.losses();
        List<Double> fractions = spec.outlierFractions();
        int nf = fractions.size();
        double[] gx = Arrays.stream(sweep.grid()).mapToDouble(r -> r[0]).toArray();
        List<String> fitCharts = new ArrayList<>();
        for (int f : new int[] {0, nf - 1}) {
            if (f < 0 || (f == nf - 1 && nf == 1 && !fitCharts.isEmpty())) {
                continue;
            }
            List<Charts.Line> fits = new ArrayList<>();
            for (int l = 0; l < losses.size(); l++) {
                fits.add(new Charts.Line(losses.get(l).label(), losses.get(l).label(), false, gx,
                        sweep.firstSeedFits()[l][f], null));
            }
            String png = String.format(Locale.ROOT, "fits-outliers-%d.png", Math.round(fractions.get(f) * 100));
            LabeledData sample = sweep.firstSeedSamples().get(f);
            new Charts().fits(dir.resolve(png), String.format(Locale.ROOT, "%d%% outliers, seed %d",
                            Math.round(fractions.get(f) * 100), spec.seeds().get(0)), column(sample.x()), column(sample.y()),
                    truthLine(spec.data().function(), gx), fits);
            if (!fitCharts.contains(png)) {
                fitCharts.add(png);
            }
        }
        return fitCharts;
    }

    /** The claim on outliers, measured at the largest fraction: robust losses beat MSE there (paired by seed). */
    private String outlierVerdict() {
        if (mse < 0 || mae < 0) {
            return "";
        }
        int lastF = fx.length - 1;
        double ratioLast = stats[mse][lastF].mean() / stats[mae][lastF].mean();
        double ratioFirst = stats[mse][0].mean() / stats[mae][0].mean();
        PairedDifference d = outlierTest;
        String claim = switch (d.verdict()) {
            case BETTER -> "**Supported.**";
            case WORSE -> "**Contradicted.**";
            default -> "**Not separated at n = " + d.n() + ".**";
        };
        String verdict = String.format(Locale.ROOT, "%s At %s%% outliers MSE's error against the truth is %.2f× MAE's "
                        + "(paired by seed, MAE − MSE %s); at %s%% it is %.2f×. MSE's error grows from %s to %s across the "
                        + "sweep, MAE's from %s to %s.",
                claim, num(fx[lastF]), ratioLast, Verdicts.difference(d), num(fx[0]), ratioFirst, num(stats[mse][0].mean()),
                num(stats[mse][lastF].mean()), num(stats[mae][0].mean()), num(stats[mae][lastF].mean()));
        PairedDifference clean = cleanTest;
        if (clean != null && fx[0] == 0 && clean.verdict() == PairedDifference.Verdict.WORSE) {
            verdict += String.format(Locale.ROOT, " Without outliers the order reverses: MSE, the maximum-likelihood "
                    + "loss under Gaussian noise, has %.2f× MAE's error (MAE − MSE %s) — the loss should follow the "
                    + "data.", ratioFirst, Verdicts.difference(clean));
        } else if (clean != null && fx[0] == 0) {
            verdict += " Without outliers no difference between MAE and MSE is detected at n = " + clean.n() + " (MAE − MSE "
                    + Verdicts.difference(clean) + ").";
        }
        return verdict;
    }

    private String huberSentence() {
        if (huber < 0 || mse < 0) {
            return "";
        }
        int huberBest = 0;
        for (int f = 0; f < fx.length; f++) {
            huberBest += separatedBest[f] == huber ? 1 : 0;
        }
        long others = java.util.Arrays.stream(separatedBest).filter(b -> b >= 0 && b != huber).count();
        return String.format(Locale.ROOT, " Huber (%s) has a lower error than every other loss, paired by seed "
                        + "(Holm-adjusted), at %d of %d outlier fractions; another loss is separated from all others at "
                        + "%d (the tests per fraction follow the table); at %s%% Huber's error is %s.",
                spec.losses().get(huber).label(), huberBest, fx.length, others,
                num(fx[fx.length - 1]), num(stats[huber][fx.length - 1].mean()));
    }

    private String summary(String peakVerdict, String outliers) {
        int lastF = fx.length - 1;
        StringBuilder summary = new StringBuilder();
        if (mse >= 0 && mae >= 0) {
            summary.append(String.format(Locale.ROOT, "At %s%% outliers MSE's test error vs the truth is %s, MAE's %s",
                    num(fx[lastF]), num(stats[mse][lastF].mean()), num(stats[mae][lastF].mean())));
            if (huber >= 0) {
                summary.append(", Huber's ").append(num(stats[huber][lastF].mean()));
            }
            summary.append(String.format(Locale.ROOT, "; the claim that MAE is more robust: %s (MAE − MSE at %s%%, paired "
                    + "by seed: %s).", outliers.substring(0, outliers.indexOf(".**")).replace("**", ""), num(fx[lastF]),
                    Verdicts.difference(outlierTest)));
        }
        if (peakVerdict != null) {
            summary.append(" Peaks: ").append(peakSummary(spec, peaks, mse, mae));
        }
        return summary.toString().strip();
    }

    private String whatWasRun() {
        NoisyRegression data = spec.data();
        return String.format(Locale.ROOT, "**What was run.** Data %s, "
                        + "%d training points; a fraction of the points are outliers whose noise is %s·σ·|N(0,1)| with a "
                        + "random sign. For each loss, a %s network with hidden widths %s (%s) on each outlier fraction "
                        + "and seed; the seed fixes the training sample and the initial weights, so every loss sees the "
                        + "same data and starts from the same weights. The error is the MSE against the true function at "
                        + "%d evenly spaced clean test inputs. Losses: MSE is DL4J's `LossMSE`; MAE and Huber are the "
                        + "project's (`regularize/loss`). Total time %.0f s.",
                RegressionSpecs.describe(data), data.n(), num(data.outlierScale()), spec.model().activation(), spec.model().hidden(), spec.training().describe(),
                spec.testPoints(), seconds);
    }

    private List<String> sweepTable() {
        List<String> md = new ArrayList<>();
        md.add("## Error against the true function vs outlier fraction");
        md.add("");
        List<String> head = new ArrayList<>(List.of("outliers"));
        spec.losses().forEach(l -> head.add(l.label()));
        md.add(Markdown.row(head));
        md.add(Markdown.separator(head.size()));
        for (int f = 0; f < fx.length; f++) {
            List<String> row = new ArrayList<>(List.of(num(fx[f]) + "%"));
            int best = separatedBest[f];
            for (int l = 0; l < spec.losses().size(); l++) {
                String cell = num(stats[l][f].mean()) + " ± " + num(stats[l][f].ci95());
                row.add(l == best ? "**" + cell + "**" : cell);
            }
            md.add(Markdown.row(row));
        }
        md.add("");
        md.add("Mean ± 95% Student-t half-width over " + spec.seeds().size() + " seeds " + spec.seeds() + "; a row's "
                + "lowest error is in bold only where it is lower than every other loss's, paired by seed (Holm-adjusted "
                + "paired t-tests at 5%). "
                + "Per seed: `outlier-sweep.csv`.");
        md.add("");
        md.add(String.join(" ", lowestSentences));
        md.add("");
        return md;
    }

    private static List<String> peaksSection(LossRobustnessSpec spec, LossRobustness.PeakFits peaks, String verdict,
                                             Path dir) throws IOException {
        List<RegressionSpecs.Loss> losses = spec.losses();
        LossRobustnessSpec.Peaks pk = spec.peaks();
        List<String> csv = new ArrayList<>();
        csv.add("loss,peak,seed,regionError,heightRecovered");
        for (int l = 0; l < losses.size(); l++) {
            for (int k = 0; k < LossRobustness.PEAKS.size(); k++) {
                for (int s = 0; s < spec.seeds().size(); s++) {
                    csv.add(String.format(Locale.ROOT, "%s,%s,%d,%.10g,%.10g", losses.get(l).label(),
                            LossRobustness.PEAKS.get(k).label(), spec.seeds().get(s), peaks.regionError()[l][k][s],
                            peaks.height()[l][k][s]));
                }
            }
        }
        AtomicFiles.write(dir.resolve("peaks.csv"), csv);
        double[] gx = Arrays.stream(peaks.grid()).mapToDouble(r -> r[0]).toArray();
        List<Charts.Line> fits = new ArrayList<>();
        for (int l = 0; l < losses.size(); l++) {
            fits.add(new Charts.Line(losses.get(l).label(), losses.get(l).label(), false, gx, peaks.firstSeedFits()[l], null));
        }
        new Charts().fits(dir.resolve("fits-peaks.png"), "One tall and three small peaks, seed " + spec.seeds().get(0),
                column(peaks.firstSeedSample().x()), column(peaks.firstSeedSample().y()), truthLine("peaks", gx), fits);

        List<String> md = new ArrayList<>();
        md.add("## The tall peak and the small ones");
        md.add("");
        md.add(String.format(Locale.ROOT, "Target y = %s + ε, ε ~ N(0, %s²), %d points on [%s, %s], no outliers; a %s "
                        + "network with hidden widths %s (%s), the same seeds. Per peak: the MSE against the truth in its "
                        + "region (centre ± half-width, on a grid of " + LossRobustness.PEAK_GRID + " points) and the height recovered, ŷ(centre) / "
                        + "f(centre) (100%% = the peak's full height).", NoisyRegression.formula("peaks"),
                num(pk.data().noise()), pk.data().n(), num(pk.data().xMin()), num(pk.data().xMax()),
                pk.model().activation(), pk.model().hidden(), pk.training().describe()));
        md.add("");
        List<String> head = new ArrayList<>(List.of("loss"));
        for (LossRobustness.Peak p : LossRobustness.PEAKS) {
            head.add(p.label() + ": height recovered");
        }
        for (LossRobustness.Peak p : LossRobustness.PEAKS) {
            head.add(p.label() + ": region MSE");
        }
        md.add(Markdown.row(head));
        md.add(Markdown.separator(head.size()));
        for (int l = 0; l < losses.size(); l++) {
            List<String> row = new ArrayList<>(List.of(losses.get(l).label()));
            for (int k = 0; k < LossRobustness.PEAKS.size(); k++) {
                Stats h = stat(peaks.height()[l][k]);
                row.add(String.format(Locale.ROOT, "%.0f%% ± %.0f%%", 100 * h.mean(), 100 * h.std()));
            }
            for (int k = 0; k < LossRobustness.PEAKS.size(); k++) {
                Stats e = stat(peaks.regionError()[l][k]);
                row.add(num(e.mean()) + " ± " + num(e.std()));
            }
            md.add(Markdown.row(row));
        }
        md.add("");
        if (verdict != null) {
            md.add("**What it shows.** " + verdict);
            md.add("");
        }
        md.add("![peaks](fits-peaks.png)");
        md.add("");
        return md;
    }

    /** Per seed, the mean height recovered on the small peaks (all but the first). */
    private static List<Double> smallShares(LossRobustness.PeakFits p, int loss) {
        List<Double> out = new ArrayList<>();
        for (int s = 0; s < p.height()[loss][0].length; s++) {
            double sum = 0;
            for (int k = 1; k < LossRobustness.PEAKS.size(); k++) {
                sum += p.height()[loss][k][s];
            }
            out.add(sum / (LossRobustness.PEAKS.size() - 1));
        }
        return out;
    }

    /** Mean height recovered on the small peaks (all but the first), averaged over seeds. */
    private static double smallHeight(LossRobustness.PeakFits p, int loss) {
        double s = 0;
        int n = 0;
        for (int k = 1; k < LossRobustness.PEAKS.size(); k++) {
            s += stat(p.height()[loss][k]).mean();
            n++;
        }
        return s / n;
    }

    private static String peakSummary(LossRobustnessSpec spec, LossRobustness.PeakFits p, int mse, int mae) {
        return String.format(Locale.ROOT, "MSE recovers %.0f%% of the tall peak and %.0f%% of the small ones on average, "
                        + "MAE %.0f%% and %.0f%%.", 100 * stat(p.height()[mse][0]).mean(), 100 * smallHeight(p, mse),
                100 * stat(p.height()[mae][0]).mean(), 100 * smallHeight(p, mae));
    }

    private static String peakVerdict(LossRobustnessSpec spec, LossRobustness.PeakFits p, int mse, int mae,
                                      PairedEvidence evidence) {
        if (mse < 0 || mae < 0) {
            return null;
        }
        double mseBig = stat(p.height()[mse][0]).mean();
        double mseSmall = smallHeight(p, mse);
        double maeBig = stat(p.height()[mae][0]).mean();
        double maeSmall = smallHeight(p, mae);
        // "MSE fits the big peak, misses the small ones": the tall peak nearly whole, the small ones clearly less,
        // and a larger share of the small peaks under MAE than under MSE (the contrast the lecture draws).
        boolean mseFitsBig = mseBig >= TALL_PEAK_RECOVERED;
        boolean mseMissesSmall = mseSmall <= mseBig - SMALL_PEAKS_SHORTFALL;
        PairedDifference small = evidence.family("small peaks", List.of(new PairedEvidence.Comparison(
                spec.losses().get(mae).label(), spec.losses().get(mse).label(), "share of the small peaks recovered",
                spec.seeds(), smallShares(p, mae), smallShares(p, mse), true))).get(0);
        boolean maeBetterOnSmall = small.verdict() == PairedDifference.Verdict.BETTER;
        String head = mseFitsBig && mseMissesSmall && maeBetterOnSmall ? "**Supported.**"
                : mseFitsBig && mseMissesSmall ? "**Half supported.**" : "**Not supported by this run.**";
        return String.format(Locale.ROOT, "%s Under MSE the fit recovers %.0f%% of the tall peak and %.0f%% of the small "
                        + "ones on average; under MAE %.0f%% and %.0f%%. The criteria: MSE recovers ≥ %.0f%% of the tall "
                        + "peak (%s), at least %.0f points less of the small ones (%s), and MAE recovers more of the small "
                        + "peaks than MSE, paired by seed (%s: MAE − MSE %s).", head, 100 * mseBig, 100 * mseSmall, 100 * maeBig, 100 * maeSmall,
                100 * TALL_PEAK_RECOVERED, mseFitsBig ? "yes" : "no", 100 * SMALL_PEAKS_SHORTFALL,
                mseMissesSmall ? "yes" : "no", maeBetterOnSmall ? "yes"
                        : small.verdict() == PairedDifference.Verdict.WORSE ? "no, MSE recovers more"
                        : "no difference detected at n = " + small.n(), Verdicts.difference(small));
    }

    private static Stats stat(double[] v) {
        return Stats.of(Arrays.stream(v).boxed().toList());
    }

    private static int indexOf(List<RegressionSpecs.Loss> losses, String name) {
        for (int i = 0; i < losses.size(); i++) {
            if (losses.get(i).name().equals(name)) {
                return i;
            }
        }
        return -1;
    }

    private static double[] column(double[][] a) {
        return Arrays.stream(a).mapToDouble(r -> r[0]).toArray();
    }

    private static Charts.Line truthLine(String function, double[] gx) {
        DoubleUnaryOperator f = NoisyRegression.truth(function);
        return new Charts.Line("truth", "truth", false, gx, Arrays.stream(gx).map(f).toArray(), null);
    }

    /** Loss {@code a} against loss {@code b} at outlier fraction {@code f}, paired by seed (lower error is better). */
    private PairedEvidence.Comparison paired(int a, int b, int f) {
        return new PairedEvidence.Comparison(spec.losses().get(a).label(), spec.losses().get(b).label(),
                "error vs truth at " + num(fx[f]) + "% outliers", spec.seeds(), boxed(sweep.error()[a][f]),
                boxed(sweep.error()[b][f]), false);
    }

    /** MAE against MSE at fraction {@code f}, one test per family (no adjustment). */
    private PairedDifference maeVsMse(int f) {
        return evidence.family("MAE vs MSE at " + num(fx[f]) + "% outliers", List.of(paired(mae, mse, f))).get(0);
    }

    /** The loss with the lowest mean error at {@code f} if paired tests separate it from every other, else −1. */
    private int separatedBest(int f) {
        int best = 0;
        for (int l = 1; l < stats.length; l++) {
            if (stats[l][f].mean() < stats[best][f].mean()) {
                best = l;
            }
        }
        List<PairedEvidence.Comparison> rest = new ArrayList<>();
        for (int l = 0; l < stats.length; l++) {
            if (l != best) {
                rest.add(paired(l, best, f));
            }
        }
        String metric = rest.get(0).metric();
        List<PairedDifference> family = evidence.family(metric, rest);
        lowestSentences.add("At " + num(fx[f]) + "% outliers the lowest mean error is `" + spec.losses().get(best).label()
                + "`'s. " + Verdicts.againstBaseline(spec.losses().get(best).label(), metric, family, false,
                AGAINST_LOWEST));
        return family.stream().allMatch(c -> c.verdict() == PairedDifference.Verdict.WORSE) ? best : -1;
    }

    private static List<Double> boxed(double[] v) {
        return Arrays.stream(v).boxed().toList();
    }
}
