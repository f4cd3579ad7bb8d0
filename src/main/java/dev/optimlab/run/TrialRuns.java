package dev.optimlab.run;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * Trains the trials a run still needs on the run's workers and stores each one as it finishes
 * (atomically, on the caller's thread), with one progress line per finished trial; a killed run
 * keeps every trial written before the kill and resumes from there.
 */
public final class TrialRuns {

    private TrialRuns() {
    }

    /**
     * Trains {@code trials} with {@code runner} on {@code workers} workers, saves each finished one
     * in {@code store}, and returns them by trial id in the order of {@code trials}.
     *
     * @param kept trials of the plan already stored (counted as done in the progress)
     * @param total every trial of the plan
     */
    public static Map<String, TrialResult> train(List<Trial> trials, Function<Trial, TrialResult> runner, TrialStore store,
                                                 int kept, int total, PrintStream log, int workers) {
        return train(trials, runner, store, kept, total, log, workers, TrialRuns::outcome);
    }

    /** As {@link #train(List, Function, TrialStore, int, int, PrintStream, int)}, {@code detail} saying how each trial ended. */
    public static Map<String, TrialResult> train(List<Trial> trials, Function<Trial, TrialResult> runner, TrialStore store,
                                                 int kept, int total, PrintStream log, int workers,
                                                 Function<TrialResult, String> detail) {
        return train(trials, runner, store, kept, total, log, new TrialExecutor(workers), detail);
    }

    /** As {@link #train(List, Function, TrialStore, int, int, PrintStream, int, Function)}, on {@code engine}. */
    public static Map<String, TrialResult> train(List<Trial> trials, Function<Trial, TrialResult> runner, TrialStore store,
                                                 int kept, int total, PrintStream log, UnitEngine engine,
                                                 Function<TrialResult, String> detail) {
        List<TrialResult> results;
        try (Progress progress = Progress.on(log, total, kept, Math.min(engine.slots(), trials.size()))) {
            results = engine.map(trials, trial -> measured(runner, trial), new TrialExecutor.Listener<>() {
                @Override
                public void started(int worker, Trial trial) {
                    progress.started(worker, trial.id());
                }

                @Override
                public void finished(int worker, Trial trial, TrialResult r) {
                    store.save(trial, r);
                    progress.finished(worker, trial.id(), detail.apply(r), r.wallTimeSeconds());
                }
            });
        }
        Map<String, TrialResult> byId = new LinkedHashMap<>();
        for (int i = 0; i < trials.size(); i++) {
            byId.put(trials.get(i).id(), results.get(i));
        }
        return byId;
    }

    /** The trial's result with the memory it used recorded (where it ran: a worker thread or a Spark task). */
    public static TrialResult measured(Function<Trial, TrialResult> runner, Trial trial) {
        try (MemoryPeaks.Window w = MemoryPeaks.open()) {
            TrialResult r = runner.apply(trial);
            return r.withMemory(w.peakHeapBytes(), w.peakOffHeapBytes());
        }
    }

    /** {@code test loss 0.1234, test mse 0.1234} or {@code DIVERGED at iteration 17}. */
    public static String outcome(TrialResult r) {
        return r.diverged() ? "DIVERGED at iteration " + r.divergedAtIteration()
                : String.format(Locale.ROOT, "test loss %.4g, test %s %.4g", r.last().testLoss(), r.metricName(),
                r.last().testMetric());
    }
}
