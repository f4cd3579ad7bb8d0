package dev.optimlab.ensemble;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;

import org.junit.jupiter.api.Test;

/**
 * Both stumps find the optimum a brute-force search finds: every feature, every threshold at an
 * observed value, every class (or the least-squares leaf means) — plain loops, no sorting tricks.
 */
class StumpsTest {

    private static double[][] features(Random rng, int n, int d) {
        double[][] x = new double[n][d];
        for (double[] row : x) {
            for (int j = 0; j < d; j++) {
                row[j] = Math.round(rng.nextGaussian() * 4) / 2.0; // ties on purpose
            }
        }
        return x;
    }

    @Test
    void decisionStumpMinimisesWeightedErrorLikeBruteForce() {
        Random rng = new Random(1);
        for (int trial = 0; trial < 30; trial++) {
            int n = 40;
            int k = 2 + trial % 3;
            double[][] x = features(rng, n, 3);
            int[] y = new int[n];
            double[] w = new double[n];
            for (int i = 0; i < n; i++) {
                y[i] = (x[i][trial % 3] > 0 ? 1 : 0) + (rng.nextDouble() < 0.3 ? rng.nextInt(k) : 0);
                y[i] = Math.min(y[i], k - 1);
                w[i] = rng.nextDouble();
            }
            double best = Double.POSITIVE_INFINITY;
            for (int j = 0; j < 3; j++) {
                for (double[] t : x) {
                    for (int l = 0; l < k; l++) {
                        for (int r = 0; r < k; r++) {
                            double err = 0;
                            for (int i = 0; i < n; i++) {
                                int p = x[i][j] <= t[j] ? l : r;
                                err += p != y[i] ? w[i] : 0;
                            }
                            best = Math.min(best, err);
                        }
                    }
                }
            }
            DecisionStump s = DecisionStump.fit(x, y, k, w);
            double err = 0;
            for (int i = 0; i < n; i++) {
                err += s.predict(x[i]) != y[i] ? w[i] : 0;
            }
            assertEquals(best, err, 1e-12, "trial " + trial);
        }
    }

    @Test
    void regressionStumpMinimisesSquaredErrorLikeBruteForce() {
        Random rng = new Random(2);
        for (int trial = 0; trial < 30; trial++) {
            int n = 35;
            int minLeaf = 1 + trial % 4;
            double[][] x = features(rng, n, 3);
            double[] y = new double[n];
            for (int i = 0; i < n; i++) {
                y[i] = Math.sin(x[i][0]) + 0.5 * x[i][1] + rng.nextGaussian() * 0.3;
            }
            double mean = 0;
            for (double v : y) {
                mean += v / n;
            }
            double best = 0;
            for (double v : y) {
                best += (v - mean) * (v - mean);
            }
            for (int j = 0; j < 3; j++) {
                for (double[] t : x) {
                    double sl = 0;
                    double sr = 0;
                    int nl = 0;
                    for (int i = 0; i < n; i++) {
                        if (x[i][j] <= t[j]) {
                            sl += y[i];
                            nl++;
                        } else {
                            sr += y[i];
                        }
                    }
                    if (nl < minLeaf || n - nl < minLeaf) {
                        continue;
                    }
                    double sse = 0;
                    for (int i = 0; i < n; i++) {
                        double p = x[i][j] <= t[j] ? sl / nl : sr / (n - nl);
                        sse += (y[i] - p) * (y[i] - p);
                    }
                    best = Math.min(best, sse);
                }
            }
            RegressionStump s = RegressionStump.fit(x, y, minLeaf);
            double sse = 0;
            for (int i = 0; i < n; i++) {
                sse += (y[i] - s.predict(x[i])) * (y[i] - s.predict(x[i]));
            }
            assertEquals(best, sse, 1e-9, "trial " + trial);
        }
    }
}
