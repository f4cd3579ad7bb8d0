package dev.optimlab.experiment.benchmark;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Performance profiles (Dolan &amp; Moré 2002) over the problems, as AlgoPerf scores them: for
 * problem p and arm a the ratio r(p, a) = t(p, a) / min over arms of t(p, ·), t the median steps to
 * the target (∞ when missed; a problem no arm solved gives every arm r = ∞);
 * ρ_a(τ) = the fraction of problems with r(p, a) ≤ τ; and the score = ∫₁⁴ ρ_a(τ) dτ / 3. Since ρ
 * is a step function, the integral is exact: each problem adds (4 − max(1, r)) / 3 when r ≤ 4.
 *
 * @param ratios per arm, its ratio on each problem (in problem order)
 * @param scores per arm, the score in [0, 1]
 */
public record PerformanceProfile(List<String> problems, Map<String, double[]> ratios, Map<String, Double> scores) {

    public static final double TAU_MAX = 4;

    public static PerformanceProfile of(List<Measures.Row> rows) {
        Set<String> problems = new LinkedHashSet<>();
        Set<String> arms = new LinkedHashSet<>();
        rows.forEach(r -> {
            problems.add(r.problem());
            arms.add(r.arm());
        });
        Map<String, Double> best = new LinkedHashMap<>();
        for (Measures.Row r : rows) {
            best.merge(r.problem(), r.stepsToTarget(), Math::min);
        }
        List<String> ps = new ArrayList<>(problems);
        Map<String, double[]> ratios = new LinkedHashMap<>();
        arms.forEach(a -> ratios.put(a, filled(ps.size())));
        for (Measures.Row r : rows) {
            double b = best.get(r.problem());
            ratios.get(r.arm())[ps.indexOf(r.problem())] = Double.isInfinite(b) ? Double.POSITIVE_INFINITY : r.stepsToTarget() / b;
        }
        Map<String, Double> scores = new LinkedHashMap<>();
        ratios.forEach((a, rs) -> {
            double sum = 0;
            for (double r : rs) {
                sum += r <= TAU_MAX ? (TAU_MAX - Math.max(1, r)) / (TAU_MAX - 1) : 0;
            }
            scores.put(a, sum / rs.length);
        });
        return new PerformanceProfile(ps, ratios, scores);
    }

    private static double[] filled(int n) {
        double[] d = new double[n];
        java.util.Arrays.fill(d, Double.POSITIVE_INFINITY); // an arm without a row on a problem never solved it
        return d;
    }

    /** ρ_a(τ): the fraction of problems on which {@code arm} is within a factor τ of the best. */
    public double rho(String arm, double tau) {
        double[] rs = ratios.get(arm);
        int within = 0;
        for (double r : rs) {
            within += r <= tau ? 1 : 0;
        }
        return (double) within / rs.length;
    }
}
