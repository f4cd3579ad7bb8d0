package dev.optimlab.bench;

import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The per-arm samples of an interleaved JMH run ({@link ArmCycle}), read back from JMH's JSON:
 * measurement iteration j of a fork ran arm (W + j) mod A, W the warm-up iterations. Each sample
 * is one iteration's mean time per step, keyed by (fork, cycle) so that two arms can be paired
 * within a cycle: adjacent in time, under the same load.
 */
public final class ArmSamples {

    /** Results of one benchmark configuration: every parameter except {@code arms}. */
    public record Group(Map<String, String> params, Map<String, Map<String, Double>> byArm) {

        /** Samples of {@code arm}, keyed by "fork:cycle"; empty if the arm was not run. */
        public Map<String, Double> of(String arm) {
            return byArm.getOrDefault(arm, Map.of());
        }
    }

    private ArmSamples() {
    }

    /** Every group of {@code json} (a JMH result file), in file order. */
    public static List<Group> read(File json) throws IOException {
        List<Group> groups = new ArrayList<>();
        for (JsonNode run : new ObjectMapper().readTree(json)) {
            Map<String, String> params = new TreeMap<>();
            run.path("params").fields().forEachRemaining(e -> params.put(e.getKey(), e.getValue().asText()));
            List<String> arms = ArmCycle.names(params.remove("arms"));
            int warmup = run.path("warmupIterations").asInt();
            Map<String, Map<String, Double>> byArm = new LinkedHashMap<>();
            JsonNode forks = run.path("primaryMetric").path("rawData");
            for (int f = 0; f < forks.size(); f++) {
                JsonNode its = forks.get(f);
                for (int j = 0; j < its.size(); j++) {
                    int k = warmup + j;
                    byArm.computeIfAbsent(arms.get(k % arms.size()), a -> new LinkedHashMap<>())
                            .put(f + ":" + k / arms.size(), its.get(j).asDouble());
                }
            }
            groups.add(new Group(params, byArm));
        }
        return groups;
    }
}
