package dev.optimlab.experiment.convolution;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.nd4j.linalg.api.buffer.DataType;

import dev.optimlab.data.Datasets;
import dev.optimlab.optim.Variant;
import dev.optimlab.problem.Problem;
import dev.optimlab.problem.ProblemData;
import dev.optimlab.report.ResultsIndex;
import dev.optimlab.run.Arm;
import dev.optimlab.run.TrainingData;
import dev.optimlab.run.Trial;
import dev.optimlab.run.TrialResult;
import dev.optimlab.run.TrialRunner;
import dev.optimlab.run.TrialRuns;
import dev.optimlab.run.TrialStore;
import dev.optimlab.experiment.Experiment;
import dev.optimlab.experiment.StoredTrials;

/**
 * Runs a {@code kind: convolution} spec: for every data set and model, one trial per learning
 * rate at the tuning seed, the rate with the best final validation accuracy (ties: lower
 * validation loss), then that rate over every seed. Trials are {@link TrialRunner} trials stored
 * by {@link TrialStore} (a killed run resumes); the report compares the families paired by seed.
 */
public final class ConvolutionExperiment extends Experiment.OfSpec<ConvolutionSpec> {

    /** One model on one data set: its tuning trials, the chosen rate, its trials over the seeds. */
    public record ModelRun(ConvolutionSpec.DataSet dataSet, ConvolutionSpec.Model model, Map<Double, TrialResult> tuning,
                           double chosenLr, List<TrialResult> trials) {

        public Problem problem() {
            return ConvolutionExperiment.problem(dataSet, model);
        }
    }


    public ConvolutionExperiment(ConvolutionSpec spec) {
        super(spec);
    }

    @Override
    public String describe() {
        int models = spec.datasets().stream().mapToInt(d -> d.models().size()).sum();
        return models + " models on " + spec.datasets().size() + " data sets × (" + spec.learningRates().size()
                + " learning rates at the tuning seed + " + spec.seeds().size() + " seeds"
                + (spec.seeds().contains(spec.tuningSeed()) ? ", the tuning seed among them)" : ")");
    }

    static Problem problem(ConvolutionSpec.DataSet d, ConvolutionSpec.Model m) {
        return new Problem(d.data(), m.network(), "mcxent", d.epochs(), d.batchSize());
    }

    /**
     * Every trial this spec can train (each model at each rate and seed: the chosen rate is only
     * known after tuning, so every rate's trials are inspected). Stored ones must carry this plan's
     * fingerprint; missing ones are fine.
     */
    private List<Trial> possibleTrials() {
        List<Trial> all = new ArrayList<>();
        for (ConvolutionSpec.DataSet d : spec.datasets()) {
            for (ConvolutionSpec.Model m : d.models()) {
                for (double lr : spec.learningRates()) {
                    all.add(new Trial(spec.name(), problem(d, m), arm(d, m, lr), spec.tuningSeed()));
                    for (long seed : spec.seeds()) {
                        if (seed != spec.tuningSeed()) {
                            all.add(new Trial(spec.name(), problem(d, m), arm(d, m, lr), seed));
                        }
                    }
                }
            }
        }
        return all;
    }

    /** The same checks as a comparison's, made before anything is deleted or written. */
    @Override
    public void check(Settings settings) throws IOException {
        inspect(settings);
    }

    private TrialStore.Inspection inspect(Settings settings) {
        return StoredTrials.check(spec.name(), possibleTrials(), settings, () -> {
            for (ConvolutionSpec.DataSet d : spec.datasets()) {
                ProblemData.of(d.data(), settings.dataRoot()); // checksums and non-empty splits, before any write
            }
        });
    }

    @Override
    public Path run(Settings settings) throws IOException {
        TrialStore.Inspection inspection = inspect(settings); // nothing has been touched before this passes
        Path dir = settings.resultsRoot().resolve(spec.name());
        TrialStore store = new TrialStore(dir.resolve("trials"));
        Map<String, TrialResult> reusable = StoredTrials.prepare(store, inspection, settings);
        long start = System.nanoTime();
        List<ModelRun> runs = new ArrayList<>();
        Map<ConvolutionSpec.DataSet, ProblemData> data = new LinkedHashMap<>();
        for (ConvolutionSpec.DataSet d : spec.datasets()) {
            ProblemData pd = ProblemData.of(d.data(), settings.dataRoot());
            data.put(d, pd);
            TrainingData td = TrainingData.of(pd, DataType.FLOAT);
            for (ConvolutionSpec.Model m : d.models()) {
                runs.add(runModel(d, m, td, store, reusable, settings));
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        Path report = new ConvolutionReport(spec, runs, data, settings.command(), seconds).write(dir);
        ResultsIndex.write(settings.resultsRoot());
        return report;
    }

    private ModelRun runModel(ConvolutionSpec.DataSet d, ConvolutionSpec.Model m, TrainingData data, TrialStore store,
                              Map<String, TrialResult> reusable, Settings settings) {
        TrialRunner runner = new TrialRunner(problem(d, m), data);
        List<Trial> tuningTrials = spec.learningRates().stream()
                .map(lr -> new Trial(spec.name(), runner.problem(), arm(d, m, lr), spec.tuningSeed())).toList();
        List<TrialResult> tuned = trials(runner, store, reusable, tuningTrials, settings);
        Map<Double, TrialResult> tuning = new LinkedHashMap<>();
        for (int i = 0; i < tuned.size(); i++) {
            tuning.put(spec.learningRates().get(i), tuned.get(i));
        }
        double chosen = choose(tuning);
        List<TrialResult> trials = trials(runner, store, reusable, spec.seeds().stream()
                .map(seed -> new Trial(spec.name(), runner.problem(), arm(d, m, chosen), seed)).toList(), settings);
        return new ModelRun(d, m, tuning, chosen, trials);
    }

    /**
     * The selection rule: highest final validation accuracy at the tuning seed, ties broken by the
     * lower validation loss, then the smaller rate; diverged trials are never chosen (if all
     * diverged, the smallest rate).
     */
    static double choose(Map<Double, TrialResult> tuning) {
        Comparator<Map.Entry<Double, TrialResult>> byAccuracy = Comparator.comparingDouble(
                e -> e.getValue().last().validationMetric());
        Comparator<Map.Entry<Double, TrialResult>> byLoss = Comparator.comparingDouble(
                e -> -e.getValue().last().validationLoss());
        Comparator<Map.Entry<Double, TrialResult>> bySmallerRate = Comparator.comparingDouble(e -> -e.getKey());
        return tuning.entrySet().stream()
                .filter(e -> !e.getValue().diverged() && e.getValue().last() != null)
                .max(byAccuracy.thenComparing(byLoss).thenComparing(bySmallerRate))
                .map(Map.Entry::getKey)
                .orElse(tuning.keySet().stream().min(Double::compare).orElseThrow());
    }

    private Arm arm(ConvolutionSpec.DataSet d, ConvolutionSpec.Model m, double lr) {
        String name = d.data().source() + "/" + m.label() + "/lr" + lr;
        return new Arm(name, spec.optimizer(), "optimlab", Variant.PAPER, Map.of("lr", lr));
    }

    /**
     * The stored results of {@code planned} (checked against the plan's fingerprint), the others
     * trained now on the run's workers and stored; in the order of {@code planned}.
     */
    private List<TrialResult> trials(TrialRunner runner, TrialStore store, Map<String, TrialResult> reusable,
                                     List<Trial> planned, Settings settings) {
        List<Trial> missing = planned.stream().filter(t -> !reusable.containsKey(t.id())).toList();
        Map<String, TrialResult> trained = TrialRuns.train(missing, runner::run, store, planned.size() - missing.size(),
                planned.size(), settings.log(), settings.executor(), r -> r.diverged() ? "DIVERGED"
                        : String.format(Locale.ROOT, "validation accuracy %.4f, test accuracy %.4f",
                        r.last().validationMetric(), r.last().testMetric()));
        return planned.stream().map(t -> reusable.getOrDefault(t.id(), trained.get(t.id()))).toList();
    }

    /** {channels, height, width} of a data set's images. */
    static int[] image(ConvolutionSpec.DataSet d) {
        return Datasets.imageShape(d.data().source());
    }
}
