package dev.optimlab.bench;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The markdown of {@link TrialLoopBenchmark}: per-trial and per-step times, ratios to the bare loop, targets. */
final class TrialLoopTable {

    private static final String BARE = "dl4j/fit+eval";

    private TrialLoopTable() {
    }

    static String render(List<ArmSamples.Group> groups, RunInfo run, Path json) {
        StringBuilder md = new StringBuilder(BenchmarkTable.header("Trial loop: the suite's trial vs bare DL4J loops (float32)",
                "One whole trial of the lecture's exercise (`" + TrialLoopBenchmark.SPEC + "`, arm `" + TrialLoopBenchmark.ARM
                        + "`, seed 1: 1-32-1 tanh network,\n" + TrialLoopBenchmark.STEPS_PER_EPOCH
                        + " minibatches of 20 an epoch) per operation, network built, trained and evaluated, every arm in one\n"
                        + "JVM alternating trial by trial (`TrialLoopBenchmark`, JMH single-shot). `suite/trial` is `TrialRunner.run`;\n"
                        + "`dl4j/fit+eval` the bare DL4J loop doing the same work (`fit` per minibatch, `score` of train,\n"
                        + "validation and test each epoch); `dl4j/fit` without evaluation; the other `dl4j/*` arms are the bare\n"
                        + "loop with evaluation under one DL4J setting changed. Per-step time = trial time / steps. OMP_NUM_THREADS=1.",
                run, json));
        StringBuilder targets = new StringBuilder("\n## Targets (issue 16, item 5)\n\n| target | measured | verdict |\n|---|---|---|\n");
        for (ArmSamples.Group g : groups) {
            int epochs = Integer.parseInt(g.params().get("epochs"));
            int steps = epochs * TrialLoopBenchmark.STEPS_PER_EPOCH;
            md.append(String.format("%n## %d epochs (%,d steps a trial)%n%n", epochs, steps));
            md.append("| arm | ms / trial | ms / step | / " + BARE + " |\n|---|---:|---:|---:|\n");
            for (String arm : g.byArm().keySet()) {
                Interval perStep = Interval.mean(scaled(g.of(arm), 1.0 / steps));
                md.append("| ").append(arm).append(" | ").append(BenchmarkTable.ms(Interval.mean(g.of(arm)))).append(" | ")
                        .append(BenchmarkTable.ms(perStep)).append(" | ")
                        .append(arm.equals(BARE) ? "1" : BenchmarkTable.ratio(Interval.ratio(g.of(arm), g.of(BARE)))).append(" |\n");
            }
            Interval loop = Interval.ratio(g.of("suite/trial"), g.of(BARE));
            Interval suiteStep = Interval.mean(scaled(g.of("suite/trial"), 1.0 / steps));
            Interval bareStep = Interval.mean(scaled(g.of("dl4j/fit"), 1.0 / steps));
            targets.append(String.format("| suite/trial ≤ 1.2 × %s | %s | %s |%n", BARE, BenchmarkTable.ratio(loop),
                    BenchmarkTable.verdict(loop, 1.2)));
            targets.append(String.format("| suite/trial ≤ 1.0 ms a step | %s | %s |%n", BenchmarkTable.ms(suiteStep),
                    BenchmarkTable.verdict(suiteStep, 1.0)));
            targets.append(String.format("| dl4j/fit ≤ 1.0 ms a step | %s | %s |%n", BenchmarkTable.ms(bareStep),
                    BenchmarkTable.verdict(bareStep, 1.0)));
        }
        return md.append(targets).toString();
    }

    private static Map<String, Double> scaled(Map<String, Double> samples, double factor) {
        Map<String, Double> out = new LinkedHashMap<>();
        samples.forEach((k, v) -> out.put(k, v * factor));
        return out;
    }
}
