package dev.optimlab.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

import dev.optimlab.optim.UpdaterStepBenchmark;

/**
 * Runs the interleaved benchmarks and writes their tables ({@code src/jmh/run-benchmarks.sh} is
 * the one command). For each size or network one JMH fork runs every arm, alternating them
 * iteration by iteration ({@link ArmCycle}): one warm-up cycle, then {@code cycles} measured
 * cycles. JSON, run record and table go to {@code results/benchmarks/}.
 *
 * <pre>
 *   BenchmarkSuite [updater] [training] [trial-loop] [--quick] [--out DIR] [--arms "a/x b/y ..."] [--cycles K] [--sizes "n ..."]
 * </pre>
 *
 * {@code --arms} replaces the arms of the benchmarks it runs (a subset for a development run);
 * {@code --cycles} the number of measured cycles (default 8); {@code --sizes} keeps only the
 * updater sizes listed (of 100000, 1000000, 10000000).
 *
 * Budget on a quiet 2-core machine: updater about 4 minutes, training about 3, trial-loop about 3
 * (not part of the default run: {@code trial-loop} names it); {@code --quick} (a few
 * seconds per configuration, 2 cycles, 100k and 1M only, mlp-256 only) is for trying code, not for
 * numbers.
 */
public final class BenchmarkSuite {

    /** Iteration time in ms per updater size: long enough for a few steps of the slowest arm. */
    private static final int[][] SIZES = {{100_000, 100}, {1_000_000, 200}, {10_000_000, 500}};
    private static final String[] NETWORKS = {"mlp-256", "mlp-1024", "cnn"};
    private static final int CYCLES = 8;

    private BenchmarkSuite() {
    }

    public static void main(String[] args) throws IOException, RunnerException {
        List<String> a = List.of(args);
        boolean quick = a.contains("--quick");
        int o = a.indexOf("--out");
        Path out = Path.of(o >= 0 ? a.get(o + 1) : "results/benchmarks");
        boolean all = !a.contains("updater") && !a.contains("training") && !a.contains("trial-loop");
        String command = "src/jmh/run-benchmarks.sh " + String.join(" ", args.length == 0 ? new String[0] : quoted(args));
        int arms = a.indexOf("--arms");
        int cyclesAt = a.indexOf("--cycles");
        int cycles = cyclesAt >= 0 ? Integer.parseInt(a.get(cyclesAt + 1)) : quick ? 2 : CYCLES;
        int sizesAt = a.indexOf("--sizes");
        List<String> sizes = sizesAt >= 0 ? List.of(a.get(sizesAt + 1).trim().split("\\s+")) : null;
        Files.createDirectories(out);
        if (all || a.contains("updater")) {
            List<ChainedOptionsBuilder> runs = new ArrayList<>();
            for (int[] s : SIZES) {
                boolean chosen = sizes == null ? !quick || s[0] < 10_000_000 : sizes.contains(Integer.toString(s[0]));
                if (chosen) {
                    runs.add(options(arms >= 0 ? a.get(arms + 1) : UpdaterStepBenchmark.ALL_ARMS, quick ? 50 : s[1], cycles)
                            .include(UpdaterStepBenchmark.class.getName() + ".step")
                            .param("n", Integer.toString(s[0])));
                }
            }
            if (runs.isEmpty()) {
                System.err.println("--sizes: none of " + sizes + " is a benchmark size (100000, 1000000, 10000000)");
                System.exit(2);
            }
            run("updater", runs, out.resolve("updater-step.json"), command, quick);
        }
        if (all || a.contains("training")) {
            List<ChainedOptionsBuilder> runs = new ArrayList<>();
            for (String net : quick ? new String[] {"mlp-256"} : NETWORKS) {
                runs.add(options(arms >= 0 ? a.get(arms + 1) : TrainingStepBenchmark.ALL_ARMS, quick ? 100 : 500, cycles)
                        .include(TrainingStepBenchmark.class.getName() + ".step")
                        .param("network", net));
            }
            run("training", runs, out.resolve("training-step.json"), command, quick);
        }
        if (a.contains("trial-loop")) {
            run("trial-loop", List.of(options(arms >= 0 ? a.get(arms + 1) : TrialLoopBenchmark.ALL_ARMS, 1, cycles)
                    .include(TrialLoopBenchmark.class.getName() + ".trial")
                    .param("epochs", quick ? "10" : "300")), out.resolve("trial-loop.json"), command, quick);
        }
    }

    private static ChainedOptionsBuilder options(String arms, int iterationMs, int cycles) {
        int n = ArmCycle.names(arms).size();
        return new OptionsBuilder()
                .param("arms", arms)
                .forks(1)
                .warmupIterations(n) // one cycle: every arm compiled and its state past its first steps
                .warmupTime(TimeValue.milliseconds(iterationMs))
                .measurementIterations(n * cycles)
                .measurementTime(TimeValue.milliseconds(iterationMs))
                .jvmArgsAppend("-Xmx2g", "-Dorg.bytedeco.javacpp.maxbytes=6g", "-Dorg.bytedeco.javacpp.maxphysicalbytes=10g")
                .shouldFailOnError(true);
    }

    private static String[] quoted(String[] args) {
        String[] q = args.clone();
        for (int i = 0; i < q.length; i++) {
            q[i] = q[i].contains(" ") ? "\"" + q[i] + "\"" : q[i];
        }
        return q;
    }

    /** Runs every configuration, merges their JSON into {@code json}, writes the run record and the table. */
    private static void run(String kind, List<ChainedOptionsBuilder> runs, Path json, String command, boolean quick)
            throws IOException, RunnerException {
        RunInfo info = RunInfo.begin(command);
        ObjectMapper mapper = new ObjectMapper();
        ArrayNode merged = mapper.createArrayNode();
        String settings = null;
        for (ChainedOptionsBuilder b : runs) {
            Path part = Files.createTempFile("jmh-" + kind, ".json");
            var opts = b.resultFormat(ResultFormatType.JSON).result(part.toString()).build();
            settings = "1.37, mode avgt, 1 fork per configuration, " + opts.getWarmupIterations().get() + " warm-up + "
                    + opts.getMeasurementIterations().get() + " measured iterations (one cycle = one iteration per arm)"
                    + (quick ? "; QUICK development run, not for numbers" : "")
                    + (command.contains("--arms") ? "; development run on a subset of the arms" : "");
            new Runner(opts).run();
            mapper.readTree(part.toFile()).forEach(merged::add);
            Files.delete(part);
        }
        info.set("jmh", settings);
        mapper.writerWithDefaultPrettyPrinter().writeValue(json.toFile(), merged);
        info.end().write(BenchmarkTable.runFile(json));
        BenchmarkTable.write(kind, json, json.resolveSibling(json.getFileName().toString().replace(".json", ".md")));
    }
}
