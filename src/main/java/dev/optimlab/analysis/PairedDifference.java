package dev.optimlab.analysis;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.apache.commons.math3.distribution.BinomialDistribution;
import org.apache.commons.math3.distribution.TDistribution;

/**
 * One arm against a reference arm, paired by seed: the per-seed differences d = arm − reference
 * of a final score, their mean with a 95% Student-t interval, how many seeds the arm was better,
 * worse or tied, the two-sided paired t-test p and the two-sided sign-test p (exact binomial on
 * better vs worse, ties dropped). The t and binomial distributions come from commons-math3.
 *
 * <p>When several arms are compared with one reference, {@link #holm} adjusts the t-test p
 * values (Holm 1979, step-down) and records how many comparisons were made; the verdict is
 * "separated" when the adjusted p is below 0.05. With one comparison that is exactly "the 95%
 * interval excludes 0".
 *
 * @param n seeds where both arms finished (diverged runs are not paired)
 * @param higherIsBetter whether a positive difference means the arm is better (accuracy) or worse (loss)
 * @param adjustedP Holm-adjusted t-test p over {@code comparisons} comparisons (the raw p when alone)
 */
public record PairedDifference(String arm, String reference, int n, double mean, double lower, double upper,
                               int better, int worse, int ties, double tP, double signP, double adjustedP,
                               int comparisons, boolean higherIsBetter) {

    /** The significance level of every verdict. */
    public static final double ALPHA = 0.05;

    public enum Verdict { BETTER, WORSE, NOT_SEPARATED, IDENTICAL }

    /**
     * @param armValues the arm's score per seed, null where it diverged
     * @param referenceValues the reference's score for the same seeds, in the same order
     */
    public static PairedDifference of(String arm, List<Double> armValues, String reference, List<Double> referenceValues,
                                      boolean higherIsBetter) {
        if (armValues.size() != referenceValues.size()) {
            throw new IllegalArgumentException("paired values need one per seed for both arms: " + armValues.size()
                    + " vs " + referenceValues.size());
        }
        List<Double> d = new ArrayList<>();
        int better = 0;
        int worse = 0;
        int ties = 0;
        for (int i = 0; i < armValues.size(); i++) {
            Double a = armValues.get(i);
            Double b = referenceValues.get(i);
            if (a == null || b == null || a.isNaN() || b.isNaN()) {
                continue;
            }
            double diff = a - b;
            d.add(diff);
            if (diff == 0) {
                ties++;
            } else if (diff > 0 == higherIsBetter) {
                better++;
            } else {
                worse++;
            }
        }
        Stats s = Stats.of(d);
        double p = tTestP(s);
        return new PairedDifference(arm, reference, s.n(), s.mean(), s.lower(), s.upper(), better, worse, ties, p,
                signTestP(better, worse), p, 1, higherIsBetter);
    }

    /** Two-sided one-sample t-test of mean 0; a constant non-zero difference is p = 0, all zero p = 1. */
    static double tTestP(Stats s) {
        if (s.n() < 2) {
            return Double.NaN;
        }
        if (s.std() == 0) {
            return s.mean() == 0 ? 1.0 : 0.0;
        }
        double t = s.mean() / (s.std() / Math.sqrt(s.n()));
        return 2 * new TDistribution(null, s.n() - 1).cumulativeProbability(-Math.abs(t));
    }

    /**
     * Exact two-sided sign test of better vs worse seeds (ties dropped): twice the smaller tail of
     * Binomial(better + worse, ½), capped at 1; 1 when there is nothing to count. (commons-math3
     * 3.6.1's {@code BinomialTest} returns p > 1 for some two-sided cases, e.g. 1 of 3.)
     */
    public static double signTestP(int better, int worse) {
        int trials = better + worse;
        if (trials == 0) {
            return 1.0;
        }
        BinomialDistribution b = new BinomialDistribution(null, trials, 0.5);
        int k = Math.min(better, worse);
        return Math.min(1.0, 2 * b.cumulativeProbability(k));
    }

    /** Whether the unadjusted 95% interval excludes 0 (the raw paired t p is below 0.05). */
    public boolean unadjustedSeparated() {
        return tP < ALPHA && !(n > 0 && better == 0 && worse == 0);
    }

    /**
     * Holm's step-down adjustment of the t-test p values of comparisons against one reference:
     * sorted ascending, p₍ᵢ₎ is multiplied by (k − i + 1) and made non-decreasing, capped at 1.
     * Returns the comparisons in their original order with {@code adjustedP} and {@code comparisons} set.
     */
    public static List<PairedDifference> holm(List<PairedDifference> family) {
        int k = family.size();
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < k; i++) {
            order.add(i);
        }
        order.sort(Comparator.comparingDouble(i -> Double.isNaN(family.get(i).tP()) ? 2.0 : family.get(i).tP()));
        double[] adjusted = new double[k];
        double running = 0;
        for (int rank = 0; rank < k; rank++) {
            double p = family.get(order.get(rank)).tP();
            running = Double.isNaN(p) ? Double.NaN : Math.max(running, Math.min(1.0, (k - rank) * p));
            adjusted[order.get(rank)] = running;
        }
        List<PairedDifference> out = new ArrayList<>();
        for (int i = 0; i < k; i++) {
            PairedDifference c = family.get(i);
            out.add(new PairedDifference(c.arm, c.reference, c.n, c.mean, c.lower, c.upper, c.better, c.worse, c.ties,
                    c.tP, c.signP, adjusted[i], k, c.higherIsBetter));
        }
        return out;
    }

    public Verdict verdict() {
        if (n > 0 && better == 0 && worse == 0) {
            return Verdict.IDENTICAL;
        }
        if (Double.isNaN(adjustedP) || adjustedP >= ALPHA) {
            return Verdict.NOT_SEPARATED;
        }
        return mean > 0 == higherIsBetter ? Verdict.BETTER : Verdict.WORSE;
    }

    public boolean separated() {
        return verdict() == Verdict.BETTER || verdict() == Verdict.WORSE;
    }
}
