package dev.optimlab.experiment.biasvariance;

import static dev.optimlab.report.Markdown.num;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.DoubleUnaryOperator;
import java.util.stream.Collectors;

import dev.optimlab.analysis.BiasVariance;
import dev.optimlab.analysis.PairedDifference;
import dev.optimlab.data.NoisyRegression;
import dev.optimlab.experiment.RegressionSpecs;
import dev.optimlab.experiment.ReportSkeleton;
import dev.optimlab.report.AtomicFiles;
import dev.optimlab.report.Charts;
import dev.optimlab.report.Markdown;
import dev.optimlab.report.PairedEvidence;
import dev.optimlab.report.Verdicts;

/** Writes the bias–variance report: the table, CSV, the U-curve with its terms, and fits. */
final class BiasVarianceReport {

    /** Individual fits drawn in each fits chart, beside the mean prediction. */
    private static final int FITS_SHOWN = 6;

    private final BiasVarianceSpec spec;
    private final List<BiasVarianceExperiment.Row> rows;
    private final double seconds;
    private final int k;
    /** Index of the width with the lowest expected error. */
    private final int best;
    /** Largest |bias² + variance + noise − expected error| over the widths. */
    private final double maxGap;
    /** Widths whose measured error agrees with the expected error within the tolerance. */
    private final int agree;
    /** The paired tests behind the verdicts (by training sample: model m of every width shares it). */
    private final PairedEvidence evidence = new PairedEvidence();
    /** Every other width against the lowest-mean one, Holm-adjusted. */
    private List<PairedDifference> againstLowest = List.of();
    /** The error at the peak after the first dip against the dip (null when there is no dip). */
    private PairedDifference rise;
    private static final String FAMILY = "expected error";
    private static final Verdicts.Direction ERROR = new Verdicts.Direction("lower expected error",
            "higher expected error", "no width has a lower expected error", "widths");

    private BiasVarianceReport(BiasVarianceSpec spec, List<BiasVarianceExperiment.Row> rows, double seconds) {
        this.spec = spec;
        this.rows = rows;
        this.seconds = seconds;
        this.k = rows.size();
        int b = 0;
        double gap = 0;
        int agreeing = 0;
        for (int i = 0; i < k; i++) {
            BiasVarianceExperiment.Row r = rows.get(i);
            if (r.decomposition().expectedError() < rows.get(b).decomposition().expectedError()) {
                b = i;
            }
            gap = Math.max(gap, r.identityGap());
            agreeing += r.measuredAgrees() ? 1 : 0;
        }
        this.best = b;
        this.maxGap = gap;
        this.agree = agreeing;
        pairedTests();
    }

    /** Why the variance can fall again: whether the wider networks still fit their own samples better. */
    private static String trainingNote(List<BiasVarianceExperiment.Row> rows, int peak, int n) {
        BiasVarianceExperiment.Row best = rows.get(0);
        for (BiasVarianceExperiment.Row r : rows) {
            if (r.trainError() < best.trainError()) {
                best = r;
            }
        }
        BiasVarianceExperiment.Row last = rows.get(rows.size() - 1);
        if (last.trainError() > best.trainError()) {
            return "The training error explains it: the wider networks do not fit their own samples better (training "
                    + "error " + num(best.trainError()) + " at width " + best.width() + ", " + num(last.trainError())
                    + " at width " + last.width() + "), so with this optimizer and step budget extra width does not "
                    + "become extra effective capacity; none of them interpolates its " + n + " points (that would need a "
                    + "training error near 0). A falling test error at large width is also reported for "
                    + "over-parameterized networks near interpolation (Belkin, Hsu, Ma and Mandal, PNAS 116(32), 2019), "
                    + "but that is not the regime here";
        }
        return "The wider networks still fit their own samples better (training error " + num(rows.get(peak).trainError())
                + " at width " + rows.get(peak).width() + ", " + num(last.trainError()) + " at width " + last.width()
                + ") yet vary less between samples: the \"second descent\" reported for over-parameterized networks "
                + "(Belkin, Hsu, Ma and Mandal, PNAS 116(32), 2019)";
    }

    private static String dominant(BiasVariance bv) {
        return bv.bias2() > bv.variance() ? "bias² > variance" : "variance > bias²";
    }

    static void write(BiasVarianceSpec spec, List<BiasVarianceExperiment.Row> rows, Path dir, String command,
                      double seconds) throws IOException {
        new BiasVarianceReport(spec, rows, seconds).write(dir, command);
    }

    private void write(Path dir, String command) throws IOException {
        Files.createDirectories(dir);
        writeCsv(dir);
        decompositionChart(dir);
        List<String> fitCharts = fitCharts(dir);
        List<String> body = Markdown.paragraphs(PairedEvidence.FORMAT_MARK,
                "**The lecture's claim.** Expected error = bias² + variance + noise; as model capacity grows, bias falls "
                + "and variance rises, so the test error traces a U: underfitting, a balanced fit, overfitting.",
                whatWasRun(), howItIsMeasured());
        evidence.write(dir);
        body.add("**What it shows.** " + verdict() + pairedSentence());
        body.add("");
        body.addAll(table());
        body.addAll(chartSection(fitCharts));
        ReportSkeleton.of(spec).write(dir, summary(), body, command, List.of("per-width numbers: `decomposition.csv`; the paired tests: "
                + "`verdicts.csv`, from the per-model errors in `paired.csv`"));
    }

    private void writeCsv(Path dir) throws IOException {
        List<String> csv = new ArrayList<>();
        csv.add("width,trainError,bias2,variance,noise,expectedError,sum,identityGap,measuredError,measuredSE,measuredAgrees");
        for (BiasVarianceExperiment.Row r : rows) {
            BiasVariance bv = r.decomposition();
            csv.add(String.format(Locale.ROOT, "%d,%.10g,%.10g,%.10g,%.10g,%.10g,%.10g,%.3e,%.10g,%.3e,%b", r.width(),
                    r.trainError(), bv.bias2(), bv.variance(), bv.noise(), bv.expectedError(), bv.sum(), r.identityGap(),
                    r.measured().mean(), r.measured().standardError(), r.measuredAgrees()));
        }
        AtomicFiles.write(dir.resolve("decomposition.csv"), csv);
    }

    /** The U-curve: expected and measured error with its terms against log2 width. */
    private void decompositionChart(Path dir) throws IOException {
        double[] x = new double[k];
        double[][] series = new double[6][k];
        for (int i = 0; i < k; i++) {
            BiasVarianceExperiment.Row r = rows.get(i);
            BiasVariance bv = r.decomposition();
            x[i] = Math.log(r.width()) / Math.log(2);
            series[0][i] = bv.expectedError();
            series[1][i] = r.measured().mean();
            series[2][i] = bv.bias2();
            series[3][i] = bv.variance();
            series[4][i] = bv.noise();
            series[5][i] = r.trainError();
        }
        String[] labels = {"expected test error (bias² + variance + noise)", "measured test error (fresh noisy targets)",
            "bias²", "variance", "noise σ²", "training error"};
        List<Charts.Line> lines = new ArrayList<>();
        for (int s = 0; s < labels.length; s++) {
            lines.add(new Charts.Line(labels[s], labels[s], s == 1 || s == 5, x, series[s], null));
        }
        new Charts().curves(dir.resolve("decomposition.png"), "Bias–variance decomposition vs capacity (" + spec.models()
                + " models per width)", "log2(hidden width)", "mean squared error (log scale)", true, lines);
    }

    /** Fits of the smallest, best and largest width, and where along x their bias² and variance sit. */
    private List<String> fitCharts(Path dir) throws IOException {
        NoisyRegression data = spec.data();
        double[][] grid = data.grid(spec.testPoints());
        double[] gx = new double[grid.length];
        double[] truth = new double[grid.length];
        DoubleUnaryOperator f = NoisyRegression.truth(data.function());
        for (int j = 0; j < grid.length; j++) {
            gx[j] = grid[j][0];
            truth[j] = f.applyAsDouble(gx[j]);
        }
        Charts.Line truthLine = new Charts.Line("truth " + NoisyRegression.formula(data.function()), "truth", false, gx,
                truth, null);
        List<Charts.Line> pointwise = new ArrayList<>();
        List<String> fitCharts = new ArrayList<>();
        for (int i : List.of(0, best, k - 1).stream().distinct().toList()) {
            BiasVarianceExperiment.Row r = rows.get(i);
            fitCharts.add(fitChart(dir, r, gx, truthLine));
            pointwise.add(new Charts.Line("bias², width " + r.width(), "w" + r.width(), false, gx,
                    r.decomposition().bias2At(), null));
            pointwise.add(new Charts.Line("variance, width " + r.width(), "w" + r.width(), true, gx,
                    r.decomposition().varianceAt(), null));
        }
        new Charts().curves(dir.resolve("pointwise.png"), "Where the error is: bias² (solid) and variance (dashed) along x",
                "x", "squared error (log scale)", true, pointwise);
        return fitCharts;
    }

    /** A few fits of one width, their mean and model 1's training sample; returns the chart's file name. */
    private static String fitChart(Path dir, BiasVarianceExperiment.Row r, double[] gx, Charts.Line truthLine)
            throws IOException {
        double[] mean = new double[gx.length];
        for (double[] p : r.predictions()) {
            for (int j = 0; j < mean.length; j++) {
                mean[j] += p[j] / r.predictions().length;
            }
        }
        List<Charts.Line> fits = new ArrayList<>();
        for (int m = 0; m < Math.min(FITS_SHOWN, r.predictions().length); m++) {
            fits.add(new Charts.Line("model " + (m + 1), "model " + (m + 1), true, gx, r.predictions()[m], null));
        }
        fits.add(new Charts.Line("mean of " + r.predictions().length + " models", "mean", false, gx, mean, null));
        double[] sx = new double[r.firstSample().size()];
        double[] sy = new double[sx.length];
        for (int j = 0; j < sx.length; j++) {
            sx[j] = r.firstSample().x()[j][0];
            sy[j] = r.firstSample().y()[j][0];
        }
        String png = "fits-width-" + r.width() + ".png";
        new Charts().fits(dir.resolve(png), "Width " + r.width() + ": " + FITS_SHOWN + " of " + r.predictions().length
                + " fits and their mean (dots: model 1's training sample)", sx, sy, truthLine, fits);
        return png;
    }

    private BiasVariance at(int i) {
        return rows.get(i).decomposition();
    }

    /** Steps in width at which bias² fell ([0]) and variance rose ([1]). */
    private int[] trends() {
        int biasDown = 0;
        int varUp = 0;
        for (int i = 1; i < k; i++) {
            biasDown += at(i).bias2() < at(i - 1).bias2() ? 1 : 0;
            varUp += at(i).variance() > at(i - 1).variance() ? 1 : 0;
        }
        return new int[] {biasDown, varUp};
    }

    /** The width after {@code dip} with the highest expected error. */
    private int peakAfter(int dip) {
        int peak = dip;
        for (int i = dip; i < k; i++) {
            if (at(i).expectedError() > at(peak).expectedError()) {
                peak = i;
            }
        }
        return peak;
    }

    /** The first interior dip: error falls into width i and rises after it (the left half of a U); -1 if none. */
    private int firstDip() {
        for (int i = 1; i < k - 1; i++) {
            if (at(i).expectedError() < at(i - 1).expectedError() && at(i).expectedError() < at(i + 1).expectedError()) {
                return i;
            }
        }
        return -1;
    }

    private String verdict() {
        int[] t = trends();
        boolean uShape = best > 0 && best < k - 1;
        if (uShape && endSeparated(0) && endSeparated(k - 1) && t[0] * 2 >= k - 1 && t[1] * 2 >= k - 1) {
            return supported(t);
        }
        int dip = firstDip();
        return dip >= 0 && rise.verdict() == PairedDifference.Verdict.WORSE ? partlySupported(dip, t)
                : notSupported(uShape, t);
    }

    private String supported(int[] t) {
        BiasVarianceExperiment.Row first = rows.get(0);
        BiasVarianceExperiment.Row last = rows.get(k - 1);
        BiasVarianceExperiment.Row min = rows.get(best);
        return String.format(Locale.ROOT, "**Supported.** The expected test error is U-shaped: lowest at width %d "
                + "(%s), %.2f× that at width %d (%s) and %.2f× at width %d (%s). Bias² fell at %d of %d steps in width, "
                + "variance rose at %d of %d.", min.width(), num(min.decomposition().expectedError()),
                first.decomposition().expectedError() / min.decomposition().expectedError(), first.width(),
                dominant(first.decomposition()), last.decomposition().expectedError() / min.decomposition().expectedError(),
                last.width(), dominant(last.decomposition()), t[0], k - 1, t[1], k - 1);
    }

    private String partlySupported(int dip, int[] t) {
        BiasVarianceExperiment.Row first = rows.get(0);
        BiasVarianceExperiment.Row last = rows.get(k - 1);
        BiasVarianceExperiment.Row min = rows.get(best);
        BiasVarianceExperiment.Row d = rows.get(dip);
        int peak = peakAfter(dip);
        BiasVarianceExperiment.Row p = rows.get(peak);
        return String.format(Locale.ROOT, "**Partly supported.** The left half of the U is there: from width %d to %d "
                + "the bias² drops from %s to %s and the expected error from %s to %s; from width %d to %d the variance "
                + "grows (%s → %s) and the error rises again to %s (paired by training sample, width %d − width %d: %s) — the "
                + "textbook trade-off. But it does not keep rising: "
                + "%s. Over the whole range the lowest mean error is at width %d (%s). Bias² fell at %d of %d steps in width, "
                + "variance rose at %d of %d. The decomposition itself holds at every width.",
                first.width(), d.width(), num(first.decomposition().bias2()), num(d.decomposition().bias2()),
                num(first.decomposition().expectedError()), num(d.decomposition().expectedError()), d.width(), p.width(),
                num(d.decomposition().variance()), num(p.decomposition().variance()), num(p.decomposition().expectedError()),
                p.width(), d.width(), Verdicts.difference(rise, ERROR),
                peak < k - 1 ? "beyond width " + p.width() + " the variance falls again and the error with it (to "
                        + num(last.decomposition().expectedError()) + " at width " + last.width() + "). "
                        + trainingNote(rows, peak, spec.data().n())
                        : "the widest network is the worst", min.width(), num(min.decomposition().expectedError()),
                t[0], k - 1, t[1], k - 1);
    }

    private String notSupported(boolean uShape, int[] t) {
        BiasVarianceExperiment.Row first = rows.get(0);
        BiasVarianceExperiment.Row last = rows.get(k - 1);
        BiasVarianceExperiment.Row min = rows.get(best);
        return String.format(Locale.ROOT, "**Not supported by this run.** The expected test error is lowest at "
                + "width %d (%s)%s; relative to it, width %d is %.2f× and width %d is %.2f×. Bias² fell at %d of %d steps "
                + "in width, variance rose at %d of %d. (The textbook U needs the variance to grow with capacity; "
                + "gradient training from small initial weights for a fixed budget limits how much a wide network "
                + "uses its capacity.)", min.width(), num(min.decomposition().expectedError()),
                !uShape ? ", at an end of the range, so no U" : endSeparated(0) && endSeparated(k - 1) ? ""
                        : ", but the paired tests do not separate it from both ends of the range", first.width(),
                first.decomposition().expectedError() / min.decomposition().expectedError(), last.width(),
                last.decomposition().expectedError() / min.decomposition().expectedError(), t[0], k - 1, t[1], k - 1);
    }

    private String summary() {
        BiasVarianceExperiment.Row first = rows.get(0);
        BiasVarianceExperiment.Row last = rows.get(k - 1);
        String verdict = verdict();
        return String.format(Locale.ROOT, "Expected test error vs hidden width %d..%d, the U-shape claim: %s; lowest mean "
                + "at width %d; "
                + "bias² %s → %s, variance %s → %s; bias² + variance + noise matches the expected error to %s and the "
                + "measured error within %.0f SE at %d of %d widths.", first.width(), last.width(),
                verdict.substring(2, verdict.indexOf(".**")), rows.get(best).width(),
                num(first.decomposition().bias2()), num(last.decomposition().bias2()), num(first.decomposition().variance()),
                num(last.decomposition().variance()), num(maxGap), BiasVarianceExperiment.MEASURED_TOLERANCE_SE, agree, k)
                + pairedSentence();
    }

    /** The noise-free target at the test points (the grid the predictions were made on). */
    private double[] truthOnGrid() {
        NoisyRegression data = spec.data();
        DoubleUnaryOperator f = NoisyRegression.truth(data.function());
        double[][] grid = data.grid(spec.testPoints());
        double[] truth = new double[grid.length];
        for (int j = 0; j < grid.length; j++) {
            truth[j] = f.applyAsDouble(grid[j][0]);
        }
        return truth;
    }

    /**
     * Each model's expected error at width {@code i}: mean over the test points of (ŷ − f)² + σ².
     * Their mean is the width's expected error; model m of every width shares its training sample
     * and initial-weight seed, so the values pair across widths.
     */
    private List<Double> perModelError(int i, double[] truth) {
        BiasVarianceExperiment.Row r = rows.get(i);
        List<Double> out = new ArrayList<>();
        for (double[] p : r.predictions()) {
            double s = 0;
            for (int j = 0; j < truth.length; j++) {
                double e = p[j] - truth[j];
                s += e * e;
            }
            out.add(s / truth.length + r.decomposition().noise());
        }
        return out;
    }

    /**
     * Every width against the lowest-mean one (Holm-adjusted over k − 1), and the rise after the
     * first dip, each paired by training sample with the per-model expected errors.
     */
    private void pairedTests() {
        double[] truth = truthOnGrid();
        List<PairedEvidence.Comparison> family = new ArrayList<>();
        for (int i = 0; i < k; i++) {
            if (i != best) {
                family.add(byModel(i, best, truth));
            }
        }
        if (!family.isEmpty()) {
            againstLowest = evidence.family(FAMILY, family);
        }
        int dip = firstDip();
        if (dip >= 0) {
            rise = evidence.family("rise after the first dip", List.of(byModel(peakAfter(dip), dip, truth))).get(0);
        }
    }

    private PairedEvidence.Comparison byModel(int i, int reference, double[] truth) {
        List<Long> models = new ArrayList<>();
        for (long m = 1; m <= rows.get(i).predictions().length; m++) {
            models.add(m);
        }
        return new PairedEvidence.Comparison("width " + rows.get(i).width(), "width " + rows.get(reference).width(), FAMILY,
                models, perModelError(i, truth), perModelError(reference, truth), false);
    }

    /** Whether every other width's error is separated above the lowest one's. */
    private boolean lowestSeparated() {
        return !againstLowest.isEmpty() && againstLowest.stream().allMatch(c -> c.verdict() == PairedDifference.Verdict.WORSE);
    }

    private boolean endSeparated(int i) {
        return i == best || againstLowest.stream().anyMatch(c -> c.arm().equals("width " + rows.get(i).width())
                && c.verdict() == PairedDifference.Verdict.WORSE);
    }

    private String pairedSentence() {
        return againstLowest.isEmpty() ? "" : " The lowest mean expected error is at width " + rows.get(best).width()
                + "; paired by training sample (" + spec.models() + " models per width): "
                + Verdicts.againstBaseline("width " + rows.get(best).width(), FAMILY, againstLowest, false, ERROR);
    }

    private String whatWasRun() {
        NoisyRegression data = spec.data();
        return String.format(Locale.ROOT, "**What was run.** Data %s. For "
                        + "each hidden width, %d one-hidden-layer %s networks (MSE loss, %s), each on its own independent "
                        + "training sample of %d points. Model m of every width uses the same sample, initial-weight seed "
                        + "and test noise, so the widths differ by capacity alone. Test points: %d evenly spaced x. "
                        + "Double precision. Total time %.0f s.",
                RegressionSpecs.describe(data), spec.models(), spec.activation(), spec.training().describe(), data.n(),
                spec.testPoints(), seconds);
    }

    private String howItIsMeasured() {
        return "**How it is measured.** With ȳ(x) the mean of the models' predictions: bias² = mean over test points of "
                + "(ȳ − f)², variance = mean over test points of the mean over models of (ŷ − ȳ)² (dividing by the number "
                + "of models), noise = σ² from the generator, and the expected error = mean over models and points of "
                + "(ŷ − f)² + σ². Two checks: (1) bias² + variance + noise equals the expected error up to rounding "
                + "(largest gap over widths: " + num(maxGap) + "; tolerance " + num(BiasVarianceExperiment.IDENTITY_TOLERANCE)
                + "); (2) the error measured on " + spec.noiseDraws() + " fresh noisy targets per model and test point "
                + "agrees with it within " + num(BiasVarianceExperiment.MEASURED_TOLERANCE_SE) + " standard errors at "
                + agree + " of " + k + " widths (the noise term and the vanishing cross term, checked empirically).";
    }

    private List<String> table() {
        List<String> md = new ArrayList<>();
        md.add("## Table");
        md.add("");
        md.add(Markdown.row(List.of("hidden width", "training error", "bias²", "variance", "noise σ²",
                "expected error", "bias²+variance+noise − expected", "measured error ± SE", "within " +
                num(BiasVarianceExperiment.MEASURED_TOLERANCE_SE) + " SE")));
        md.add(Markdown.separator(9));
        for (int i = 0; i < k; i++) {
            BiasVarianceExperiment.Row r = rows.get(i);
            BiasVariance bv = r.decomposition();
            String e = num(bv.expectedError());
            md.add(Markdown.row(List.of(String.valueOf(r.width()), num(r.trainError()), num(bv.bias2()), num(bv.variance()),
                    num(bv.noise()), i == best && lowestSeparated() ? "**" + e + "**" : e, String.format(Locale.ROOT, "%.1e",
                            bv.sum() - bv.expectedError()), num(r.measured().mean()) + " ± " + num(r.measured().standardError()),
                    r.measuredAgrees() ? "yes" : "**no**")));
        }
        md.add("");
        md.add("The training error is the models' mean MSE on their own (noisy) training samples; the gap to the "
                + "expected test error is the generalization gap.");
        md.add("");
        return md;
    }

    private static List<String> chartSection(List<String> fitCharts) {
        List<String> md = Markdown.section("Charts", "![decomposition](decomposition.png)",
                "Where along x the bias and the variance sit, for the smallest, best and largest width:",
                "![pointwise](pointwise.png)");
        md.addAll(Markdown.images(fitCharts));
        return md;
    }
}
