package dev.optimlab.experiment.benchmark;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

import dev.optimlab.run.TrialResult;

/**
 * The tuning rule: the grid point whose trial at the tuning seed ends with the best validation
 * metric (at the end of the budget, not the best epoch); on a tie the earlier point of the grid
 * (the smaller value of the first dimension). Diverged trials are never chosen; if every point
 * diverged, the first is taken and the choice says so.
 */
public final class Selection {

    /**
     * @param point the chosen hyperparameters
     * @param atEdge the searched dimensions whose chosen value is the grid's smallest or largest
     * @param allDiverged whether no point finished (the first point is then a placeholder)
     */
    public record Choice(Map<String, Double> point, List<String> atEdge, boolean allDiverged) {
    }

    private Selection() {
    }

    public static Choice choose(BenchmarkProblem problem, BenchmarkSpec.TunedArm arm,
                                Function<Map<String, Double>, TrialResult> trialAt) {
        Map<String, Double> best = null;
        double bestValue = Double.NaN;
        for (Map<String, Double> point : arm.search().grid()) {
            Double v = finalValidation(trialAt.apply(point));
            if (v == null) {
                continue;
            }
            if (best == null || (problem.higherIsBetter() ? v > bestValue : v < bestValue)) {
                best = point;
                bestValue = v;
            }
        }
        if (best == null) {
            Map<String, Double> first = arm.search().grid().get(0);
            return new Choice(first, arm.search().atEdge(first), true);
        }
        return new Choice(best, arm.search().atEdge(best), false);
    }

    /** The final validation metric of a trial, or null if it diverged. */
    static Double finalValidation(TrialResult r) {
        if (r == null || r.diverged() || r.last() == null || r.last().validationMetric() == null) {
            return null;
        }
        return r.last().validationMetric();
    }
}
