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
 * @param epochs one record per finished epoch; losses are the problem's data loss (no penalty terms)
 * @param result the evaluation of the model the trial hands back: the last epoch, or under early
 *               stopping the restored best epoch
 * @param iterationLoss the training objective of every iteration's minibatch, before its update
 *                      (DL4J's score: the data loss plus any penalty terms)
 * @param initialParamsSha256 hash of the initial parameters: equal across arms for one seed
 * @param fit for 1-D regression, the trained network's prediction over an even grid
 * @param fingerprint SHA-256 of {@code fingerprintInputs} ({@link TrialIdentity}); null in trials
 *                    written before fingerprints existed, which are therefore never reused
 * @param fingerprintInputs everything that determined the numbers, as flat sorted keys, so that a
 *                          mismatch can name the fields that changed
 * @param gitCommit the commit the code was built from (40 hex digits), null outside a git checkout
 * @param gitDirty whether {@code src/} or {@code pom.xml} differed from that commit (true when unknown)
 * @param peakHeapBytes the process's peak Java heap in use while the trial ran ({@link MemoryPeaks}); null in
 *                      trials written before it was recorded. Like the wall time, not part of the fingerprint
 * @param peakOffHeapBytes the process's peak off-heap bytes held for ND4J while the trial ran; null likewise
 */
public record TrialResult(String experiment, String trial, String arm, String optimizer, String impl,
                          String variant, Map<String, Double> hyperparameters, long seed, String status,
                          Integer divergedAtIteration, String metricName, List<Epoch> epochs, Epoch result,
                          List<Double> iterationLoss, double wallTimeSeconds, String initialParamsSha256,
                          Curve fit, Map<String, String> versions, String fingerprint,
                          Map<String, Object> fingerprintInputs, String gitCommit, Boolean gitDirty,
                          Long peakHeapBytes, Long peakOffHeapBytes) implements java.io.Serializable {

    /** A result without memory figures (the runner's; {@link #withMemory} adds them). */
    public TrialResult(String experiment, String trial, String arm, String optimizer, String impl,
                       String variant, Map<String, Double> hyperparameters, long seed, String status,
                       Integer divergedAtIteration, String metricName, List<Epoch> epochs, Epoch result,
                       List<Double> iterationLoss, double wallTimeSeconds, String initialParamsSha256,
                       Curve fit, Map<String, String> versions, String fingerprint,
                       Map<String, Object> fingerprintInputs, String gitCommit, Boolean gitDirty) {
        this(experiment, trial, arm, optimizer, impl, variant, hyperparameters, seed, status, divergedAtIteration,
                metricName, epochs, result, iterationLoss, wallTimeSeconds, initialParamsSha256, fit, versions,
                fingerprint, fingerprintInputs, gitCommit, gitDirty, null, null);
    }

    /** This result with the peak memory of its run. */
    public TrialResult withMemory(long heapBytes, long offHeapBytes) {
        return new TrialResult(experiment, trial, arm, optimizer, impl, variant, hyperparameters, seed, status,
                divergedAtIteration, metricName, epochs, result, iterationLoss, wallTimeSeconds, initialParamsSha256,
                fit, versions, fingerprint, fingerprintInputs, gitCommit, gitDirty, heapBytes, offHeapBytes);
    }

    /**
     * This result with the given code provenance: a driver stamps its own on a trial trained on a
     * Spark executor, which runs the driver's classes (the jar it ships) but has no checkout to ask.
     */
    public TrialResult withGit(String commit, Boolean dirty) {
        return new TrialResult(experiment, trial, arm, optimizer, impl, variant, hyperparameters, seed, status,
                divergedAtIteration, metricName, epochs, result, iterationLoss, wallTimeSeconds, initialParamsSha256,
                fit, versions, fingerprint, fingerprintInputs, commit, dirty, peakHeapBytes, peakOffHeapBytes);
    }

    /** Losses and metrics after one epoch, on each part of the data. */
    public record Epoch(int epoch, Double trainLoss, Double validationLoss, Double testLoss,
                        Double trainMetric, Double validationMetric, Double testMetric)
                                implements java.io.Serializable {
    }

    /** A curve y(x). */
    public record Curve(List<Double> x, List<Double> y) implements java.io.Serializable {
    }

    public boolean diverged() {
        return "diverged".equals(status);
    }

    /** The trained model's evaluation ({@link #result()}), or null if the trial diverged in the first epoch. */
    public Epoch last() {
        if (result != null) {
            return result;
        }
        return epochs.isEmpty() ? null : epochs.get(epochs.size() - 1);
    }
}
