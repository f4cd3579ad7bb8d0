package dev.optimlab.experiment.comparison;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

import dev.optimlab.problem.Networks;
import dev.optimlab.problem.ProblemData;
import dev.optimlab.problem.Regularizer;
import dev.optimlab.run.RunException;
import dev.optimlab.run.TrainingData;
import dev.optimlab.run.Trial;
import dev.optimlab.run.TrialIdentity;
import dev.optimlab.run.TrialResult;
import dev.optimlab.run.TrialRunner;
import dev.optimlab.run.TrialStore;

/**
 * Compares the stored trials of a comparison spec with what the spec plans, without running
 * anything. A fingerprinted trial must have the plan's fingerprint. A trial written before
 * fingerprints existed is checked on what it does record: optimizer, impl, variant, every
 * hyperparameter and training option and regularizer, seed, the metric (classification or
 * regression), the number of epochs, and the number of minibatch losses, which is epochs ×
 * ⌈training rows / batch size⌉ and so catches changed data sizes, splits and batch sizes, and the
 * hash of the initial parameters (architecture, data type, regularizer layers, seed). Trial
 * files that the plan does not have are listed too.
 */
public final class ResultsCheck {

    private ResultsCheck() {
    }

    /** One line per disagreement; empty when every planned trial is stored and agrees. */
    public static List<String> check(Spec spec, Path resultsRoot, Path dataRoot) throws IOException {
        TrialStore store = new TrialStore(resultsRoot.resolve(spec.name()).resolve("trials"));
        List<Trial> plan = Plan.of(spec);
        ProblemData data = ProblemData.of(spec.problem().data(), dataRoot);
        TrialRunner runner = new TrialRunner(spec.problem(), TrainingData.of(data, Networks.dtype(spec.problem().model())));
        int trainRows = data.train().size();
        int batchesPerEpoch = (trainRows + spec.problem().batchSize() - 1) / spec.problem().batchSize();
        List<String> out = new ArrayList<>();
        Set<String> planned = new HashSet<>();
        for (Trial t : plan) {
            planned.add(t.id() + ".json");
            TrialResult r;
            try {
                r = store.load(t).orElse(null);
            } catch (RunException e) {
                out.add(e.getMessage());
                continue;
            }
            if (r == null) {
                out.add(store.file(t) + ": missing");
            } else if (r.fingerprint() != null) {
                if (!r.fingerprint().equals(t.fingerprint())) {
                    out.add(store.file(t) + ": " + String.join("; ", TrialIdentity.differences(r.fingerprintInputs(),
                            t.fingerprintInputs())));
                }
            } else {
                List<String> d = legacyDifferences(spec, t, r, batchesPerEpoch);
                String init = runner.initialParamsSha256(t);
                if (!init.equals(r.initialParamsSha256())) {
                    d.add("initial parameters differ (architecture, data type, regularizer layers or data width changed)");
                }
                if (!d.isEmpty()) {
                    out.add(store.file(t) + " (no fingerprint): " + String.join("; ", d));
                }
            }
        }
        if (Files.isDirectory(store.dir())) {
            try (Stream<Path> files = Files.list(store.dir())) {
                files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".json") && !planned.contains(n)).sorted()
                        .forEach(n -> out.add(store.dir().resolve(n) + ": not a trial of this spec (left from an earlier spec)"));
            }
        }
        return out;
    }

    private static List<String> legacyDifferences(Spec spec, Trial t, TrialResult r, int batchesPerEpoch) {
        List<String> d = new ArrayList<>();
        String variant = t.arm().impl().equals("dl4j") ? "dl4j-builtin" : t.arm().variant().name().toLowerCase();
        compare(d, "optimizer", r.optimizer(), t.arm().optimizer());
        compare(d, "impl", r.impl(), t.arm().impl());
        compare(d, "variant", r.variant(), variant);
        compare(d, "seed", r.seed(), t.seed());
        compare(d, "metric", r.metricName(), spec.problem().classification() ? "accuracy" : "mse");
        Map<String, Object> stored = new TreeMap<>(r.hyperparameters() == null ? Map.of() : r.hyperparameters());
        Map<String, Object> plannedHp = new TreeMap<>(TrialRunner.recordedHyperparameters(t.arm()));
        TrialIdentity.differences(stored, plannedHp).forEach(x -> d.add("hyperparameters." + x));
        if (!r.diverged()) {
            boolean early = t.arm().regularizer(Regularizer.EARLY_STOPPING).isPresent();
            int epochs = r.epochs().size();
            if (early ? epochs > spec.problem().epochs() : epochs != spec.problem().epochs()) {
                d.add("epochs: " + epochs + " → " + spec.problem().epochs());
            }
            long expected = (long) epochs * batchesPerEpoch;
            if (r.iterationLoss().size() != expected) {
                d.add("minibatches: " + r.iterationLoss().size() + " → " + expected + " (" + epochs + " epochs × "
                        + batchesPerEpoch + "; data size, split or batch size changed)");
            }
        }
        return d;
    }

    private static void compare(List<String> d, String field, Object stored, Object planned) {
        if (!String.valueOf(stored).equals(String.valueOf(planned))) {
            d.add(field + ": " + stored + " → " + planned);
        }
    }
}
