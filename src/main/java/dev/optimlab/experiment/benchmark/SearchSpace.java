package dev.optimlab.experiment.benchmark;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.optimlab.experiment.SpecNode;

/**
 * The hyperparameters an arm is tuned over: each a list of values, either a log-spaced range
 * ({@code lr: {log: [1e-4, 1], points: 9}}) or explicit ({@code beta1: {values: [0.9, 0.95]}}); the
 * search is the full grid (every combination), so its budget is the product of the sizes.
 */
public record SearchSpace(Map<String, List<Double>> dimensions) {

    public SearchSpace {
        dimensions = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(dimensions));
    }

    /** {@code points} values from {@code lo} to {@code hi}, evenly spaced in log10, both ends included. */
    public static List<Double> logGrid(double lo, double hi, int points) {
        List<Double> out = new ArrayList<>();
        if (points == 1) {
            out.add(lo);
            return out;
        }
        double a = Math.log10(lo);
        double step = (Math.log10(hi) - a) / (points - 1);
        for (int i = 0; i < points; i++) {
            // rounded to 12 significant digits so that 10^-3 is 0.001 in names and files, not 0.0010000000000000002
            out.add(Double.parseDouble(String.format(java.util.Locale.ROOT, "%.12g", Math.pow(10, a + i * step))));
        }
        return out;
    }

    /** Every combination of the dimensions' values (the last dimension varies fastest). */
    public List<Map<String, Double>> grid() {
        List<Map<String, Double>> out = new ArrayList<>();
        out.add(new LinkedHashMap<>());
        for (Map.Entry<String, List<Double>> d : dimensions.entrySet()) {
            List<Map<String, Double>> next = new ArrayList<>();
            for (Map<String, Double> partial : out) {
                for (double v : d.getValue()) {
                    Map<String, Double> m = new LinkedHashMap<>(partial);
                    m.put(d.getKey(), v);
                    next.add(m);
                }
            }
            out = next;
        }
        return out;
    }

    public int size() {
        return dimensions.values().stream().mapToInt(List::size).reduce(1, (a, b) -> a * b);
    }

    /** The dimensions (of more than one value) whose chosen value is the smallest or largest searched. */
    public List<String> atEdge(Map<String, Double> chosen) {
        List<String> out = new ArrayList<>();
        dimensions.forEach((k, values) -> {
            double min = values.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
            double max = values.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
            Double v = chosen.get(k);
            if (values.size() > 1 && v != null && (v == min || v == max)) {
                out.add(k + (v == min ? " at the lower edge" : " at the upper edge"));
            }
        });
        return out;
    }

    /** A short label of one grid point, used in arm and file names: {@code lr0.001}, {@code lr0.01_beta10.9}. */
    public static String label(Map<String, Double> point) {
        List<String> parts = new ArrayList<>();
        point.forEach((k, v) -> parts.add(k + dev.optimlab.report.Markdown.num(v)));
        return String.join("_", parts);
    }

    /** Parses {@code {KEY: {log: [lo, hi], points: N} | {values: [...]}}}. */
    static SearchSpace parse(SpecNode node) {
        Map<String, List<Double>> dims = new LinkedHashMap<>();
        for (String key : node.keys()) {
            SpecNode d = node.get(key);
            List<Double> values = new ArrayList<>();
            if (d.has("log")) {
                List<SpecNode> range = d.get("log").list();
                if (range.size() != 2) {
                    throw d.get("log").error("must be [low, high], got " + range.size() + " numbers");
                }
                double lo = range.get(0).number();
                double hi = range.get(1).number();
                if (!(lo > 0 && hi > lo)) {
                    throw d.get("log").error("needs 0 < low < high, got [" + lo + ", " + hi + "]");
                }
                values.addAll(logGrid(lo, hi, d.integer("points", 8, 1, 1000)));
            } else if (d.has("values")) {
                for (SpecNode v : d.get("values").list()) {
                    if (values.contains(v.number())) {
                        throw v.error("duplicate value " + v.number());
                    }
                    values.add(v.number());
                }
            } else {
                throw d.error("needs log: [low, high] with points: N, or values: [...]");
            }
            d.rejectUnknownKeys();
            if (values.isEmpty()) {
                throw d.error("needs at least one value");
            }
            dims.put(key, values);
        }
        if (dims.isEmpty()) {
            throw node.error("needs at least one hyperparameter to search");
        }
        return new SearchSpace(dims);
    }
}
