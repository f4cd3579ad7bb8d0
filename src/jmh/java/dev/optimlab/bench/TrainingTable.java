package dev.optimlab.bench;

import java.nio.file.Path;
import java.util.List;

/** The markdown of {@link TrainingStepBenchmark}: one section per network, targets at the end. */
final class TrainingTable {

    private TrainingTable() {
    }

    static String render(List<ArmSamples.Group> groups, RunInfo run, Path json) {
        StringBuilder md = new StringBuilder(BenchmarkTable.header("Training step: OptimLab vs DL4J twins (float32)",
                "Milliseconds per `MultiLayerNetwork.fit(DataSet)` on one fixed minibatch (forward, backward, updater,\n"
                        + "update), every arm its own network from the same seed, all arms in one JVM per network alternating\n"
                        + "iteration by iteration (`TrainingStepBenchmark`). Twins: DL4J's Adam, Nesterovs and RmsProp; `adamw`\n"
                        + "against DL4J's Adam + `WeightDecay(0.01, applyLR)`; lion, lamb and radam (no twin) against DL4J's Adam.\n"
                        + "Networks: mlp-256 = 784-256-256-10 at batch 64, mlp-1024 = 784-1024-1024-10 at batch 128, cnn = the\n"
                        + "regularization-ablation CNN (conv 8, 16 + pooling, dense 64) at batch 32. OMP_NUM_THREADS=1.",
                run, json));
        StringBuilder targets = BenchmarkTable.targets("network", "---");
        for (ArmSamples.Group g : groups) {
            String network = g.params().get("network");
            md.append("\n## ").append(network).append("\n\n");
            md.append("| optimizer | OptimLab ms/step | held against | its ms/step | OptimLab / it |\n|---|---:|---|---:|---:|\n");
            for (String name : BenchmarkTable.names(g, "optimlab")) {
                String twin = g.of(name + "/dl4j").isEmpty() ? "adam/dl4j" : name + "/dl4j";
                Interval r = Interval.ratio(g.of(name + "/optimlab"), g.of(twin));
                md.append("| ").append(name).append(" | ").append(BenchmarkTable.ms(Interval.mean(g.of(name + "/optimlab"))))
                        .append(" | ").append(twin).append(" | ").append(BenchmarkTable.ms(Interval.mean(g.of(twin))))
                        .append(" | ").append(BenchmarkTable.ratio(r)).append(" |\n");
                double bound = name.equals("adam") ? 0.85 : 1.0;
                targets.append(String.format("| %s ≤ %.2f × %s | %s | %s | %s |%n", name, bound, twin, network,
                        BenchmarkTable.ratio(r), BenchmarkTable.verdict(r, bound)));
            }
        }
        return md.append(targets).toString();
    }
}
