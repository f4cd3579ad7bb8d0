package dev.optimlab.experiment;

import static dev.optimlab.report.Markdown.num;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.DoubleUnaryOperator;

import dev.optimlab.report.AtomicFiles;
import dev.optimlab.analysis.BiasVariance;
import dev.optimlab.data.NoisyRegression;
import dev.optimlab.report.Charts;
import dev.optimlab.report.Markdown;
import dev.optimlab.report.Reproduce;
import dev.optimlab.report.ResultsIndex;

/** Writes the bias–variance report: the table, CSV, the U-curve with its terms, and fits. */
final class BiasVarianceReport {

    /** Individual fits drawn in each fits chart, beside the mean prediction. */
    private static final int FITS_SHOWN = 6;

    private BiasVarianceReport() {
    }

    /** Why the variance can fall again: whether the wider networks still fit their own samples better. */
    private static String trainingNote(List<BiasVarianceDecomposition.Row> rows, int peak) {
        BiasVarianceDecomposition.Row best = rows.get(0);
        for (BiasVarianceDecomposition.Row r : rows) {
            if (r.trainError() < best.trainError()) {
                best = r;
            }
        }
        BiasVarianceDecomposition.Row last = rows.get(rows.size() - 1);
        if (last.trainError() > best.trainError()) {
            return "The training error explains it: the wider networks do not fit their own samples better (training "
                    + "error " + num(best.trainError()) + " at width " + best.width() + ", " + num(last.trainError())
                    + " at width " + last.width() + "), so with this optimizer and step budget extra width does not "
                    + "become extra effective capacity; none of them interpolates its 30 points (that would need a "
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

    static void write(BiasVarianceSpec spec, List<BiasVarianceDecomposition.Row> rows, Path dir, String command,
                      double seconds) throws IOException {
        NoisyRegression data = spec.data();
        int k = rows.size();
        double[] x = new double[k];
        double[][] series = new double[6][k];
        List<String> csv = new ArrayList<>();
        csv.add("width,trainError,bias2,variance,noise,expectedError,sum,identityGap,measuredError,measuredSE,measuredAgrees");
        int best = 0;
        double maxGap = 0;
        int agree = 0;
        for (int i = 0; i < k; i++) {
            BiasVarianceDecomposition.Row r = rows.get(i);
            BiasVariance bv = r.decomposition();
            x[i] = Math.log(r.width()) / Math.log(2);
            series[0][i] = bv.expectedError();
            series[1][i] = r.measured().mean();
            series[2][i] = bv.bias2();
            series[3][i] = bv.variance();
            series[4][i] = bv.noise();
            series[5][i] = r.trainError();
            if (bv.expectedError() < rows.get(best).decomposition().expectedError()) {
                best = i;
            }
            maxGap = Math.max(maxGap, r.identityGap());
            agree += r.measuredAgrees() ? 1 : 0;
            csv.add(String.format(Locale.ROOT, "%d,%.10g,%.10g,%.10g,%.10g,%.10g,%.10g,%.3e,%.10g,%.3e,%b", r.width(),
                    r.trainError(), bv.bias2(), bv.variance(), bv.noise(), bv.expectedError(), bv.sum(), r.identityGap(),
                    r.measured().mean(), r.measured().standardError(), r.measuredAgrees()));
        }
        AtomicFiles.write(dir.resolve("decomposition.csv"), csv);

        Charts charts = new Charts();
        String[] labels = {"expected test error (bias² + variance + noise)", "measured test error (fresh noisy targets)",
            "bias²", "variance", "noise σ²", "training error"};
        List<Charts.Line> lines = new ArrayList<>();
        for (int s = 0; s < labels.length; s++) {
            lines.add(new Charts.Line(labels[s], labels[s], s == 1 || s == 5, x, series[s], null));
        }
        charts.curves(dir.resolve("decomposition.png"), "Bias–variance decomposition vs capacity (" + spec.models()
                + " models per width)", "log2(hidden width)", "mean squared error (log scale)", true, lines);

        List<Integer> shown = new ArrayList<>(List.of(0, best, k - 1));
        shown = shown.stream().distinct().toList();
        double[][] grid = data.grid(spec.testPoints());
        double[] gx = new double[grid.length];
        double[] truth = new double[grid.length];
        DoubleUnaryOperator f = NoisyRegression.truth(data.function());
        for (int j = 0; j < grid.length; j++) {
            gx[j] = grid[j][0];
            truth[j] = f.applyAsDouble(gx[j]);
        }
        List<Charts.Line> pointwise = new ArrayList<>();
        List<String> fitCharts = new ArrayList<>();
        for (int i : shown) {
            BiasVarianceDecomposition.Row r = rows.get(i);
            double[] mean = new double[grid.length];
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
                    + " fits and their mean (dots: model 1's training sample)", sx, sy,
                    new Charts.Line("truth " + NoisyRegression.formula(data.function()), "truth", false, gx, truth, null), fits);
            fitCharts.add(png);
            pointwise.add(new Charts.Line("bias², width " + r.width(), "w" + r.width(), false, gx,
                    r.decomposition().bias2At(), null));
            pointwise.add(new Charts.Line("variance, width " + r.width(), "w" + r.width(), true, gx,
                    r.decomposition().varianceAt(), null));
        }
        new Charts().curves(dir.resolve("pointwise.png"), "Where the error is: bias² (solid) and variance (dashed) along x",
                "x", "squared error (log scale)", true, pointwise);

        BiasVarianceDecomposition.Row first = rows.get(0);
        BiasVarianceDecomposition.Row last = rows.get(k - 1);
        BiasVarianceDecomposition.Row min = rows.get(best);
        int biasDown = 0;
        int varUp = 0;
        for (int i = 1; i < k; i++) {
            biasDown += rows.get(i).decomposition().bias2() < rows.get(i - 1).decomposition().bias2() ? 1 : 0;
            varUp += rows.get(i).decomposition().variance() > rows.get(i - 1).decomposition().variance() ? 1 : 0;
        }
        boolean uShape = best > 0 && best < k - 1;
        double riseRight = last.decomposition().expectedError() / min.decomposition().expectedError();
        double riseLeft = first.decomposition().expectedError() / min.decomposition().expectedError();
        // the first interior dip: error falls into width i and rises after it (the left half of a U)
        int dip = -1;
        for (int i = 1; i < k - 1 && dip < 0; i++) {
            if (rows.get(i).decomposition().expectedError() < rows.get(i - 1).decomposition().expectedError()
                    && rows.get(i).decomposition().expectedError() < rows.get(i + 1).decomposition().expectedError()) {
                dip = i;
            }
        }
        String verdict;
        if (uShape && biasDown * 2 >= k - 1 && varUp * 2 >= k - 1) {
            verdict = String.format(Locale.ROOT, "**Supported.** The expected test error is U-shaped: lowest at width %d "
                    + "(%s), %.2f× that at width %d (%s) and %.2f× at width %d (%s). Bias² fell at %d of %d steps in width, "
                    + "variance rose at %d of %d.", min.width(), num(min.decomposition().expectedError()),
                    riseLeft, first.width(), dominant(first.decomposition()), riseRight, last.width(),
                    dominant(last.decomposition()), biasDown, k - 1, varUp, k - 1);
        } else if (dip >= 0) {
            BiasVarianceDecomposition.Row d = rows.get(dip);
            int peak = dip;
            for (int i = dip; i < k; i++) {
                if (rows.get(i).decomposition().expectedError() > rows.get(peak).decomposition().expectedError()) {
                    peak = i;
                }
            }
            BiasVarianceDecomposition.Row p = rows.get(peak);
            verdict = String.format(Locale.ROOT, "**Partly supported.** The left half of the U is there: from width %d to %d "
                    + "the bias² drops from %s to %s and the expected error from %s to %s; from width %d to %d the variance "
                    + "grows (%s → %s) and the error rises again to %s — the textbook trade-off. But it does not keep rising: "
                    + "%s. Over the whole range the lowest error is at width %d (%s). Bias² fell at %d of %d steps in width, "
                    + "variance rose at %d of %d. The decomposition itself holds at every width.",
                    first.width(), d.width(), num(first.decomposition().bias2()), num(d.decomposition().bias2()),
                    num(first.decomposition().expectedError()), num(d.decomposition().expectedError()), d.width(), p.width(),
                    num(d.decomposition().variance()), num(p.decomposition().variance()), num(p.decomposition().expectedError()),
                    peak < k - 1 ? "beyond width " + p.width() + " the variance falls again and the error with it (to "
                            + num(last.decomposition().expectedError()) + " at width " + last.width() + "). "
                            + trainingNote(rows, peak)
                            : "the widest network is the worst", min.width(), num(min.decomposition().expectedError()),
                    biasDown, k - 1, varUp, k - 1);
        } else {
            verdict = String.format(Locale.ROOT, "**Not supported by this run.** The expected test error is lowest at "
                    + "width %d (%s)%s; relative to it, width %d is %.2f× and width %d is %.2f×. Bias² fell at %d of %d steps "
                    + "in width, variance rose at %d of %d. (The textbook U needs the variance to grow with capacity; "
                    + "gradient training from small initial weights for a fixed budget limits how much a wide network "
                    + "uses its capacity.)", min.width(), num(min.decomposition().expectedError()),
                    uShape ? "" : ", at an end of the range, so no U", first.width(), riseLeft, last.width(), riseRight,
                    biasDown, k - 1, varUp, k - 1);
        }
        String summary = String.format(Locale.ROOT, "Expected test error vs hidden width %d..%d: minimum at width %d; "
                + "bias² %s → %s, variance %s → %s; bias² + variance + noise matches the expected error to %s and the "
                + "measured error within %.0f SE at %d of %d widths.", first.width(), last.width(), min.width(),
                num(first.decomposition().bias2()), num(last.decomposition().bias2()), num(first.decomposition().variance()),
                num(last.decomposition().variance()), num(maxGap), BiasVarianceDecomposition.MEASURED_TOLERANCE_SE, agree, k);

        List<String> md = new ArrayList<>();
        md.add("# " + spec.title());
        md.add("");
        md.add(ResultsIndex.SUMMARY_MARK + summary + " -->");
        md.add("");
        if (!spec.description().isBlank()) {
            md.add(spec.description().strip());
            md.add("");
        }
        md.add("**The lecture's claim.** Expected error = bias² + variance + noise; as model capacity grows, bias falls "
                + "and variance rises, so the test error traces a U: underfitting, a balanced fit, overfitting.");
        md.add("");
        md.add(String.format(Locale.ROOT, "**What was run.** Data y = %s + ε, ε ~ N(0, %s²), x uniform on [%s, %s]. For "
                        + "each hidden width, %d one-hidden-layer %s networks (MSE loss, %s), each on its own independent "
                        + "training sample of %d points. Model m of every width uses the same sample, initial-weight seed "
                        + "and test noise, so the widths differ by capacity alone. Test points: %d evenly spaced x. "
                        + "Double precision. Total time %.0f s.",
                NoisyRegression.formula(data.function()), num(data.noise()), num(data.xMin()), num(data.xMax()),
                spec.models(), spec.activation(), spec.training().describe(), data.n(), spec.testPoints(), seconds));
        md.add("");
        md.add("**How it is measured.** With ȳ(x) the mean of the models' predictions: bias² = mean over test points of "
                + "(ȳ − f)², variance = mean over test points of the mean over models of (ŷ − ȳ)² (dividing by the number "
                + "of models), noise = σ² from the generator, and the expected error = mean over models and points of "
                + "(ŷ − f)² + σ². Two checks: (1) bias² + variance + noise equals the expected error up to rounding "
                + "(largest gap over widths: " + num(maxGap) + "; tolerance " + num(BiasVarianceDecomposition.IDENTITY_TOLERANCE)
                + "); (2) the error measured on " + spec.noiseDraws() + " fresh noisy targets per model and test point "
                + "agrees with it within " + num(BiasVarianceDecomposition.MEASURED_TOLERANCE_SE) + " standard errors at "
                + agree + " of " + k + " widths (the noise term and the vanishing cross term, checked empirically).");
        md.add("");
        md.add("**What it shows.** " + verdict);
        md.add("");
        md.add("## Table");
        md.add("");
        md.add(Markdown.row(List.of("hidden width", "training error", "bias²", "variance", "noise σ²",
                "expected error", "bias²+variance+noise − expected", "measured error ± SE", "within " +
                num(BiasVarianceDecomposition.MEASURED_TOLERANCE_SE) + " SE")));
        md.add(Markdown.separator(9));
        for (int i = 0; i < k; i++) {
            BiasVarianceDecomposition.Row r = rows.get(i);
            BiasVariance bv = r.decomposition();
            String e = num(bv.expectedError());
            md.add(Markdown.row(List.of(String.valueOf(r.width()), num(r.trainError()), num(bv.bias2()), num(bv.variance()),
                    num(bv.noise()), i == best ? "**" + e + "**" : e, String.format(Locale.ROOT, "%.1e",
                            bv.sum() - bv.expectedError()), num(r.measured().mean()) + " ± " + num(r.measured().standardError()),
                    r.measuredAgrees() ? "yes" : "**no**")));
        }
        md.add("");
        md.add("The training error is the models' mean MSE on their own (noisy) training samples; the gap to the "
                + "expected test error is the generalization gap.");
        md.add("");
        md.add("## Charts");
        md.add("");
        md.add("![decomposition](decomposition.png)");
        md.add("");
        md.add("Where along x the bias and the variance sit, for the smallest, best and largest width:");
        md.add("");
        md.add("![pointwise](pointwise.png)");
        md.add("");
        for (String c : fitCharts) {
            md.add("![" + c + "](" + c + ")");
            md.add("");
        }
        md.addAll(Reproduce.section(command, spec.source(), spec.text(),
                List.of("per-width numbers: `decomposition.csv`")));
        AtomicFiles.write(dir.resolve("REPORT.md"), md);
    }
}
