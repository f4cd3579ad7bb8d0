package dev.optimlab.experiment.comparison;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;

import dev.optimlab.analysis.PairedDifference;
import dev.optimlab.analysis.PairedDifference.Verdict;
import dev.optimlab.analysis.Stats;
import dev.optimlab.report.Verdicts;
import dev.optimlab.run.Arm;
import dev.optimlab.run.TrialResult;

/**
 * The statistics a comparison report's sentences rest on, all paired by seed: every arm against
 * the spec's baseline, the best arm against every other (for the bold mark), the lecture's claim
 * pair by pair, and each OptimLab arm against its DL4J twin. Each family is Holm-adjusted on its
 * own. No two arms are ever pooled: an optimizer in the claim is represented by one arm.
 */
final class ComparisonVerdicts {

    private final Spec spec;
    private final List<TrialResult> results;

    ComparisonVerdicts(Spec spec, List<TrialResult> results) {
        this.spec = spec;
        this.results = results;
    }

    boolean classification() {
        return spec.problem().classification();
    }

    /** The score every verdict is about: test accuracy (higher is better) or test loss (lower). */
    String metric() {
        return classification() ? "test accuracy" : "test loss";
    }

    static Function<TrialResult.Epoch, Double> field(String metric) {
        return switch (metric) {
            case "trainLoss" -> TrialResult.Epoch::trainLoss;
            case "validationLoss" -> TrialResult.Epoch::validationLoss;
            case "testMetric", "test accuracy" -> TrialResult.Epoch::testMetric;
            default -> TrialResult.Epoch::testLoss;
        };
    }

    /** The arm's final value of {@code f} per seed of the spec, null where it diverged or is missing. */
    List<Double> perSeed(String arm, Function<TrialResult.Epoch, Double> f) {
        List<Double> out = new ArrayList<>();
        for (long seed : spec.seeds()) {
            TrialResult r = results.stream().filter(t -> t.arm().equals(arm) && t.seed() == seed).findFirst().orElse(null);
            out.add(r == null || r.diverged() || r.last() == null ? null : f.apply(r.last()));
        }
        return out;
    }

    private PairedDifference pair(String arm, String reference, Function<TrialResult.Epoch, Double> f, boolean higher) {
        return PairedDifference.of(arm, perSeed(arm, f), reference, perSeed(reference, f), higher);
    }

    private PairedDifference primary(String arm, String reference) {
        return pair(arm, reference, field(metric()), classification());
    }

    /** Every other arm against the baseline, Holm-adjusted. */
    List<PairedDifference> baseline() {
        return PairedDifference.holm(spec.arms().stream().map(Arm::name).filter(a -> !a.equals(spec.baseline()))
                .map(a -> primary(a, spec.baseline())).toList());
    }

    String baselineSentence(boolean detailed) {
        return Verdicts.againstBaseline(spec.baseline(), metric(), baseline(), detailed);
    }

    /** The arm with the best mean score if the paired tests separate it from every other arm, else null. */
    String separatedBest() {
        Comparator<String> byMean = Comparator.comparingDouble(a -> Stats.of(perSeed(a, field(metric()))).mean());
        List<String> finite = spec.arms().stream().map(Arm::name)
                .filter(a -> Stats.of(perSeed(a, field(metric()))).n() >= 2).toList();
        if (finite.size() < 2) {
            return null;
        }
        String best = classification() ? finite.stream().max(byMean).orElseThrow() : finite.stream().min(byMean).orElseThrow();
        List<PairedDifference> rest = PairedDifference.holm(spec.arms().stream().map(Arm::name)
                .filter(a -> !a.equals(best)).map(a -> primary(a, best)).toList());
        return rest.stream().allMatch(c -> c.verdict() == Verdict.WORSE) ? best : null;
    }

    /** The arm standing for an optimizer in the claim: its first OptimLab arm, else its first arm. */
    String representative(String optimizer) {
        List<Arm> mine = spec.arms().stream().filter(a -> a.optimizer().equals(optimizer)).toList();
        return mine.stream().filter(a -> a.impl().equals("optimlab")).findFirst().orElse(mine.get(0)).name();
    }

    /** For every pair (earlier, later) of the claimed order: earlier's arm against later's, Holm-adjusted. */
    List<PairedDifference> claimPairs() {
        Spec.Claim c = spec.claim();
        boolean higher = c.metric().equals("testMetric") && classification();
        List<PairedDifference> pairs = new ArrayList<>();
        for (int i = 0; i < c.order().size(); i++) {
            for (int j = i + 1; j < c.order().size(); j++) {
                pairs.add(pair(representative(c.order().get(i)), representative(c.order().get(j)), field(c.metric()), higher));
            }
        }
        return PairedDifference.holm(pairs);
    }

    /** supported (every claimed pair separated in the claimed direction), contradicted (one the other way), or not separated. */
    String claimVerdict() {
        List<PairedDifference> pairs = claimPairs();
        if (pairs.stream().anyMatch(p -> p.verdict() == Verdict.WORSE)) {
            return "contradicted";
        }
        if (pairs.stream().allMatch(p -> p.verdict() == Verdict.BETTER)) {
            return "supported";
        }
        return "not separated at n = " + Verdicts.n(pairs);
    }

    static String pairVerdict(PairedDifference p) {
        return switch (p.verdict()) {
            case BETTER -> "supported";
            case WORSE -> "contradicted";
            default -> "not separated at n = " + p.n();
        };
    }

    /** "`adam/optimlab` over `momentum/optimlab` not separated at n = 5; …; `momentum/optimlab` over `sgd/optimlab` supported". */
    String claimParts() {
        return claimPairs().stream().map(p -> "`" + p.arm() + "` over `" + p.reference() + "` " + pairVerdict(p))
                .collect(Collectors.joining("; "));
    }

    /** "The lecture's claim (…) is **not separated at n = 5** by final testLoss, paired by seed (…): …." */
    String claimSentence() {
        return "The lecture's claim (" + spec.claim().text() + ") is **" + claimVerdict() + "** by final "
                + spec.claim().metric() + ", paired by seed (" + claimPairs().size()
                + " pairwise comparisons, Holm-adjusted): " + claimParts() + ".";
    }

    /** What makes an arm DL4J's rather than OptimLab's: its optimizer or any of its regularizers is the built-in. */
    static boolean dl4jSide(Arm a) {
        return a.impl().equals("dl4j") || a.regularizers().stream().anyMatch(r -> r.builtin());
    }

    /** An arm with every implementation choice erased: two arms with the same key are twins. */
    private static List<Object> twinKey(Arm a) {
        return List.of(a.optimizer(), a.effectiveHyperparameters(), Objects.toString(a.training()),
                a.regularizers().stream().map(r -> r.name() + r.hyperparameters()).sorted().toList());
    }

    /** Pairs {OptimLab arm, DL4J arm} that do the same thing by the two implementations. */
    List<Arm[]> twinPairs() {
        List<Arm[]> pairs = new ArrayList<>();
        for (Arm a : spec.arms()) {
            if (dl4jSide(a) || a.variant() != dev.optimlab.optim.Variant.PAPER) {
                continue;
            }
            spec.arms().stream().filter(b -> dl4jSide(b) && twinKey(b).equals(twinKey(a))).findFirst()
                    .ifPresent(b -> pairs.add(new Arm[] {a, b}));
        }
        return pairs;
    }

    /** OptimLab's arm against its DL4J twin, Holm-adjusted over the twin pairs. */
    List<PairedDifference> twins() {
        return PairedDifference.holm(twinPairs().stream().map(p -> primary(p[0].name(), p[1].name())).toList());
    }

    String twinSentence() {
        List<PairedDifference> t = twins();
        if (t.isEmpty()) {
            return "";
        }
        Map<Verdict, List<PairedDifference>> by = t.stream().collect(Collectors.groupingBy(PairedDifference::verdict));
        List<String> parts = new ArrayList<>();
        String n = Verdicts.n(t);
        add(parts, "OptimLab better: ", by.get(Verdict.BETTER), true);
        add(parts, "DL4J better: ", by.get(Verdict.WORSE), true);
        add(parts, "identical in every seed: ", by.get(Verdict.IDENTICAL), false);
        add(parts, "no difference detected at n = " + n + ": ", by.get(Verdict.NOT_SEPARATED), false);
        return "OptimLab's implementation against its DL4J twin (" + metric() + ", paired by seed, "
                + (t.size() > 1 ? t.size() + " comparisons, Holm-adjusted" : "paired t-test") + "): "
                + String.join("; ", parts) + ".";
    }

    /** For the index: the twin pairs the paired test separates, or "" when none is. */
    String twinSummary() {
        List<PairedDifference> t = twins();
        List<String> parts = new ArrayList<>();
        for (Verdict v : List.of(Verdict.BETTER, Verdict.WORSE)) {
            List<PairedDifference> cs = Verdicts.with(t, v);
            if (!cs.isEmpty()) {
                parts.add((v == Verdict.BETTER ? "OptimLab beat its DL4J twin for " : "DL4J's twin beat OptimLab for ")
                        + cs.stream().map(c -> "`" + c.arm() + "` (" + Math.max(c.better(), c.worse()) + "/" + c.n()
                        + " seeds)").collect(Collectors.joining(", ")));
            }
        }
        return parts.isEmpty() ? "" : String.join("; ", parts) + " (" + metric() + ", Holm-adjusted over " + t.size()
                + " twin pairs).";
    }

    private static void add(List<String> parts, String label, List<PairedDifference> cs, boolean detailed) {
        if (cs == null || cs.isEmpty()) {
            return;
        }
        parts.add(label + cs.stream().map(c -> (detailed ? "`" + c.arm() + "` vs `" + c.reference() + "` " + Verdicts.difference(c)
                : "`" + c.arm() + "`/`" + c.reference() + "`")).collect(Collectors.joining(", ")));
    }

    /** Every comparison above as lines of {@code verdicts.csv}. */
    List<String> csv() {
        List<String> lines = new ArrayList<>(List.of(Verdicts.CSV_HEADER));
        baseline().forEach(c -> lines.add(Verdicts.csv("baseline", metric(), c)));
        twins().forEach(c -> lines.add(Verdicts.csv("twin", metric(), c)));
        if (spec.claim() != null) {
            claimPairs().forEach(c -> lines.add(Verdicts.csv("claim", spec.claim().metric(), c)));
        }
        return lines;
    }
}
