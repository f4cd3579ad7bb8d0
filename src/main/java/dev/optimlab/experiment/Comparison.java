package dev.optimlab.experiment;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import dev.optimlab.problem.Networks;
import dev.optimlab.problem.ProblemData;
import dev.optimlab.report.ResultsIndex;
import dev.optimlab.run.TrainingData;
import dev.optimlab.run.Trial;
import dev.optimlab.run.TrialResult;
import dev.optimlab.run.TrialRunner;
import dev.optimlab.run.TrialStore;

/**
 * Runs a comparison spec end to end: plan, train every trial not already stored (resume),
 * aggregate, write {@code REPORT.md} with its charts and tables, and refresh the results index.
 */
public final class Comparison implements Experiment {

    /** Counts of a run, for the caller and the tests. */
    public record Outcome(int ran, int skipped, int diverged, Path report) {
    }

    private final Spec spec;

    public Comparison(Spec spec) {
        this.spec = spec;
    }

    public Spec spec() {
        return spec;
    }

    @Override
    public String name() {
        return spec.name();
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

    /** Runs at most {@code maxNewTrials} trials that are not stored yet (tests use it to stop half-way). */
    public Outcome run(Settings settings, int maxNewTrials) throws IOException {
        Path directory = settings.resultsRoot().resolve(spec.name());
        TrialStore store = new TrialStore(directory.resolve("trials"));
        if (settings.fresh()) {
            deleteStoredTrials(store);
        }
        store.removeTemporaryFiles();
        List<Trial> plan = Plan.of(spec);
        TrainingData data = null;
        List<TrialResult> results = new ArrayList<>();
        int ran = 0;
        int skipped = 0;
        int diverged = 0;
        for (Trial trial : plan) {
            Optional<TrialResult> stored = store.load(trial);
            if (stored.isPresent()) {
                skipped++;
                results.add(stored.get());
                continue;
            }
            if (ran >= maxNewTrials) {
                return new Outcome(ran, skipped, diverged, null);
            }
            if (data == null) {
                data = load(settings);
            }
            TrialResult r = new TrialRunner(spec.problem(), data).run(trial);
            store.save(trial, r);
            results.add(r);
            ran++;
            if (r.diverged()) {
                diverged++;
            }
            settings.log().printf(Locale.ROOT, "[%d/%d] %-28s %s  %.1fs%n", results.size(), plan.size(), trial.id(),
                    r.diverged() ? "DIVERGED at iteration " + r.divergedAtIteration()
                            : String.format(Locale.ROOT, "test loss %.4g, test %s %.4g", r.last().testLoss(), r.metricName(),
                            r.last().testMetric()),
                    r.wallTimeSeconds());
        }
        if (data == null) { // every trial was stored: the report still needs the data (sizes, fit chart)
            data = load(settings);
        }
        Path report = new ComparisonReport(spec, results, data.source(), settings.command()).write(directory);
        ResultsIndex.write(settings.resultsRoot());
        return new Outcome(ran, skipped, diverged, report);
    }

    /** The problem's data, loaded only when a trial has to run or the report needs it. */
    private TrainingData load(Settings settings) {
        return TrainingData.of(ProblemData.of(spec.problem().data(), settings.dataRoot()),
                Networks.dtype(spec.problem().model()));
    }

    private static void deleteStoredTrials(TrialStore store) throws IOException {
        if (!Files.isDirectory(store.dir())) {
            return;
        }
        try (var files = Files.list(store.dir())) {
            for (Path p : (Iterable<Path>) files::iterator) {
                if (p.getFileName().toString().endsWith(".json")) {
                    Files.delete(p);
                }
            }
        }
    }
}
