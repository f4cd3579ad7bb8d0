package dev.optimlab.experiment.benchmark;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.optimlab.analysis.PairedDifference;
import dev.optimlab.analysis.Stats;
import dev.optimlab.run.TrialResult;

/**
 * What the benchmark measures per problem and arm, from the trials at the chosen point: the final
 * test metric (mean and 95 % Student-t half-width over seeds), the steps to the target (median over
 * seeds, ∞ where a seed never reached it; the validation metric is evaluated after every epoch,
 * so a step count is a whole number of epochs × steps per epoch), the fraction of seeds that
 * reached it, the wall seconds to it (estimated as the trial's wall time × the fraction of its
 * epochs spent before reaching it: evaluation time included), and the paired comparisons with the
 * baseline arm by seed.
 *
 * @param targets the target of each problem (scaled validation metric)
 * @param targetSources how each target was obtained
 * @param paired per problem, every other arm against the baseline (Holm-adjusted within the problem)
 * @param pairedAlso per problem, the spec's {@code alsoAgainst} family (Holm-adjusted on its own); empty without one
 */
public record Measures(Map<String, Double> targets, Map<String, String> targetSources, List<Row> rows,
                       Map<String, List<PairedDifference>> paired, Map<String, List<PairedDifference>> pairedAlso,
                       PerformanceProfile profile) {

    /** One line of {@code final.csv}. */
    public record Row(String problem, String arm, int seeds, double testMetric, double testMetricCi95,
                      double stepsToTarget, double reachedFraction, double wallSecondsToTarget, int diverged) {
    }

    public static Measures of(BenchmarkSpec spec, List<Benchmark.Tuned> tuned, Map<String, Integer> stepsPerEpoch) {
        Map<String, Double> targets = new LinkedHashMap<>();
        Map<String, String> sources = new LinkedHashMap<>();
        for (BenchmarkProblem p : spec.problems()) {
            if (spec.targets().equals("committed")) {
                targets.put(p.id(), p.target());
                sources.put(p.id(), p.targetSource());
            } else {
                String[] from = new String[1];
                targets.put(p.id(), targetFromBaselines(p, forProblem(tuned, p.id()), spec.targetArms(), from));
                sources.put(p.id(), "this run: median over seeds of the final validation " + p.metric() + " of `" + from[0]
                        + "`, the best of " + String.join(", ", spec.targetArms()));
            }
        }
        List<Row> rows = new ArrayList<>();
        Map<String, List<PairedDifference>> paired = new LinkedHashMap<>();
        Map<String, List<PairedDifference>> pairedAlso = new LinkedHashMap<>();
        for (BenchmarkProblem p : spec.problems()) {
            List<Benchmark.Tuned> arms = forProblem(tuned, p.id());
            arms.forEach(t -> rows.add(row(t, targets.get(p.id()), stepsPerEpoch.get(p.id()))));
            paired.put(p.id(), paired(p, arms, spec.baseline(), null));
            if (spec.alsoAgainst() != null) {
                pairedAlso.put(p.id(), paired(p, arms, spec.alsoAgainst().baseline(), spec.alsoAgainst().arms()));
            }
        }
        return new Measures(targets, sources, rows, paired, pairedAlso, PerformanceProfile.of(rows));
    }

    static List<Benchmark.Tuned> forProblem(List<Benchmark.Tuned> tuned, String problem) {
        return tuned.stream().filter(t -> t.problem().id().equals(problem)).toList();
    }

    /**
     * AlgoPerf's rule: per baseline arm the median over seeds of its final validation metric
     * (a diverged seed counts as the worst value), and of those the best.
     */
    static double targetFromBaselines(BenchmarkProblem p, List<Benchmark.Tuned> arms, List<String> baselines, String[] from) {
        double best = Double.NaN;
        for (Benchmark.Tuned t : arms) {
            if (!baselines.contains(t.arm().name())) {
                continue;
            }
            double[] v = t.finals().stream().mapToDouble(r -> {
                Double x = Selection.finalValidation(r);
                return x == null ? (p.higherIsBetter() ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY)
                        : x * p.metricScale();
            }).toArray();
            double m = median(v);
            if (Double.isNaN(best) || (p.higherIsBetter() ? m > best : m < best)) {
                best = m;
                from[0] = t.arm().name();
            }
        }
        return best;
    }

    private static Row row(Benchmark.Tuned t, double target, int stepsPerEpoch) {
        BenchmarkProblem p = t.problem();
        List<Double> test = new ArrayList<>();
        double[] steps = new double[t.finals().size()];
        double[] seconds = new double[t.finals().size()];
        int reached = 0;
        int diverged = 0;
        for (int i = 0; i < t.finals().size(); i++) {
            TrialResult r = t.finals().get(i);
            diverged += r.diverged() ? 1 : 0;
            test.add(r.diverged() || r.last() == null || r.last().testMetric() == null ? null
                    : r.last().testMetric() * p.metricScale());
            int epochs = epochsToTarget(p, r, target);
            steps[i] = epochs < 0 ? Double.POSITIVE_INFINITY : (double) epochs * stepsPerEpoch;
            seconds[i] = epochs < 0 ? Double.POSITIVE_INFINITY : r.wallTimeSeconds() * epochs / p.problem().epochs();
            reached += epochs < 0 ? 0 : 1;
        }
        Stats s = Stats.of(test);
        return new Row(p.id(), t.arm().name(), t.finals().size(), s.mean(), s.ci95(), median(steps),
                (double) reached / t.finals().size(), median(seconds), diverged);
    }

    /** The number of epochs after which the validation metric first reached the target, or −1 if it never did. */
    static int epochsToTarget(BenchmarkProblem p, TrialResult r, double target) {
        if (Double.isNaN(target)) {
            return -1;
        }
        for (TrialResult.Epoch e : r.epochs()) {
            if (e.validationMetric() != null && p.reaches(e.validationMetric() * p.metricScale(), target)) {
                return e.epoch() + 1;
            }
        }
        return -1;
    }

    /** The median; ∞ entries count as the largest values (so the median is ∞ when half or more are). */
    static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        int n = v.length;
        return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    }

    /** {@code members} against {@code baseline} (null members: every other arm), Holm-adjusted as one family. */
    private static List<PairedDifference> paired(BenchmarkProblem p, List<Benchmark.Tuned> arms, String baseline,
                                                 List<String> members) {
        Benchmark.Tuned base = arms.stream().filter(t -> t.arm().name().equals(baseline)).findFirst().orElseThrow();
        List<PairedDifference> family = new ArrayList<>();
        for (Benchmark.Tuned t : arms) {
            if (t != base && (members == null || members.contains(t.arm().name()))) {
                family.add(PairedDifference.of(t.arm().name(), testBySeed(t), baseline, testBySeed(base), p.higherIsBetter()));
            }
        }
        return PairedDifference.holm(family);
    }

    /** The final test metric per seed (null where diverged), in the spec's seed order. */
    static List<Double> testBySeed(Benchmark.Tuned t) {
        List<Double> out = new ArrayList<>();
        for (TrialResult r : t.finals()) {
            out.add(r.diverged() || r.last() == null || r.last().testMetric() == null ? null
                    : r.last().testMetric() * t.problem().metricScale());
        }
        return out;
    }
}
