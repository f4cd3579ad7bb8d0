package dev.optimlab.bench;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/** The markdown of {@code UpdaterStepBenchmark}: one section per n, targets at the end. */
final class UpdaterTable {

    /** The rules whose arithmetic is the limit row's (Adam's moments and ε-placement). */
    private static final Set<String> LIMIT_FAMILY = Set.of("adam", "lamb", "radam");

    private UpdaterTable() {
    }

    static String render(List<ArmSamples.Group> groups, RunInfo run, Path json) {
        StringBuilder md = new StringBuilder(BenchmarkTable.header("Updater step: OptimLab vs DL4J (float32)",
                "One `GradientUpdater.applyUpdater` call on a contiguous FLOAT gradient of n parameters, every arm in\n"
                        + "one JVM per n, the arms alternating iteration by iteration (`ArmCycle`). OptimLab arms are the registry's\n"
                        + "classes with their defaults (`Variant.PAPER`); DL4J arms are DL4J 1.0.0-M2.1's built-in twins. The\n"
                        + "gradient is reset before every step, outside the timing. Baselines: `limit/adam` is Adam's float\n"
                        + "arithmetic as one plain fused loop over heap `float[]` (no copies, no native memory), `axpy/blas` is\n"
                        + "ND4J's BLAS saxpy. OMP_NUM_THREADS=1: native ops on one thread, like the Java loops.",
                run, json));
        StringBuilder targets = BenchmarkTable.targets("n", "---:");
        for (ArmSamples.Group g : groups) {
            int n = Integer.parseInt(g.params().get("n"));
            md.append(String.format("%n## n = %,d%n%n", n));
            md.append("| optimizer | OptimLab ms/step | DL4J ms/step | OptimLab / DL4J twin | OptimLab / DL4J Adam | OptimLab / limit |\n");
            md.append("|---|---:|---:|---:|---:|---:|\n");
            for (String name : BenchmarkTable.names(g, "optimlab")) {
                md.append(row(g, name));
            }
            for (String baseline : List.of("limit/adam", "axpy/blas")) {
                if (!g.of(baseline).isEmpty()) {
                    md.append("| ").append(baseline).append(" (baseline) | ")
                            .append(BenchmarkTable.ms(Interval.mean(g.of(baseline)))).append(" | | | | |\n");
                }
            }
            targets.append(targets(g, n));
        }
        return md.append(targets).toString();
    }

    private static String row(ArmSamples.Group g, String name) {
        var ours = g.of(name + "/optimlab");
        var twin = g.of(name + "/dl4j");
        return "| " + name + " | " + BenchmarkTable.ms(Interval.mean(ours)) + " | "
                + (twin.isEmpty() ? "– (no twin)" : BenchmarkTable.ms(Interval.mean(twin))) + " | "
                + BenchmarkTable.ratio(Interval.ratio(ours, twin)) + " | "
                + BenchmarkTable.ratio(Interval.ratio(ours, g.of("adam/dl4j"))) + " | "
                + (LIMIT_FAMILY.contains(name) ? BenchmarkTable.ratio(Interval.ratio(ours, g.of("limit/adam"))) : "–")
                + " |\n";
    }

    private static String targets(ArmSamples.Group g, int n) {
        StringBuilder t = new StringBuilder();
        if (n >= 10_000_000) {
            // every elementwise rule without a DL4J twin, the frontier ones included, is held against DL4J's Adam
            for (String name : List.of("radam", "lion", "lamb", "adan", "schedule-free-adamw", "schedule-free-sgd", "prodigy")) {
                t.append(target(name + " ≤ 0.5 × DL4J Adam", n, Interval.ratio(g.of(name + "/optimlab"), g.of("adam/dl4j")), 0.5));
            }
        }
        t.append(target("sgd ≤ 1.0 × DL4J Sgd", n, Interval.ratio(g.of("sgd/optimlab"), g.of("sgd/dl4j")), 1.0));
        t.append(target("adam ≤ 1.25 × limit", n, Interval.ratio(g.of("adam/optimlab"), g.of("limit/adam")), 1.25));
        return t.toString();
    }

    private static String target(String what, int n, Interval i, double bound) {
        return String.format("| %s | %,d | %s | %s |%n", what, n, BenchmarkTable.ratio(i), BenchmarkTable.verdict(i, bound));
    }
}
