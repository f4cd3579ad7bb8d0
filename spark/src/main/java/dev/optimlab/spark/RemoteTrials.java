package dev.optimlab.spark;

import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.optimlab.experiment.SpecParser;
import dev.optimlab.experiment.comparison.Comparison;
import dev.optimlab.experiment.comparison.Plan;
import dev.optimlab.run.TrainingData;
import dev.optimlab.run.Trial;
import dev.optimlab.run.TrialEngine;
import dev.optimlab.run.TrialRunner;
import dev.optimlab.run.TrialRuns;
import dev.optimlab.run.TrialStore;

/**
 * The executor's side of a Spark run: a task names a trial of the job's spec by id and
 * fingerprint; the executor rebuilds the spec's plan and data from the job (once per executor
 * JVM), checks that its trial has the driver's fingerprint (same spec, code and data on both
 * sides, else the task fails rather than return another trial's numbers), trains it exactly as a
 * local worker does, and returns the trial file's text. A task run twice (Spark's retry or
 * speculation) returns the same text: the driver keeps the first.
 */
final class RemoteTrials {

    /** One task: the trial of {@code job} with this id, which on the driver had this fingerprint. */
    record Task(TrialEngine.Job job, String trialId, String fingerprint) implements Serializable {
    }

    /** A job rebuilt on an executor: its plan by trial id and the data its trials train on. */
    private record Rebuilt(Comparison comparison, Map<String, Trial> plan, TrainingData data) {
    }

    private static final Map<TrialEngine.Job, Rebuilt> JOBS = new ConcurrentHashMap<>();

    private RemoteTrials() {
    }

    /** Trains the task's trial here; the text of its trial file. */
    static String train(Task task) {
        Rebuilt job = JOBS.computeIfAbsent(task.job(), RemoteTrials::rebuild);
        Trial trial = job.plan().get(task.trialId());
        if (trial == null) {
            throw new IllegalStateException("trial " + task.trialId() + " is not in the plan of "
                    + task.job().specFileName() + " on this executor");
        }
        if (!trial.fingerprint().equals(task.fingerprint())) {
            throw new IllegalStateException("trial " + task.trialId() + ": fingerprint " + trial.fingerprint()
                    + " on this executor, " + task.fingerprint() + " on the driver (different code, spec or data)");
        }
        TrialRunner runner = new TrialRunner(job.comparison().spec().problem(), job.data());
        return TrialStore.toJson(TrialRuns.measured(runner::run, trial));
    }

    private static Rebuilt rebuild(TrialEngine.Job job) {
        try {
            Path dir = Files.createTempDirectory("optimlab-spec");
            Path spec = Files.writeString(dir.resolve(job.specFileName()), job.specText());
            Comparison comparison = new Comparison(SpecParser.parse(spec, job.quick()));
            Map<String, Trial> plan = new LinkedHashMap<>();
            Plan.of(comparison.spec()).forEach(t -> plan.put(t.id(), t));
            TrainingData data = comparison.data(ShippedData.root(Path.of(job.dataRoot())));
            return new Rebuilt(comparison, plan, data);
        } catch (IOException e) {
            throw new IllegalStateException("cannot rebuild " + job.specFileName() + " on this executor: " + e.getMessage(), e);
        }
    }
}
