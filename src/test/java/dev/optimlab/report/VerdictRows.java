package dev.optimlab.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.commons.math3.distribution.TDistribution;
import org.apache.commons.math3.stat.inference.TTest;

/**
 * One line of a {@code verdicts.csv} recomputed from the two arms' per-seed values, independently
 * of the production code: paired by seed, mean, 95% t interval, better/worse counts, the paired t p
 * from commons-math3's {@code TTest}, the exact sign-test p from binomial coefficients written
 * here, Holm's adjustment by hand, and the verdict from them. Shared by the verdict tests of every
 * report kind.
 */
public final class VerdictRows {

    private VerdictRows() {
    }

    /** The row's numbers recomputed from the per-seed values, and its verdict from its Holm p and sign. */
    public static void checkRow(String what, Map<String, String> r, Map<Long, Double> arm, Map<Long, Double> ref,
                                boolean higher) {
        List<Double> a = new ArrayList<>();
        List<Double> b = new ArrayList<>();
        int better = 0;
        int worse = 0;
        for (Map.Entry<Long, Double> e : arm.entrySet()) {
            Double other = ref.get(e.getKey());
            if (e.getValue() == null || other == null) {
                continue;
            }
            a.add(e.getValue());
            b.add(other);
            double d = e.getValue() - other;
            if (d != 0) {
                if (d > 0 == higher) {
                    better++;
                } else {
                    worse++;
                }
            }
        }
        assertEquals(a.size(), Integer.parseInt(r.get("n")), what);
        double mean = 0;
        for (int i = 0; i < a.size(); i++) {
            mean += (a.get(i) - b.get(i)) / a.size();
        }
        assertEquals(mean, Double.parseDouble(r.get("mean_difference")), 1e-12 * Math.max(1, Math.abs(mean)), what);
        assertEquals(better, Integer.parseInt(r.get("better")), what);
        assertEquals(worse, Integer.parseInt(r.get("worse")), what);
        assertEquals(signTest(better, worse), Double.parseDouble(r.get("sign_p")), 1e-12, what);
        double lo = Double.parseDouble(r.get("ci95_low"));
        double hi = Double.parseDouble(r.get("ci95_high"));
        if (a.size() > 1 && better + worse > 0) {
            double[] d = new double[a.size()];
            for (int i = 0; i < d.length; i++) {
                d[i] = a.get(i) - b.get(i);
            }
            double half = new TDistribution(d.length - 1).inverseCumulativeProbability(0.975) * sd(d) / Math.sqrt(d.length);
            assertEquals(mean - half, lo, 1e-9 * Math.max(1, Math.abs(lo)), what);
            assertEquals(mean + half, hi, 1e-9 * Math.max(1, Math.abs(hi)), what);
            double p = new TTest().pairedTTest(a.stream().mapToDouble(Double::doubleValue).toArray(),
                    b.stream().mapToDouble(Double::doubleValue).toArray());
            if (!Double.isNaN(p)) {
                assertEquals(p, Double.parseDouble(r.get("t_p")), 1e-9, what);
            }
            assertEquals(lo > 0 || hi < 0, Double.parseDouble(r.get("t_p")) < 0.05, "interval vs p: " + what);
        }
        double holm = Double.parseDouble(r.get("holm_p"));
        String expected = better + worse == 0 ? "identical"
                : holm >= 0.05 ? "not_separated" : mean > 0 == higher ? "better" : "worse";
        assertEquals(expected, r.get("verdict"), what);
    }

    private static double sd(double[] d) {
        double m = 0;
        for (double v : d) {
            m += v / d.length;
        }
        double ss = 0;
        for (double v : d) {
            ss += (v - m) * (v - m);
        }
        return Math.sqrt(ss / (d.length - 1));
    }

    /** Exact two-sided sign test: twice the smaller binomial(n, ½) tail, capped at 1; 1 when nothing to count. */
    public static double signTest(int up, int down) {
        int n = up + down;
        if (n == 0) {
            return 1.0;
        }
        double tail = 0;
        double c = 1;
        for (int k = 0; k <= Math.min(up, down); k++) {
            tail += c / Math.pow(2, n);
            c = c * (n - k) / (k + 1);
        }
        return Math.min(1.0, 2 * tail);
    }

    /** Holm's step-down adjustment recomputed over the family's raw p values. */
    public static void checkHolm(List<Map<String, String>> family) {
        int k = family.size();
        List<Map<String, String>> sorted = new ArrayList<>(family);
        sorted.sort((x, y) -> Double.compare(Double.parseDouble(x.get("t_p")), Double.parseDouble(y.get("t_p"))));
        double running = 0;
        for (int i = 0; i < k; i++) {
            Map<String, String> r = sorted.get(i);
            running = Math.max(running, Math.min(1, (k - i) * Double.parseDouble(r.get("t_p"))));
            assertEquals(running, Double.parseDouble(r.get("holm_p")), 1e-12, r.toString());
            assertEquals(k, Integer.parseInt(r.get("comparisons")), r.toString());
        }
    }

    public static List<Map<String, String>> csv(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file);
        String[] header = lines.get(0).split(",", -1);
        List<Map<String, String>> rows = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] cells = line.split(",", -1);
            assertEquals(header.length, cells.length, file + ": " + line);
            Map<String, String> row = new LinkedHashMap<>();
            for (int i = 0; i < header.length; i++) {
                row.put(header[i], cells[i]);
            }
            rows.add(row);
        }
        return rows;
    }
}
