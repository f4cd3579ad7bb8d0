package dev.optimlab.experiment.benchmark;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import dev.optimlab.report.AtomicFiles;
import dev.optimlab.run.Trial;
import dev.optimlab.run.TrialResult;

/**
 * Every trial of a benchmark in DeepOBS's output layout, so that DeepOBS's analysis tools can read
 * OptimLab runs: {@code PROBLEM/OPTIMIZER/SETTING/random_seed__N.json}, SETTING being
 * {@code num_epochs__E__batch_size__B__KEY__VALUE...} over the searched hyperparameters, each file
 * holding the per-epoch {@code train_losses, valid_losses, test_losses} (and accuracies for
 * classification), the {@code minibatch_train_losses}, {@code optimizer_name},
 * {@code optimizer_hyperparams}, {@code testproblem}, {@code batch_size}, {@code num_epochs},
 * {@code random_seed}. Differences: DeepOBS evaluates also before the first epoch (one more entry
 * per list), and names its files with a time stamp (left out here: same trials, same files). For
 * quadratic-deep the losses are f = ½(θ−x)ᵀQ(θ−x), DeepOBS's loss.
 */
public final class DeepObsExport {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private DeepObsExport() {
    }

    public static void write(Path root, List<Benchmark.Tuned> tuned) throws IOException {
        for (Benchmark.Tuned t : tuned) {
            List<TrialResult> trials = new ArrayList<>(t.tuning().values());
            trials.addAll(t.finals());
            for (TrialResult r : trials) {
                Path file = root.resolve(t.problem().id()).resolve(Trial.fileId(t.arm().name()))
                        .resolve(setting(t.problem(), r, t.arm().search())).resolve("random_seed__" + r.seed() + ".json");
                Files.createDirectories(file.getParent());
                AtomicFiles.write(file, JSON.writeValueAsString(run(t.problem(), r, t.arm().optimizer()))
                        .getBytes(StandardCharsets.UTF_8));
            }
        }
    }

    /** The DeepOBS record of one trial. */
    static Map<String, Object> run(BenchmarkProblem p, TrialResult r, String optimizer) {
        double scale = p.metricScale();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("train_losses", per(r, e -> e.trainLoss(), scale));
        out.put("valid_losses", per(r, e -> e.validationLoss(), scale));
        out.put("test_losses", per(r, e -> e.testLoss(), scale));
        if (p.problem().classification()) {
            out.put("train_accuracies", per(r, e -> e.trainMetric(), 1));
            out.put("valid_accuracies", per(r, e -> e.validationMetric(), 1));
            out.put("test_accuracies", per(r, e -> e.testMetric(), 1));
        }
        out.put("minibatch_train_losses", r.iterationLoss()); // DL4J's score: for quadratic-deep f itself
        out.put("optimizer_name", optimizer);
        out.put("optimizer_hyperparams", r.hyperparameters());
        out.put("testproblem", p.id());
        out.put("batch_size", p.problem().batchSize());
        out.put("num_epochs", p.problem().epochs());
        out.put("random_seed", r.seed());
        out.put("train_log_interval", 1);
        out.put("weight_decay", null);
        out.put("status", r.status());
        return out;
    }

    /** Losses are the problem's data losses; for quadratic-deep scaled to DeepOBS's f. */
    private static List<Double> per(TrialResult r, Function<TrialResult.Epoch, Double> get, double scale) {
        return r.epochs().stream().map(e -> get.apply(e) == null ? null : get.apply(e) * scale).toList();
    }

    private static String setting(BenchmarkProblem p, TrialResult r, SearchSpace search) {
        StringBuilder sb = new StringBuilder("num_epochs__" + p.problem().epochs() + "__batch_size__" + p.problem().batchSize());
        for (String key : search.dimensions().keySet()) {
            sb.append("__").append(key).append("__").append(String.format(Locale.ROOT, "%.4e", r.hyperparameters().get(key)));
        }
        return sb.toString();
    }
}
