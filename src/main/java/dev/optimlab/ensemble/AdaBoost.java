package dev.optimlab.ensemble;

import java.util.ArrayList;
import java.util.List;

/**
 * Multi-class AdaBoost by SAMME (Zhu, Zou, Rosset &amp; Hastie, "Multi-class AdaBoost",
 * <i>Statistics and Its Interface</i> 2(3):349–360, 2009, Algorithm 2) with decision stumps as
 * weak learners. Starting from wᵢ = 1/n, round m = 1..M:
 * <pre>
 *   T_m   = the stump minimising Σᵢ wᵢ·1(cᵢ ≠ T(xᵢ))
 *   err_m = Σᵢ wᵢ·1(cᵢ ≠ T_m(xᵢ)) / Σᵢ wᵢ
 *   α_m   = η·[ log((1 − err_m)/err_m) + log(K − 1) ]
 *   wᵢ   ← wᵢ·exp(α_m·1(cᵢ ≠ T_m(xᵢ))), then renormalised to sum 1
 *   C(x)  = argmax_k Σ_m α_m·1(T_m(x) = k)
 * </pre>
 * Every later stump is thus fitted to a re-weighted set in which the examples the ensemble got
 * wrong weigh more. The log(K − 1) term is what makes the multi-class version work: a weak
 * learner only has to beat random guessing (err &lt; 1 − 1/K), not 1/2 as in AdaBoost.M1; for
 * K = 2 SAMME is exactly discrete AdaBoost (Freund &amp; Schapire 1997).
 *
 * <p>Hyperparameters: {@code rounds} M (no default: the spec sets it), learning rate η = 1
 * (shrinks every α; scikit-learn's {@code AdaBoostClassifier(algorithm="SAMME")} has the same
 * rule and default). Boosting stops early when a stump is no better than chance
 * (err ≥ 1 − 1/K, α ≤ 0: it could never help) or fits the weighted set perfectly (err = 0: the
 * weights would not change again); err is floored at 1e-10 so that α stays finite.
 */
public final class AdaBoost {

    /** One boosting round: the stump, its weighted error and its vote α. */
    public record Round(DecisionStump stump, double error, double alpha) {
    }

    private final int numClasses;
    private final List<Round> rounds;

    private AdaBoost(int numClasses, List<Round> rounds) {
        this.numClasses = numClasses;
        this.rounds = rounds;
    }

    public static AdaBoost fit(double[][] x, int[] y, int numClasses, int rounds, double learningRate) {
        if (numClasses < 2 || rounds < 1 || !(learningRate > 0)) {
            throw new IllegalArgumentException("adaboost needs K ≥ 2, rounds ≥ 1 and learningRate > 0, got "
                    + numClasses + ", " + rounds + ", " + learningRate);
        }
        SortedColumns columns = new SortedColumns(x);
        int n = y.length;
        double[] w = new double[n];
        java.util.Arrays.fill(w, 1.0 / n);
        List<Round> out = new ArrayList<>();
        for (int m = 0; m < rounds; m++) {
            DecisionStump stump = DecisionStump.fit(columns, y, numClasses, w);
            boolean[] wrong = new boolean[n];
            for (int i = 0; i < n; i++) {
                wrong[i] = stump.predict(x[i]) != y[i];
            }
            double err = weightedError(w, wrong);
            if (err >= 1 - 1.0 / numClasses) {
                break;
            }
            double alpha = alpha(err, numClasses, learningRate);
            out.add(new Round(stump, err, alpha));
            if (err <= 0) {
                break;
            }
            w = reweight(w, wrong, alpha);
        }
        if (out.isEmpty()) {
            throw new IllegalStateException("adaboost: the first stump is no better than chance; nothing to boost");
        }
        return new AdaBoost(numClasses, List.copyOf(out));
    }

    /** err = Σ wᵢ·1(wrongᵢ) / Σ wᵢ. */
    public static double weightedError(double[] w, boolean[] wrong) {
        double bad = 0;
        double all = 0;
        for (int i = 0; i < w.length; i++) {
            all += w[i];
            if (wrong[i]) {
                bad += w[i];
            }
        }
        return bad / all;
    }

    /** α = η·[log((1 − err)/err) + log(K − 1)], with err floored at 1e-10. */
    public static double alpha(double error, int numClasses, double learningRate) {
        double e = Math.max(error, 1e-10);
        return learningRate * (Math.log((1 - e) / e) + Math.log(numClasses - 1));
    }

    /** wᵢ·exp(α·1(wrongᵢ)), renormalised to sum 1 (a new array). */
    public static double[] reweight(double[] w, boolean[] wrong, double alpha) {
        double[] out = new double[w.length];
        double sum = 0;
        for (int i = 0; i < w.length; i++) {
            out[i] = wrong[i] ? w[i] * Math.exp(alpha) : w[i];
            sum += out[i];
        }
        for (int i = 0; i < w.length; i++) {
            out[i] /= sum;
        }
        return out;
    }

    public List<Round> rounds() {
        return rounds;
    }

    public int predict(double[] row) {
        return staged(new double[][] {row}, rounds.size())[rounds.size() - 1][0];
    }

    /**
     * Predictions of the first 1..{@code upTo} rounds: {@code [m][i]} is the class of example i by
     * the vote of rounds 0..m. If boosting stopped early, later stages repeat the last one.
     */
    public int[][] staged(double[][] x, int upTo) {
        int[][] out = new int[upTo][x.length];
        for (int i = 0; i < x.length; i++) {
            double[] votes = new double[numClasses];
            for (int m = 0; m < upTo; m++) {
                if (m < rounds.size()) {
                    Round r = rounds.get(m);
                    votes[r.stump().predict(x[i])] += r.alpha();
                }
                int best = 0;
                for (int k = 1; k < numClasses; k++) {
                    if (votes[k] > votes[best]) {
                        best = k;
                    }
                }
                out[m][i] = best;
            }
        }
        return out;
    }
}
