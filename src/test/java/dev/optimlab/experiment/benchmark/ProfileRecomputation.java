package dev.optimlab.experiment.benchmark;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The benchmark score recomputed from {@code final.csv} without the production code: parse the
 * columns by name, take per problem the smallest median steps, and integrate ρ(τ) over [1, 4]
 * numerically (midpoint rule, 300,000 cells) instead of PerformanceProfile's closed form.
 */
public final class ProfileRecomputation {

    private ProfileRecomputation() {
    }

    public static Map<String, Double> scores(List<String> finalCsv) {
        List<String> header = List.of(finalCsv.get(0).split(","));
        int problemCol = header.indexOf("problem");
        int armCol = header.indexOf("arm");
        int stepsCol = header.indexOf("stepsToTarget");
        List<String[]> rows = new ArrayList<>();
        for (String line : finalCsv.subList(1, finalCsv.size())) {
            rows.add(line.split(",", -1));
        }
        Map<String, Double> best = new HashMap<>();
        for (String[] r : rows) {
            double steps = Double.parseDouble(r[stepsCol]);
            best.put(r[problemCol], Math.min(best.getOrDefault(r[problemCol], Double.POSITIVE_INFINITY), steps));
        }
        Map<String, List<Double>> ratios = new TreeMap<>();
        for (String[] r : rows) {
            double b = best.get(r[problemCol]);
            double steps = Double.parseDouble(r[stepsCol]);
            ratios.computeIfAbsent(r[armCol], k -> new ArrayList<>())
                    .add(Double.isInfinite(b) || Double.isInfinite(steps) ? Double.POSITIVE_INFINITY : steps / b);
        }
        int problems = best.size();
        Map<String, Double> out = new TreeMap<>();
        int cells = 300_000;
        double width = 3.0 / cells;
        ratios.forEach((arm, rs) -> {
            double area = 0;
            for (int i = 0; i < cells; i++) {
                double tau = 1 + (i + 0.5) * width;
                int within = 0;
                for (double r : rs) {
                    if (r <= tau) {
                        within++;
                    }
                }
                area += (double) within / problems * width;
            }
            out.put(arm, area / 3);
        });
        return out;
    }
}
