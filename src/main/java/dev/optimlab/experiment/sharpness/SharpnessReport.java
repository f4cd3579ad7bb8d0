package dev.optimlab.experiment.sharpness;

import static dev.optimlab.report.Markdown.num;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;

import dev.optimlab.report.AtomicFiles;
import dev.optimlab.data.Datasets;
import dev.optimlab.experiment.ReportSkeleton;
import dev.optimlab.analysis.Sharpness;
import dev.optimlab.analysis.PairedDifference;
import dev.optimlab.analysis.Stats;
import dev.optimlab.report.Charts;
import dev.optimlab.report.Markdown;
import dev.optimlab.report.PairedEvidence;
import dev.optimlab.report.Verdicts;

/**
 * The report of a sharpness run: the lecture's claim, paired small- vs large-batch tables (mean ±
 * std and per seed), the verdict counted seed by seed, the interpolation chart, CSVs of every
 * number and the Reproduce section.
 */
final class SharpnessReport {

    static final String CLAIM = "Batch size matters: large batches tend to reach sharp minimizers, small batches "
            + "flat ones, which generalize better (Keskar et al., 2017).";

    /** The family of every measure, and what its difference means. */
    private static final String FAMILY = "large − small batch";
    private static final String SMALL = "small batch";
    private static final String GAP_LABEL = "gap: test − train loss";
    private static final Verdicts.Direction LARGER = new Verdicts.Direction("larger for the large batch",
            "smaller for the large batch", "no measure larger for the large batch", "measures");

    private final SharpnessSpec spec;
    private final List<SharpnessExperiment.Arm> arms;
    private final List<SharpnessExperiment.Slice> slices;
    private final double minutes;

    SharpnessReport(SharpnessSpec spec, List<SharpnessExperiment.Arm> arms, List<SharpnessExperiment.Slice> slices,
                    double minutes) {
        this.spec = spec;
        this.arms = arms;
        this.slices = slices;
        this.minutes = minutes;
    }

    /** A measured quantity of an arm, with its column name. */
    private record Metric(String label, String column, ToDoubleFunction<SharpnessExperiment.Arm> value) {
    }

    private List<Metric> sharpnessMetrics() {
        List<Metric> out = new ArrayList<>();
        int k = 0;
        for (String space : List.of("full", "subspace")) {
            for (double eps : spec.epsilons()) {
                int i = k++;
                String label = "φ " + (space.equals("full") ? "full space" : spec.subspaceDim() + "-dim subspace")
                        + ", ε=" + num(eps);
                out.add(new Metric(label, "phi_" + space + "_" + eps, a -> a.phis().get(i).phi()));
            }
        }
        out.add(new Metric("top Hessian eigenvalue λmax", "lambda_max", a -> a.hessian().eigenvalue()));
        return out;
    }

    private List<Metric> outcomeMetrics() {
        return List.of(
                new Metric("epochs to target", "epochs", a -> a.epochs()),
                new Metric("train loss (all " + spec.trainSize() + ")", "train_loss", SharpnessExperiment.Arm::trainLoss),
                new Metric("train accuracy", "train_acc", SharpnessExperiment.Arm::trainAcc),
                new Metric("test loss (" + spec.testSize() + ")", "test_loss", SharpnessExperiment.Arm::testLoss),
                new Metric("test accuracy", "test_acc", SharpnessExperiment.Arm::testAcc),
                new Metric(GAP_LABEL, "gap_loss", SharpnessExperiment.Arm::lossGap),
                new Metric("gap: train − test accuracy", "gap_acc", SharpnessExperiment.Arm::accGap),
                new Metric("f on the probe subset (" + spec.evalSize() + ")", "probe_loss", SharpnessExperiment.Arm::evalLoss));
    }

    private List<SharpnessExperiment.Arm> of(String arm) {
        return arms.stream().filter(a -> a.arm().equals(arm)).toList();
    }

    private String meanStd(List<SharpnessExperiment.Arm> list, ToDoubleFunction<SharpnessExperiment.Arm> f) {
        Stats s = Stats.of(list.stream().map(a -> f.applyAsDouble(a)).toList());
        return num(s.mean()) + " ± " + num(s.std());
    }

    /** Large − small batch of one quantity, paired by seed ("better" = larger for the large batch). */
    private PairedEvidence.Comparison largeMinusSmall(Metric m) {
        return new PairedEvidence.Comparison(m.label(), SMALL, m.label(), seeds(), values("large", m.value()),
                values("small", m.value()), true);
    }

    private List<Long> seeds() {
        return of("small").stream().map(SharpnessExperiment.Arm::seed).toList();
    }

    private List<Double> values(String arm, ToDoubleFunction<SharpnessExperiment.Arm> f) {
        return of(arm).stream().map(a -> f.applyAsDouble(a)).toList();
    }

    /** Every measure of the tables, large − small paired by seed, Holm-adjusted together. */
    private List<PairedDifference> measureFamily(PairedEvidence evidence, List<Metric> measures) {
        return evidence.family(FAMILY, measures.stream().map(this::largeMinusSmall).toList());
    }

    /**
     * The claim (the large batch ends sharper and generalizes worse) from the measure family:
     * supported when the loss gap and at least one sharpness measure are larger for the large batch
     * and none is smaller, contradicted when the gap or every sharpness measure is smaller, else not
     * separated at n = ….
     */
    private String claimVerdict(List<PairedDifference> family, List<Metric> sharp) {
        PairedDifference gap = find(family, GAP_LABEL);
        List<PairedDifference> sharpness = sharp.stream().map(m -> find(family, m.label())).toList();
        String larger = sharpness.stream().filter(c -> c.verdict() == PairedDifference.Verdict.BETTER)
                .map(c -> "`" + c.arm() + "`").collect(Collectors.joining(", "));
        String word = gap.verdict() == PairedDifference.Verdict.WORSE
                || sharpness.stream().allMatch(c -> c.verdict() == PairedDifference.Verdict.WORSE) ? "Contradicted"
                : gap.verdict() == PairedDifference.Verdict.BETTER && !larger.isEmpty()
                        && sharpness.stream().noneMatch(c -> c.verdict() == PairedDifference.Verdict.WORSE) ? "Supported"
                : "Not separated at n = " + gap.n();
        return "**" + word + "** (large − small batch paired by seed, " + family.size() + " Holm-adjusted paired "
                + "t-tests at 5%, one per measure of the table): loss gap " + Verdicts.difference(gap, LARGER)
                + "; sharpness measures separated as larger for the large batch: " + (larger.isEmpty() ? "none" : larger)
                + ".";
    }

    private static PairedDifference find(List<PairedDifference> family, String label) {
        return family.stream().filter(c -> c.arm().equals(label)).findFirst().orElseThrow();
    }

    Path write(Path dir, String command) throws IOException {
        Files.createDirectories(dir);
        List<Metric> sharp = sharpnessMetrics();
        List<Metric> outcome = outcomeMetrics();
        writeRunsCsv(dir.resolve("runs.csv"), outcome, sharp);
        writeSliceCsv(dir.resolve("interpolation.csv"));
        chart(dir.resolve("interpolation.png"));
        PairedEvidence evidence = new PairedEvidence();
        List<PairedDifference> family = measureFamily(evidence, concat(outcome, sharp));
        String verdict = verdict(family, sharp);
        String measures = Verdicts.againstBaseline(SMALL, FAMILY, family, false, LARGER);
        String wall = wallSentence(evidence);
        evidence.write(dir);
        List<String> body = new ArrayList<>();
        body.add(PairedEvidence.FORMAT_MARK);
        body.add("");
        body.add("**The lecture's claim.** " + CLAIM);
        body.add("");
        body.add(whatWasRun());
        body.add("");
        body.add(measures());
        body.add("");
        body.add(whatItShows(verdict, measures, wall));
        body.add("");
        body.addAll(tables(outcome, sharp, family));
        body.addAll(sliceSection(wall));
        body.addAll(caveats());
        String summary = String.format(Locale.ROOT, "Batch %d vs %d on %s, %d seeds, the claim that the large batch ends "
                        + "sharper and generalizes worse: %s %s", spec.smallBatch(), spec.largeBatch(), spec.source(),
                spec.seeds().size(), verdict.replace("**", ""), measures);
        return new ReportSkeleton(spec.title(), spec.description(), spec.file(), spec.text()).write(dir, summary, body,
                command, List.of("every number per seed and arm: `runs.csv`; the loss slices: `interpolation.csv`; "
                        + "the paired tests: `verdicts.csv`, from the per-seed values in `paired.csv`"));
    }

    /** The network's inputs: the flat pixels of the data set's images. */
    private int inputs() {
        return java.util.Arrays.stream(Datasets.imageShape(spec.source())).reduce(1, (a, b) -> a * b);
    }

    private boolean allReached() {
        return arms.stream().allMatch(SharpnessExperiment.Arm::reached);
    }

    private String verdict(List<PairedDifference> family, List<Metric> sharp) {
        return allReached() ? claimVerdict(family, sharp)
                : "**Inconclusive**: not every run reached the target training loss, so not every pair is at "
                        + "comparable training loss (the paired tests below are reported for what they are worth).";
    }

    private String whatWasRun() {
        int seeds = spec.seeds().size();
        return String.format(Locale.ROOT, "**What was run.** %s: the first %d training images, an MLP %d-%s-10 (%s, "
                        + "softmax, cross-entropy, Xavier init, double precision), `%s` %s. For each of %d seeds the "
                        + "network is initialised once and trained twice from that same initialisation, with batch "
                        + "%d (small) and batch %d (large, %s of the training set), same optimizer and learning rate, "
                        + "same example order per epoch, until the mean training loss over all %d images is ≤ %s at the "
                        + "end of an epoch (at most %d epochs). Test numbers use the first %d official test images. "
                        + "Sharpness is probed on the first %d training images (f = mean cross-entropy there).",
            spec.source(), spec.trainSize(), inputs(), spec.hidden().stream().map(String::valueOf)
                    .collect(Collectors.joining("-")), spec.activation(), spec.optimizer(),
            spec.hyperparameters().entrySet().stream().map(e -> e.getKey() + "=" + num(e.getValue()))
                    .collect(Collectors.joining(", ")), seeds, spec.smallBatch(), spec.largeBatch(),
            String.format(Locale.ROOT, "%.0f%%", 100.0 * spec.largeBatch() / spec.trainSize()), spec.trainSize(),
            num(spec.targetLoss()), spec.maxEpochs(), spec.testSize(), spec.evalSize());
    }

    private String measures() {
        return String.format(Locale.ROOT, "**Measures.** Keskar's φ = 100·(max_{y∈C_ε} f(x + Ay) − f(x)) / (1 + f(x)) "
                        + "with the box |y_i| ≤ ε(|x_i|+1) over the full space (A = I) and |y_i| ≤ ε(|(A⁺x)_i|+1) over a "
                        + "random %d-dim subspace (A with N(0, 1/p) entries, the same A for both arms of a seed); the "
                        + "maximum is sought by %d steps of projected sign-gradient ascent (η = %s of the box per step, "
                        + "best value kept — a lower bound of the true maximum, like the paper's 10 L-BFGS-B steps). "
                        + "λmax: %d power-iteration steps on finite-difference Hessian-vector products (h = %s). "
                        + "Code: `analysis/Sharpness`, `analysis/HessianPowerIteration`, `analysis/Interpolation`.",
            spec.subspaceDim(), spec.steps(), num(Sharpness.STEP_FRACTION), spec.hessianIterations(),
            num(spec.fdStep()));
    }

    private String whatItShows(String verdict, String measures, String wall) {
        return "**What it shows.** " + verdict + " " + measures + " "
                + (allReached() ? "Every run reached the target training loss, so the two arms are compared at "
                        + "comparable training loss."
                        : "**Not every run reached the target training loss** (see the per-seed table), so those "
                        + "pairs are not at comparable training loss.") + (wall.isEmpty() ? "" : " " + wall);
    }

    /** Every measure, large − small batch paired by seed: interval, counts, both tests and the verdict. */
    private List<String> pairedTable(List<Metric> measures, List<PairedDifference> family) {
        List<String> md = Markdown.section("Large vs small batch, paired by seed", String.format(Locale.ROOT,
                "Per measure: mean ± std over seeds of each arm; the large − small difference "
                + "per seed with its mean and 95%% Student-t interval; in how many seeds the large batch was above / "
                + "below; the exact two-sided sign-test p (at n = %s it cannot go below %s); the paired t-test p "
                + "Holm-adjusted over the %d measures; the verdict from that adjusted p.", Verdicts.n(family),
                num(PairedDifference.signTestP(family.get(0).n(), 0)), family.size()));
        md.add(Markdown.row(List.of("measure", SMALL + " " + spec.smallBatch(), "large batch " + spec.largeBatch(),
                "large − small (95% CI)", "large above / below", "sign p", "Holm p", "verdict")));
        md.add(Markdown.separator(8));
        for (Metric m : measures) {
            PairedDifference c = find(family, m.label());
            md.add(Markdown.row(List.of(m.label(), meanStd(of("small"), m.value()), meanStd(of("large"), m.value()),
                    num(c.mean()) + " [" + num(c.lower()) + ", " + num(c.upper()) + "]",
                    c.better() + " / " + c.worse() + " of " + c.n(), num(c.signP()), num(c.adjustedP()),
                    Verdicts.word(c, "larger", "smaller", "identical"))));
        }
        md.add("");
        return md;
    }

    private List<String> tables(List<Metric> outcome, List<Metric> sharp, List<PairedDifference> family) {
        List<String> md = new ArrayList<>(pairedTable(concat(outcome, sharp), family));
        md.add("## Per seed");
        md.add("");
        List<String> head = new ArrayList<>(List.of("seed", "batch", "epochs", "train loss", "test loss", "test acc",
                "gap (loss)"));
        sharp.forEach(m -> head.add(m.label()));
        head.add("λmax residual");
        md.add(Markdown.row(head));
        md.add(Markdown.separator(head.size()));
        for (SharpnessExperiment.Arm a : arms) {
            List<String> row = new ArrayList<>(List.of(String.valueOf(a.seed()), String.valueOf(a.batchSize()),
                    a.epochs() + (a.reached() ? "" : " (not reached)"), num(a.trainLoss()), num(a.testLoss()),
                    num(a.testAcc()), num(a.lossGap())));
            sharp.forEach(m -> row.add(num(m.value().applyAsDouble(a))));
            row.add(num(a.hessian().residual()));
            md.add(Markdown.row(row));
        }
        md.add("");
        md.add("λmax residual is ‖Hv − λv‖/|λ| at the last power-iteration vector: small means the eigenvalue estimate "
                + "had converged; large means the top of the spectrum is clustered and the estimate is a lower bound.");
        md.add("");
        return md;
    }

    private List<String> sliceSection(String wall) {
        return Markdown.section("Loss along the line through both solutions", String.format(Locale.ROOT,
                        "θ(α) = (1 − α)·θ_small + α·θ_large, α ∈ [%s, %s] (%d points): α = 0 is the "
                        + "small-batch solution, α = 1 the large-batch one. Train = the %d-image probe subset, test = "
                        + "the %d test images; mean ± std over seeds, log scale. A sharper minimizer shows as a steeper "
                        + "wall on its side (α > 1 for the large batch, α < 0 for the small one).",
                num(spec.from()), num(spec.to()), spec.points(), spec.evalSize(), spec.testSize()),
                "![interpolation](interpolation.png)", sliceSummary() + (wall.isEmpty() ? "" : " " + wall));
    }

    private List<String> caveats() {
        int seeds = spec.seeds().size();
        List<String> md = new ArrayList<>();
        md.add("## Caveats");
        md.add("");
        md.add("- One small MLP on " + spec.trainSize() + " training images, " + seeds + " seeds: a check of the "
                + "claim's direction, not of its size. Keskar et al. used larger networks and data sets (and report "
                + "the effect for Adam and SGD alike).");
        md.add("- φ is a lower bound found by a short ascent and depends on the parameterisation (the |x|+1 scaling "
                + "softens but does not remove this; Dinh et al., ICML 2017, show sharpness can be changed by "
                + "reparameterisation without changing the function).");
        md.add("- The large batch gets " + num((double) spec.largeBatch() / spec.smallBatch()) + "× fewer updates per epoch at the "
                + "same learning rate; it is trained longer (more epochs) to the same training loss, as in the paper, "
                + "with no learning-rate scaling or warm-up.");
        md.add(String.format(Locale.ROOT, "- Runtime of this run: %.1f min.", minutes));
        md.add("");
        return md;
    }

    private static List<Metric> concat(List<Metric> a, List<Metric> b) {
        List<Metric> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    /** Mean slice values at α = 0, 1 and the two ends, in words. */
    private String sliceSummary() {
        double[] alphas = slices.get(0).alphas();
        int i0 = nearest(alphas, 0);
        int i1 = nearest(alphas, 1);
        int first = 0;
        int last = alphas.length - 1;
        double[] tr = mean(true);
        double[] te = mean(false);
        double peak = Double.NEGATIVE_INFINITY;
        for (int k = Math.min(i0, i1); k <= Math.max(i0, i1); k++) {
            peak = Math.max(peak, tr[k]);
        }
        String out = String.format(Locale.ROOT, "Mean train loss: %s at α = %s (small batch), %s at α = %s (large "
                        + "batch), at most %s between them; %s at α = %s and %s at α = %s. Mean test loss: %s (small), "
                        + "%s (large).", num(tr[i0]), num(alphas[i0]), num(tr[i1]), num(alphas[i1]), num(peak),
                num(tr[first]), num(alphas[first]), num(tr[last]), num(alphas[last]), num(te[i0]), num(te[i1]));
        return out;
    }

    /**
     * The 1-D sharpness of each end of the slice: the train-loss rise a distance d·‖θ_large − θ_small‖
     * beyond each solution (α = −d and α = 1 + d), large side against small side paired by seed.
     */
    private String wallSentence(PairedEvidence evidence) {
        double[] alphas = slices.get(0).alphas();
        int i0 = nearest(alphas, 0);
        int i1 = nearest(alphas, 1);
        double d = Math.min(alphas[i0] - alphas[0], alphas[alphas.length - 1] - alphas[i1]);
        if (!(d > 0)) {
            return "";
        }
        int below = nearest(alphas, alphas[i0] - d);
        int above = nearest(alphas, alphas[i1] + d);
        List<Double> large = slices.stream().map(s -> s.train()[above] - s.train()[i1]).toList();
        List<Double> small = slices.stream().map(s -> s.train()[below] - s.train()[i0]).toList();
        PairedDifference c = evidence.family("line slice", List.of(new PairedEvidence.Comparison(
                "rise past the large-batch solution", "rise past the small-batch solution", "train-loss rise",
                slices.stream().map(SharpnessExperiment.Slice::seed).toList(), large, small, true))).get(0);
        return String.format(Locale.ROOT, "On the line through both solutions, going the same distance past each "
                        + "(to α = %s and α = %s), the train loss rises more on the large-batch side in %d of %d seeds "
                        + "(sign test p = %s; large − small rise %s) — the 1-D picture of Keskar et al.'s Fig. 3, "
                        + "%s; it probes a single direction, the one joining the two solutions.", num(alphas[below]),
                num(alphas[above]), c.better(), c.n(), num(c.signP()), Verdicts.difference(c, LARGER),
                c.verdict() == PairedDifference.Verdict.BETTER ? "separated by the paired t-test"
                        : "no difference detected at n = " + c.n());
    }

    private static int nearest(double[] a, double v) {
        int best = 0;
        for (int i = 1; i < a.length; i++) {
            if (Math.abs(a[i] - v) < Math.abs(a[best] - v)) {
                best = i;
            }
        }
        return best;
    }

    private double[] mean(boolean train) {
        int n = slices.get(0).alphas().length;
        double[] m = new double[n];
        for (SharpnessExperiment.Slice s : slices) {
            double[] v = train ? s.train() : s.test();
            for (int i = 0; i < n; i++) {
                m[i] += v[i] / slices.size();
            }
        }
        return m;
    }

    private double[] std(boolean train) {
        int n = slices.get(0).alphas().length;
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            List<Double> v = new ArrayList<>();
            for (SharpnessExperiment.Slice s : slices) {
                v.add(train ? s.train()[i] : s.test()[i]);
            }
            out[i] = Stats.of(v).std();
        }
        return out;
    }

    private void chart(Path png) throws IOException {
        double[] alphas = slices.get(0).alphas();
        new Charts().range(0, Double.POSITIVE_INFINITY) // a loss is ≥ 0
                .curves(png, "Loss on θ(α) = (1−α)·θ_small(B=" + spec.smallBatch() + ") + α·θ_large(B="
                        + spec.largeBatch() + ")", "α", "mean cross-entropy", true,
                List.of(new Charts.Line("train (probe subset)", "train", false, alphas, mean(true), std(true)),
                        new Charts.Line("test", "test", true, alphas, mean(false), std(false))));
    }

    private void writeRunsCsv(Path file, List<Metric> outcome, List<Metric> sharp) throws IOException {
        List<String> lines = new ArrayList<>();
        List<String> head = new ArrayList<>(List.of("seed", "arm", "batch_size", "reached_target"));
        concat(outcome, sharp).forEach(m -> head.add(m.column()));
        head.add("lambda_residual");
        lines.add(String.join(",", head));
        for (SharpnessExperiment.Arm a : arms) {
            List<String> row = new ArrayList<>(List.of(String.valueOf(a.seed()), a.arm(), String.valueOf(a.batchSize()),
                    String.valueOf(a.reached())));
            concat(outcome, sharp).forEach(m -> row.add(repr(m.value().applyAsDouble(a))));
            row.add(repr(a.hessian().residual()));
            lines.add(String.join(",", row));
        }
        AtomicFiles.write(file, lines);
    }

    private void writeSliceCsv(Path file) throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add("seed,alpha,train_loss,test_loss");
        for (SharpnessExperiment.Slice s : slices) {
            for (int i = 0; i < s.alphas().length; i++) {
                lines.add(s.seed() + "," + repr(s.alphas()[i]) + "," + repr(s.train()[i]) + "," + repr(s.test()[i]));
            }
        }
        AtomicFiles.write(file, lines);
    }

    private static String repr(double v) {
        return Double.toString(v);
    }
}
