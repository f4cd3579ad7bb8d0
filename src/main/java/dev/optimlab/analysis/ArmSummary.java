package dev.optimlab.analysis;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import dev.optimlab.run.TrialResult;

/**
 * The trials of one arm, summarized over seeds: final losses and metrics, the epoch of the best
 * validation loss, wall time, divergences, and per-epoch mean/std curves for the charts.
 */
public record ArmSummary(String arm, String optimizer, String impl, List<TrialResult> trials, int diverged,
                         Stats trainLoss, Stats validationLoss, Stats testLoss, Stats trainMetric, Stats testMetric,
                         Stats gap, Stats bestValidationEpoch, Stats wallTime) {

    public static ArmSummary of(String arm, List<TrialResult> trials) {
        List<TrialResult> ok = trials.stream().filter(t -> !t.diverged()).toList();
        return new ArmSummary(arm, trials.get(0).optimizer(), trials.get(0).impl(), trials,
                trials.size() - ok.size(),
                Stats.of(last(ok, TrialResult.Epoch::trainLoss)),
                Stats.of(last(ok, TrialResult.Epoch::validationLoss)),
                Stats.of(last(ok, TrialResult.Epoch::testLoss)),
                Stats.of(last(ok, TrialResult.Epoch::trainMetric)),
                Stats.of(last(ok, TrialResult.Epoch::testMetric)),
                Stats.of(ok.stream().map(ArmSummary::gap).toList()),
                Stats.of(ok.stream().map(ArmSummary::bestValidationEpoch).toList()),
                Stats.of(trials.stream().map(t -> t.wallTimeSeconds()).toList()));
    }

    /**
     * The generalization gap of a trial's model: training accuracy − test accuracy for
     * classification, test loss − training loss for regression.
     */
    private static Double gap(TrialResult t) {
        TrialResult.Epoch e = t.last();
        if (e == null) {
            return null;
        }
        Double a = "accuracy".equals(t.metricName()) ? e.trainMetric() : e.testLoss();
        Double b = "accuracy".equals(t.metricName()) ? e.testMetric() : e.trainLoss();
        return a == null || b == null ? null : a - b;
    }

    private static List<Double> last(List<TrialResult> trials, Function<TrialResult.Epoch, Double> f) {
        List<Double> out = new ArrayList<>();
        for (TrialResult t : trials) {
            out.add(t.last() == null ? null : f.apply(t.last()));
        }
        return out;
    }

    private static Double bestValidationEpoch(TrialResult t) {
        int best = -1;
        double bestLoss = Double.POSITIVE_INFINITY;
        for (TrialResult.Epoch e : t.epochs()) {
            if (e.validationLoss() != null && e.validationLoss() < bestLoss) {
                bestLoss = e.validationLoss();
                best = e.epoch();
            }
        }
        return best < 0 ? null : (double) best + 1; // 1-based for people
    }

    /** Per-epoch mean and std over the non-diverged seeds of one quantity. */
    public double[][] curve(Function<TrialResult.Epoch, Double> f) {
        List<TrialResult> ok = trials.stream().filter(t -> !t.diverged()).toList();
        int epochs = ok.stream().mapToInt(t -> t.epochs().size()).min().orElse(0);
        double[][] out = new double[2][epochs];
        for (int e = 0; e < epochs; e++) {
            List<Double> values = new ArrayList<>();
            for (TrialResult t : ok) {
                values.add(f.apply(t.epochs().get(e)));
            }
            Stats s = Stats.of(values);
            out[0][e] = s.mean();
            out[1][e] = s.std();
        }
        return out;
    }
}
