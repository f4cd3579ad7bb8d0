package dev.optimlab.run;

import java.util.List;
import java.util.Map;

/**
 * Everything a finished trial produced; written as one JSON file. Non-finite numbers are stored
 * as {@code null} (a diverged trial).
 *
 * @param status {@code ok} or {@code diverged}
 * @param divergedAtIteration the 0-based iteration whose loss was NaN/Inf, or null
 * @param metricName {@code accuracy} (classification) or {@code mse} (regression)
 * @param epochs one record per finished epoch
 * @param iterationLoss the minibatch loss of every iteration (before that iteration's update)
 * @param initialParamsSha256 hash of the initial parameters: equal across arms for one seed
 * @param fit for 1-D regression, the trained network's prediction over an even grid
 */
public record TrialResult(String experiment, String trial, String arm, String optimizer, String impl,
                          String variant, Map<String, Double> hyperparameters, long seed, String status,
                          Integer divergedAtIteration, String metricName, List<Epoch> epochs,
                          List<Double> iterationLoss, double wallTimeSeconds, String initialParamsSha256,
                          Curve fit, Map<String, String> versions) {

    /** Losses and metrics after one epoch, on each part of the data. */
    public record Epoch(int epoch, Double trainLoss, Double validationLoss, Double testLoss,
                        Double trainMetric, Double validationMetric, Double testMetric) {
    }

    /** A curve y(x). */
    public record Curve(List<Double> x, List<Double> y) {
    }

    public boolean diverged() {
        return "diverged".equals(status);
    }

    /** The last epoch's record, or null if the trial diverged in the first epoch. */
    public Epoch last() {
        return epochs.isEmpty() ? null : epochs.get(epochs.size() - 1);
    }
}
