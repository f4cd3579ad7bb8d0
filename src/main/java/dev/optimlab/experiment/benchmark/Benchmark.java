package dev.optimlab.experiment.benchmark;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import dev.optimlab.experiment.Experiment;
import dev.optimlab.experiment.StoredTrials;
import dev.optimlab.report.ResultsIndex;
import dev.optimlab.run.Trial;
import dev.optimlab.run.TrialResult;
import dev.optimlab.run.TrialRunner;
import dev.optimlab.run.TrialRuns;
import dev.optimlab.run.TrialStore;
import dev.optimlab.run.TrainingData;

/**
 * Runs a {@code kind: benchmark} spec in three steps, each a list of independent trials:
 * (1) every arm at every point of its search space on every problem at the tuning seed;
 * (2) per problem and arm the point with the best final validation metric ({@link Selection}),
 * re-run over the seeds; (3) the analysis ({@link Measures}, {@link PerformanceProfile}) and the
 * report. Trials are ordinary {@link TrialRunner} trials kept by {@link TrialStore} under the
 * resume rules of {@link StoredTrials}, so a killed run resumes and a changed spec is refused.
 */
public final class Benchmark extends Experiment.OfSpec<BenchmarkSpec> {

    /** One arm on one problem: its tuning trials by grid point, the chosen point, its trials over the seeds. */
    public record Tuned(BenchmarkProblem problem, BenchmarkSpec.TunedArm arm, Map<Map<String, Double>, TrialResult> tuning,
                        Selection.Choice choice, List<TrialResult> finals) {
    }

    public Benchmark(BenchmarkSpec spec) {
        super(spec);
    }

    @Override
    public String describe() {
        int grid = spec.arms().stream().mapToInt(a -> a.search().size()).sum();
        return spec.problems().size() + " problems × " + spec.arms().size() + " arms (" + grid + " grid points in all at the "
                + "tuning seed, then " + spec.seeds().size() + " seeds at the chosen point): "
                + spec.problems().size() * (grid + spec.arms().size() * spec.seeds().size()) + " trials";
    }

    /** Every trial this spec can train: the chosen points are known only after tuning, so every point at every seed. */
    private List<Trial> possibleTrials() {
        List<Trial> all = new ArrayList<>();
        for (BenchmarkProblem p : spec.problems()) {
            for (BenchmarkSpec.TunedArm a : spec.arms()) {
                for (Map<String, Double> point : a.search().grid()) {
                    all.add(trial(p, a, point, spec.tuningSeed()));
                    for (long seed : spec.seeds()) {
                        if (seed != spec.tuningSeed()) {
                            all.add(trial(p, a, point, seed));
                        }
                    }
                }
            }
        }
        return all;
    }

    private Trial trial(BenchmarkProblem p, BenchmarkSpec.TunedArm a, Map<String, Double> point, long seed) {
        return new Trial(spec.name(), p.problem(), a.at(p.id(), point), seed);
    }

    @Override
    public void check(Settings settings) throws IOException {
        inspect(settings);
    }

    private TrialStore.Inspection inspect(Settings settings) {
        return StoredTrials.check(spec.name(), possibleTrials(), settings, () -> {
            for (BenchmarkProblem p : spec.problems()) {
                p.data(settings.dataRoot()); // checksums and non-empty parts, before any write
            }
        });
    }

    @Override
    public Path run(Settings settings) throws IOException {
        TrialStore.Inspection inspection = inspect(settings); // nothing has been touched before this passes
        Path dir = settings.resultsRoot().resolve(spec.name());
        Trials trials = new Trials(new TrialStore(dir.resolve("trials")),
                StoredTrials.prepare(new TrialStore(dir.resolve("trials")), inspection, settings), settings);
        Map<String, TrialRunner> runners = new LinkedHashMap<>();
        Map<String, Integer> stepsPerEpoch = new LinkedHashMap<>();
        for (BenchmarkProblem p : spec.problems()) {
            TrainingData data = p.data(settings.dataRoot());
            runners.put(p.id(), p.runner(data));
            int n = data.train().numExamples();
            stepsPerEpoch.put(p.id(), (n + Math.min(p.problem().batchSize(), n) - 1) / Math.min(p.problem().batchSize(), n));
        }
        List<Tuned> tuned = tuneAndRerun(trials, runners);
        Measures measures = Measures.of(spec, tuned, stepsPerEpoch);
        Path report = new BenchmarkReport(spec, tuned, measures, settings.command()).write(dir);
        DeepObsExport.write(dir.resolve("deepobs"), tuned);
        ResultsIndex.write(settings.resultsRoot());
        settings.log().println(trials.ran + " trials run, " + trials.kept + " already finished (kept)");
        return report;
    }

    /** Step 1 (all tuning trials), then step 2 (the chosen point of each problem and arm over the seeds). */
    private List<Tuned> tuneAndRerun(Trials trials, Map<String, TrialRunner> runners) {
        List<Trial> tuning = new ArrayList<>();
        for (BenchmarkProblem p : spec.problems()) {
            for (BenchmarkSpec.TunedArm a : spec.arms()) {
                a.search().grid().forEach(point -> tuning.add(trial(p, a, point, spec.tuningSeed())));
            }
        }
        Map<String, TrialResult> tuned = trials.runAll(tuning, runners);
        List<Trial> finals = new ArrayList<>();
        Map<String, Selection.Choice> choices = new LinkedHashMap<>();
        for (BenchmarkProblem p : spec.problems()) {
            for (BenchmarkSpec.TunedArm a : spec.arms()) {
                Selection.Choice c = Selection.choose(p, a, point -> tuned.get(trial(p, a, point, spec.tuningSeed()).id()));
                choices.put(p.id() + "\n" + a.name(), c);
                spec.seeds().forEach(seed -> finals.add(trial(p, a, c.point(), seed)));
            }
        }
        Map<String, TrialResult> rerun = trials.runAll(finals, runners);
        List<Tuned> out = new ArrayList<>();
        for (BenchmarkProblem p : spec.problems()) {
            for (BenchmarkSpec.TunedArm a : spec.arms()) {
                Map<Map<String, Double>, TrialResult> grid = new LinkedHashMap<>();
                a.search().grid().forEach(point -> grid.put(point, tuned.get(trial(p, a, point, spec.tuningSeed()).id())));
                Selection.Choice c = choices.get(p.id() + "\n" + a.name());
                List<TrialResult> seeds = spec.seeds().stream()
                        .map(seed -> rerun.get(trial(p, a, c.point(), seed).id())).toList();
                out.add(new Tuned(p, a, grid, c, seeds));
            }
        }
        return out;
    }

    /**
     * Runs a list of independent trials, each stored as it finishes, reusing the stored ones (a
     * parallel executor can replace the loop: the trials share nothing but the store).
     */
    private static final class Trials {
        final TrialStore store;
        final Map<String, TrialResult> reusable;
        final Settings settings;
        int ran;
        int kept;

        Trials(TrialStore store, Map<String, TrialResult> reusable, Settings settings) {
            this.store = store;
            this.reusable = reusable;
            this.settings = settings;
        }

        /**
         * Results by trial id, stored ones reused and the rest trained on the run's workers
         * ({@link TrialRuns}); the problem of a trial is the first part of its arm's name.
         */
        Map<String, TrialResult> runAll(List<Trial> list, Map<String, TrialRunner> runners) {
            List<Trial> missing = new ArrayList<>();
            Set<String> seen = new HashSet<>();
            int stored = 0;
            for (Trial t : list) {
                if (!seen.add(t.id())) {
                    continue;
                }
                if (reusable.containsKey(t.id())) {
                    stored++;
                } else {
                    missing.add(t);
                }
            }
            kept += stored;
            reusable.putAll(TrialRuns.train(missing,
                    t -> runners.get(t.arm().name().substring(0, t.arm().name().indexOf('/'))).run(t),
                    store, stored, seen.size(), settings.log(), settings.executor(),
                    r -> r.diverged() ? "DIVERGED" : String.format(Locale.ROOT, "validation %s %.4g",
                            r.metricName(), r.last().validationMetric())));
            ran += missing.size();
            Map<String, TrialResult> out = new LinkedHashMap<>();
            for (Trial t : list) {
                out.put(t.id(), reusable.get(t.id()));
            }
            return out;
        }
    }
}
