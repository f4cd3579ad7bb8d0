package dev.optimlab.experiment.comparison;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import dev.optimlab.problem.Networks;
import dev.optimlab.problem.ProblemData;
import dev.optimlab.report.ResultsIndex;
import dev.optimlab.run.TrainingData;
import dev.optimlab.run.Trial;
import dev.optimlab.run.TrialResult;
import dev.optimlab.run.TrialRunner;
import dev.optimlab.run.TrialRuns;
import dev.optimlab.run.TrialStore;
import dev.optimlab.experiment.Experiment;
import dev.optimlab.experiment.StoredTrials;

/**
 * Runs a comparison spec end to end: plan, train every trial not already stored (resume),
 * aggregate, write {@code REPORT.md} with its charts and tables, and refresh the results index.
 */
public final class Comparison extends Experiment.OfSpec<Spec> {

    /** Counts of a run, for the caller and the tests. */
    public record Outcome(int ran, int skipped, int diverged, Path report) {
    }

    private TrainingData data;

    public Comparison(Spec spec) {
        super(spec);
    }

    @Override
    public String describe() {
        return spec.arms().size() + " arms × " + spec.seeds().size() + " seeds";
    }

    @Override
    public Path run(Settings settings) throws IOException {
        Outcome o = run(settings, Integer.MAX_VALUE);
        settings.log().println(o.ran() + " trials run, " + o.skipped() + " already finished (kept), " + o.diverged() + " diverged");
        return o.report();
    }

    /**
     * The checks made before anything is deleted or written: stored trials are readable and of this
     * plan (same fingerprint), or {@code --fresh}/{@code --retrain-stale} says to replace them;
     * the code's provenance; the data (checksums, every part has rows: ProblemData); the results directory can
     * be written. Reads only.
     */
    @Override
    public void check(Settings settings) throws IOException {
        inspect(settings);
    }

    /** The checks of {@link #check}; returns the stored trials sorted against the plan (all missing under --fresh). */
    private TrialStore.Inspection inspect(Settings settings) {
        return StoredTrials.check(spec.name(), Plan.of(spec), settings, () -> {
            if (data == null) {
                data = load(settings);
            }
        });
    }

    /** Runs at most {@code maxNewTrials} trials that are not stored yet (tests use it to stop half-way). */
    public Outcome run(Settings settings, int maxNewTrials) throws IOException {
        TrialStore.Inspection stored = inspect(settings); // nothing has been touched before this passes
        Path directory = settings.resultsRoot().resolve(spec.name());
        TrialStore store = new TrialStore(directory.resolve("trials"));
        List<Trial> plan = Plan.of(spec);
        Map<String, TrialResult> reusable = StoredTrials.prepare(store, stored, settings);
        List<Trial> toRun = plan.stream().filter(t -> !reusable.containsKey(t.id())).limit(maxNewTrials).toList();
        Map<String, TrialResult> trained = TrialRuns.train(toRun, trial -> new TrialRunner(spec.problem(), data).run(trial),
                store, reusable.size(), plan.size(), settings.log(), settings.executor(), TrialRuns::outcome);
        int diverged = (int) trained.values().stream().filter(TrialResult::diverged).count();
        if (reusable.size() + trained.size() < plan.size()) {
            return new Outcome(trained.size(), reusable.size(), diverged, null);
        }
        List<TrialResult> results = plan.stream()
                .map(t -> reusable.containsKey(t.id()) ? reusable.get(t.id()) : trained.get(t.id())).toList();
        int ran = trained.size();
        int skipped = reusable.size();
        Path report = new ComparisonReport(spec, results, data.source(), settings.command()).write(directory);
        ResultsIndex.write(settings.resultsRoot());
        return new Outcome(ran, skipped, diverged, report);
    }

    /** The problem's data, loaded once per run: checked before anything is written, then trained on. */
    private TrainingData load(Settings settings) {
        return data(settings.dataRoot());
    }

    /**
     * The problem's data from {@code dataRoot} (checksums verified), as this run trains on it; an
     * engine that trains the plan's trials in another process loads it there with this.
     */
    public TrainingData data(Path dataRoot) {
        return TrainingData.of(ProblemData.of(spec.problem().data(), dataRoot), Networks.dtype(spec.problem().model()));
    }
}
