package dev.optimlab.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.commons.math3.distribution.TDistribution;

/**
 * A mean with its two-sided 99.9% Student-t interval, over the per-cycle samples of an arm, and
 * the paired ratio of two arms: the geometric mean of their per-cycle ratios (same fork, same
 * cycle) with the 99.9% interval of the mean log ratio. An interval containing 1 is "no
 * difference detected at n = k cycles".
 */
public record Interval(double estimate, double low, double high, int k) {

    public static final double LEVEL = 0.999;

    /** Mean and 99.9% interval of {@code samples}; null when there are fewer than two. */
    public static Interval mean(Map<String, Double> samples) {
        return of(new ArrayList<>(samples.values()), false);
    }

    /** Geometric-mean ratio a/b over the cycles both ran, with its 99.9% interval; null if < 2 pairs. */
    public static Interval ratio(Map<String, Double> a, Map<String, Double> b) {
        List<Double> logs = new ArrayList<>();
        a.forEach((cycle, x) -> {
            Double y = b.get(cycle);
            if (y != null) {
                logs.add(Math.log(x / y));
            }
        });
        return of(logs, true);
    }

    private static Interval of(List<Double> xs, boolean exp) {
        int k = xs.size();
        if (k < 2) {
            return null;
        }
        double mean = xs.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        double ss = xs.stream().mapToDouble(x -> (x - mean) * (x - mean)).sum();
        double half = new TDistribution(k - 1).inverseCumulativeProbability(0.5 + LEVEL / 2) * Math.sqrt(ss / (k - 1) / k);
        return exp ? new Interval(Math.exp(mean), Math.exp(mean - half), Math.exp(mean + half), k)
                : new Interval(mean, mean - half, mean + half, k);
    }

    /** "12.345 ± 0.678" with {@code digits} decimals. */
    public String plusMinus(int digits) {
        String f = "%." + digits + "f";
        return String.format(f + " ± " + f, estimate, (high - low) / 2);
    }

    /** "0.45 [0.41, 0.49]"; a bound beyond 1000 (too few or too noisy cycles) reads "&gt;999". */
    public String bracketed() {
        return String.format("%.2f [%.2f, %s]", estimate, low, high > 999 ? ">999" : String.format("%.2f", high));
    }
}
