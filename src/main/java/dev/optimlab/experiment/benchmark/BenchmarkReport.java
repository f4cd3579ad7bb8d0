package dev.optimlab.experiment.benchmark;

import static dev.optimlab.report.Markdown.num;
import static dev.optimlab.report.Markdown.row;
import static dev.optimlab.report.Markdown.separator;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import dev.optimlab.analysis.PairedDifference;
import dev.optimlab.experiment.ReportSkeleton;
import dev.optimlab.report.AtomicFiles;
import dev.optimlab.report.GitInfo;
import dev.optimlab.report.Verdicts;
import dev.optimlab.run.Provenance;
import dev.optimlab.run.TrialResult;

/**
 * Writes a benchmark's {@code REPORT.md} and its tables ({@code selection.csv}, {@code final.csv},
 * {@code scores.csv}, {@code verdicts.csv}) and charts ({@link BenchmarkCharts}). Each section is
 * one small method; the numbers come from {@link Measures} and {@link PerformanceProfile}.
 */
public final class BenchmarkReport {

    public static final String FINAL_HEADER = "problem,arm,seeds,testMetric,testMetricCi95,stepsToTarget,reachedFraction,"
            + "wallSecondsToTarget,diverged";

    private final BenchmarkSpec spec;
    private final List<Benchmark.Tuned> tuned;
    private final Measures m;
    private final String command;

    public BenchmarkReport(BenchmarkSpec spec, List<Benchmark.Tuned> tuned, Measures measures, String command) {
        this.spec = spec;
        this.tuned = tuned;
        this.m = measures;
        this.command = command;
    }

    public Path write(Path dir) throws IOException {
        Files.createDirectories(dir);
        AtomicFiles.write(dir.resolve("selection.csv"), selectionCsv());
        AtomicFiles.write(dir.resolve("final.csv"), finalCsv());
        AtomicFiles.write(dir.resolve("scores.csv"), scoresCsv());
        AtomicFiles.write(dir.resolve("verdicts.csv"), verdictsCsv());
        BenchmarkCharts charts = new BenchmarkCharts(dir);
        charts.profiles(m.profile());
        for (BenchmarkProblem p : spec.problems()) {
            charts.sensitivity(p, Measures.forProblem(tuned, p.id()));
            charts.steps(p, rows(p.id()));
        }
        List<TrialResult> all = tuned.stream().flatMap(t -> java.util.stream.Stream.concat(t.tuning().values().stream(),
                t.finals().stream())).toList();
        List<String> md = new ArrayList<>(method());
        md.addAll(problems());
        md.addAll(scores());
        spec.problems().forEach(p -> md.addAll(problem(p)));
        md.addAll(twins());
        md.addAll(cost(all));
        md.addAll(files());
        // the shared frame without the spec's description: the Method section says what was run
        return new ReportSkeleton(spec.title(), "", spec.source(), spec.text()).withBanner(Provenance.banner(all, GitInfo.current()))
                .write(dir, summary(), md, command, List.of(
                        "trials: `trials/` (one JSON per trial, resumable); DeepOBS layout: `deepobs/`"));
    }

    private List<Measures.Row> rows(String problem) {
        return m.rows().stream().filter(r -> r.problem().equals(problem)).toList();
    }

    private String summary() {
        String best = m.profile().scores().entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                .limit(3).map(e -> e.getKey() + " " + num(e.getValue())).collect(Collectors.joining(", "));
        long separated = m.paired().values().stream().flatMap(List::stream).filter(PairedDifference::separated).count();
        long comparisons = m.paired().values().stream().mapToLong(List::size).sum();
        return spec.problems().size() + " problems, " + spec.arms().size() + " tuned arms; highest scores: " + best
                + "; " + separated + " of " + comparisons + " paired comparisons with `" + spec.baseline()
                + "` separated (Holm, 5 %), no difference detected for the rest" + alsoSummary();
    }

    /** The second family in counts: how many (problem, arm) pairs were better, worse, not separated. */
    private String alsoSummary() {
        if (spec.alsoAgainst() == null) {
            return "";
        }
        Map<PairedDifference.Verdict, Long> by = m.pairedAlso().values().stream().flatMap(List::stream)
                .collect(Collectors.groupingBy(PairedDifference::verdict, Collectors.counting()));
        long all = m.pairedAlso().values().stream().mapToLong(List::size).sum();
        return "; against tuned `" + spec.alsoAgainst().baseline() + "` (" + String.join(", ", spec.alsoAgainst().arms())
                + "; " + all + " problem × arm comparisons): better in " + by.getOrDefault(PairedDifference.Verdict.BETTER, 0L)
                + ", worse in " + by.getOrDefault(PairedDifference.Verdict.WORSE, 0L) + ", no difference detected in "
                + (by.getOrDefault(PairedDifference.Verdict.NOT_SEPARATED, 0L)
                + by.getOrDefault(PairedDifference.Verdict.IDENTICAL, 0L));
    }

    private List<String> method() {
        int grid = spec.arms().stream().mapToInt(a -> a.search().size()).max().orElse(0);
        return List.of("## Method", "",
                "Each arm (an optimizer, as OptimLab's updater or DL4J's built-in twin) is tuned on each problem by a full "
                + "grid over its search space (up to " + grid + " points, listed in the spec below) with one trial per point "
                + "at tuning seed " + spec.tuningSeed() + "; the point with the best validation metric at the end of the "
                + "budget is chosen (DeepOBS / Schmidt et al. 2021's protocol, same budget for every optimizer) and re-run "
                + "with " + spec.seeds().size() + " seeds (" + spec.seeds() + ", distinct from the tuning seed unless listed). "
                + "Every seed fixes the initial weights and the minibatch order, the same for every arm. Speed is the number "
                + "of steps until the validation metric first reaches the problem's target (checked after each epoch, so a "
                + "whole number of epochs), median over seeds, ∞ when half or more missed it. The performance profile ρ(τ) "
                + "is the fraction of problems on which an arm's median steps are within a factor τ of the fastest arm's; "
                + "the score is the area under ρ on τ ∈ [1, 4] divided by 3 (AlgoPerf). Final test metrics are compared "
                + "with `" + spec.baseline() + "` paired by seed (95 % Student-t interval, Holm's adjustment within each "
                + "problem); an interval containing 0 is reported as \"no difference detected at n = …\". A twin pair "
                + "(OptimLab vs DL4J) is two arms, each tuned on its own; they are never pooled.", "");
    }

    private List<String> problems() {
        List<String> md = new ArrayList<>(List.of("## Problems", "",
                row(List.of("problem", "what", "epochs", "batch", "metric", "target (validation)", "how the target was obtained")),
                separator(7)));
        for (BenchmarkProblem p : spec.problems()) {
            md.add(row(List.of("`" + p.id() + "`", p.description(), String.valueOf(p.problem().epochs()),
                    String.valueOf(p.problem().batchSize()), p.metric() + (p.higherIsBetter() ? " (higher is better)"
                            : " (lower is better)"), num(m.targets().get(p.id())), m.targetSources().get(p.id()))));
        }
        md.add("");
        return md;
    }

    private List<String> scores() {
        List<String> md = new ArrayList<>(List.of("## Performance profiles and scores", "",
                "![performance profiles](profiles.png)", "",
                "Score = area under ρ on [1, 4] / 3 (1: fastest to the target on every problem; 0: never within 4× of "
                + "the fastest). Arms in the spec's order; the score has no interval and differences between scores are "
                + "not tested.", "", row(List.of("arm", "score", "ratio to the fastest per problem (" + String.join(", ",
                        m.profile().problems()) + ")")), separator(3)));
        m.profile().scores().forEach((arm, s) -> md.add(row(List.of("`" + arm + "`", num(s),
                java.util.Arrays.stream(m.profile().ratios().get(arm)).mapToObj(BenchmarkReport::ratio)
                        .collect(Collectors.joining(", "))))));
        md.add("");
        md.addAll(edges());
        return md;
    }

    /**
     * The tuning's own caveat in words: a choice on the edge of its grid means the grid may have cut
     * the arm off from a better setting, so its row is a lower bound for that arm, not its tuned best.
     */
    private List<String> edges() {
        List<String> atEdge = tuned.stream().filter(t -> !t.choice().atEdge().isEmpty())
                .map(t -> "`" + t.arm().name() + "` on `" + t.problem().id() + "` (" + String.join(", ", t.choice().atEdge()) + ")")
                .toList();
        if (atEdge.isEmpty()) {
            return List.of("Every chosen setting lies inside its grid.", "");
        }
        return List.of("**Grid edges.** " + atEdge.size() + " of " + tuned.size() + " choices lie on the edge of their grid: "
                + String.join("; ", atEdge) + ". A wider grid might tune these arms better, so their rows and scores "
                + "are lower bounds for them, not their tuned best.", "");
    }

    private static String ratio(double r) {
        return Double.isInfinite(r) ? "∞" : num(r);
    }

    private List<String> problem(BenchmarkProblem p) {
        List<String> md = new ArrayList<>(List.of("## `" + p.id() + "`", "", p.description() + "; target " + p.metric()
                + " " + (p.higherIsBetter() ? "≥ " : "≤ ") + num(m.targets().get(p.id())) + ".", "",
                row(List.of("arm", "chosen", "test " + p.metric() + " (mean ± 95 % CI)", "steps to target (median)",
                        "reached", "wall s to target (median)", "diverged")), separator(7)));
        List<Benchmark.Tuned> arms = Measures.forProblem(tuned, p.id());
        for (int i = 0; i < arms.size(); i++) {
            Benchmark.Tuned t = arms.get(i);
            Measures.Row r = rows(p.id()).get(i);
            Selection.Choice c = t.choice();
            String chosen = SearchSpace.label(c.point()) + (c.atEdge().isEmpty() ? "" : " ⚠ " + String.join(", ", c.atEdge()))
                    + (c.allDiverged() ? " (every point diverged)" : "");
            md.add(row(List.of("`" + t.arm().name() + "`", chosen, num(r.testMetric()) + " ± " + num(r.testMetricCi95()),
                    ratio(r.stepsToTarget()), Math.round(r.reachedFraction() * r.seeds()) + "/" + r.seeds(),
                    ratio(r.wallSecondsToTarget()), String.valueOf(r.diverged()))));
        }
        md.add("");
        md.add(Verdicts.againstBaseline(spec.baseline(), "test " + p.metric(), m.paired().get(p.id()), true));
        md.add("");
        if (spec.alsoAgainst() != null) {
            md.add(Verdicts.againstBaseline(spec.alsoAgainst().baseline(), "test " + p.metric(), m.pairedAlso().get(p.id()), true));
            md.add("");
        }
        md.add("![sensitivity](sensitivity-" + p.id() + ".png) ![steps to target](steps-" + p.id() + ".png)");
        md.add("");
        return md;
    }

    /** OptimLab's arm and DL4J's twin of the same optimizer side by side (never pooled). */
    private List<String> twins() {
        List<String> md = new ArrayList<>(List.of("## OptimLab vs DL4J twins", "",
                row(List.of("problem", "optimizer", "OptimLab: chosen, test metric, steps", "DL4J: chosen, test metric, steps")),
                separator(4)));
        int count = 0;
        for (Benchmark.Tuned dl4j : tuned) {
            if (!dl4j.arm().impl().equals("dl4j")) {
                continue;
            }
            for (Benchmark.Tuned ours : Measures.forProblem(tuned, dl4j.problem().id())) {
                if (ours.arm().impl().equals("optimlab") && ours.arm().optimizer().equals(dl4j.arm().optimizer())) {
                    md.add(row(List.of("`" + dl4j.problem().id() + "`", dl4j.arm().optimizer(), twinCell(ours), twinCell(dl4j))));
                    count++;
                }
            }
        }
        if (count == 0) {
            md.add(row(List.of("–", "no twin pairs in this spec", "", "")));
        }
        md.add("");
        return md;
    }

    private String twinCell(Benchmark.Tuned t) {
        Measures.Row r = m.rows().stream().filter(x -> x.problem().equals(t.problem().id()) && x.arm().equals(t.arm().name()))
                .findFirst().orElseThrow();
        return SearchSpace.label(t.choice().point()) + ", " + num(r.testMetric()) + " ± " + num(r.testMetricCi95()) + ", "
                + ratio(r.stepsToTarget());
    }

    /** Measured seconds per trial and what a DeepOBS-size grid (36 points) would cost. */
    private List<String> cost(List<TrialResult> all) {
        List<String> md = new ArrayList<>(List.of("## Cost", "", row(List.of("problem", "trials", "mean s per trial",
                "total s", "36-point grid + " + spec.seeds().size() + " seeds, all arms (trials × s)")), separator(5)));
        double total = 0;
        double deepobs = 0;
        for (BenchmarkProblem p : spec.problems()) {
            List<TrialResult> trials = Measures.forProblem(tuned, p.id()).stream().flatMap(t -> java.util.stream.Stream.concat(
                    t.tuning().values().stream(), t.finals().stream())).toList();
            double sum = trials.stream().mapToDouble(TrialResult::wallTimeSeconds).sum();
            double mean = sum / trials.size();
            long big = (long) spec.arms().size() * (36 + spec.seeds().size());
            total += sum;
            deepobs += big * mean;
            md.add(row(List.of("`" + p.id() + "`", String.valueOf(trials.size()), num(mean), num(sum),
                    big + " × " + num(mean) + " = " + num(big * mean) + " s")));
        }
        md.add("");
        md.add(String.format(Locale.ROOT, "Trials here took %.0f s of compute in all (%.1f h on one worker, about %.1f h "
                + "with `--workers 2` on two free cores). DeepOBS's 36-point learning-rate grid with the same seeds would "
                + "take %.0f s = %.1f h on one worker (%.1f h on two), at the measured seconds per trial; the trials are "
                + "independent, so a cluster divides this by its number of workers.", total, total / 3600,
                total / 7200, deepobs, deepobs / 3600, deepobs / 7200));
        md.add("");
        return md;
    }

    private List<String> files() {
        return List.of("## Files", "",
                "- `selection.csv`: per problem and arm the grid size, the chosen point and whether it is at the grid's edge",
                "- `final.csv`: per problem and arm the seeds, the test metric (mean, 95 % half-width), the median steps "
                        + "to target (`Infinity` when missed), the fraction of seeds that reached it, the wall seconds to it",
                "- `scores.csv`: per arm the score; `verdicts.csv`: the paired comparisons with the baseline",
                "- `deepobs/PROBLEM/ARM/SETTING/random_seed__N.json`: every trial in DeepOBS's output layout "
                        + "(losses and accuracies after each epoch; DeepOBS also records epoch 0, before training, which "
                        + "OptimLab's trials do not evaluate)", "");
    }

    private List<String> selectionCsv() {
        List<String> out = new ArrayList<>(List.of("problem,arm,gridPoints,chosen,atEdge,allDiverged,tuningValidationMetric"));
        for (Benchmark.Tuned t : tuned) {
            Double v = Selection.finalValidation(t.tuning().get(t.choice().point()));
            out.add(String.join(",", t.problem().id(), t.arm().name(), String.valueOf(t.arm().search().size()),
                    SearchSpace.label(t.choice().point()), String.valueOf(!t.choice().atEdge().isEmpty()),
                    String.valueOf(t.choice().allDiverged()), v == null ? "" : Double.toString(v * t.problem().metricScale())));
        }
        return out;
    }

    private List<String> finalCsv() {
        List<String> out = new ArrayList<>(List.of(FINAL_HEADER));
        for (Measures.Row r : m.rows()) {
            out.add(String.join(",", r.problem(), r.arm(), String.valueOf(r.seeds()), d(r.testMetric()),
                    d(r.testMetricCi95()), Double.toString(r.stepsToTarget()), Double.toString(r.reachedFraction()),
                    Double.toString(r.wallSecondsToTarget()), String.valueOf(r.diverged())));
        }
        return out;
    }

    private List<String> scoresCsv() {
        List<String> out = new ArrayList<>(List.of("arm,score"));
        m.profile().scores().forEach((arm, s) -> out.add(arm + "," + s));
        return out;
    }

    private List<String> verdictsCsv() {
        List<String> out = new ArrayList<>(List.of(Verdicts.CSV_HEADER));
        m.paired().forEach((problem, family) -> family.forEach(c -> out.add(Verdicts.csv(problem, "testMetric", c))));
        m.pairedAlso().forEach((problem, family) -> family.forEach(c -> out.add(Verdicts.csv(problem + " vs "
                + spec.alsoAgainst().baseline(), "testMetric", c))));
        return out;
    }

    private static String d(double v) {
        return Double.isNaN(v) ? "" : Double.toString(v);
    }
}
