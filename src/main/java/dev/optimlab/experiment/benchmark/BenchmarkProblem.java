package dev.optimlab.experiment.benchmark;

import java.nio.file.Path;

import dev.optimlab.problem.Networks;
import dev.optimlab.problem.Problem;
import dev.optimlab.problem.ProblemData;
import dev.optimlab.run.TrainingData;
import dev.optimlab.run.TrialRunner;

/**
 * One test problem of the benchmark, named by {@code id}: the problem (data, model, loss, epoch
 * budget, batch size, validation split) and the target on its validation metric.
 *
 * @param metric what the validation/test metric is ({@code accuracy}, {@code mse}, {@code loss})
 * @param higherIsBetter whether a larger metric is better (accuracy) or worse (mse, loss)
 * @param metricScale the reported metric is this × the runner's metric (quadratic-deep: f = 100 × mse)
 * @param target the target on the (scaled) validation metric, or NaN when none is committed
 * @param targetSource how the target was obtained (the command and the rule), or why there is none
 */
public record BenchmarkProblem(String id, String description, Problem problem, String metric, boolean higherIsBetter,
                               double metricScale, double target, String targetSource) {

    public boolean hasTarget() {
        return !Double.isNaN(target);
    }

    /** Whether {@code value} (scaled) reaches {@code target}. */
    public boolean reaches(double value, double target) {
        return higherIsBetter ? value >= target : value <= target;
    }

    /** The same problem with another target. */
    public BenchmarkProblem withTarget(double value, String source) {
        return new BenchmarkProblem(id, description, problem, metric, higherIsBetter, metricScale, value, source);
    }

    /** Loads or generates the data (checksums and non-empty parts are checked here). */
    public TrainingData data(Path dataRoot) {
        ProblemData d = custom() ? QuadraticDeep.data(problem.data()) : ProblemData.of(problem.data(), dataRoot);
        return TrainingData.of(d, Networks.dtype(problem.model()));
    }

    /** The runner of this problem's trials. */
    public TrialRunner runner(TrainingData data) {
        return custom() ? new TrialRunner(problem, data, QuadraticDeep::network) : new TrialRunner(problem, data);
    }

    private boolean custom() {
        return problem.data().source().equals(QuadraticDeep.SOURCE);
    }
}
