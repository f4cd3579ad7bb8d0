package dev.optimlab.analysis;

import java.util.Random;

/**
 * Keskar's sharpness metric φ (Keskar, Mudigere, Nocedal, Smelyanskiy &amp; Tang, "On Large-Batch
 * Training for Deep Learning: Generalization Gap and Sharp Minima", ICLR 2017, §2.2.2, Metric 2.1):
 * the largest relative loss increase within a small box around x, in per cent.
 *
 * <pre>
 *   φ(x, f, ε, A) = 100 · ( max_{y ∈ C_ε} f(x + A y) − f(x) ) / (1 + f(x))
 *   full space:  A = I,   C_ε = { z ∈ ℝⁿ : |z_i| ≤ ε (|x_i| + 1) }
 *   subspace:    A ∈ ℝ^{n×p} random,   C_ε = { y ∈ ℝᵖ : |y_i| ≤ ε (|(A⁺x)_i| + 1) }
 * </pre>
 *
 * The box is scaled by |x_i| + 1 so the metric does not change when a layer's weights are
 * rescaled much (the "+1" keeps zero weights perturbable). The paper maximises with L-BFGS-B for
 * 10 iterations; here the maximisation is projected sign-gradient ascent (the L∞-box PGD of
 * adversarial training): y ← Π_C(y + η r ⊙ sign(Aᵀ∇f(x + A y))) from y = 0, with r the box
 * half-widths and η = {@value #STEP_FRACTION}, keeping the best value seen. It needs only
 * gradients (DL4J gives them), is invariant to the gradient's scale, and reaches a vertex of the
 * box in 1/η steps — where the maximum of a convex function over a box always lies. Like
 * L-BFGS-B on a non-convex loss it finds a lower bound of the true maximum; more steps can only
 * raise it, never lower it, and since y = 0 is evaluated φ ≥ 0.
 *
 * <p>Subspace version: A has i.i.d. N(0, 1/p) entries (fixed by a seed) so that a vertex of the
 * y-box moves each coordinate of x by about ε, as in the full-space box; the paper leaves the
 * distribution of A open. A⁺x = (AᵀA)⁻¹Aᵀx is computed by a Cholesky solve (p × p).
 */
public final class Sharpness {

    /** Fraction of the box half-width moved per ascent step. */
    public static final double STEP_FRACTION = 0.25;

    /**
     * @param phi Keskar's φ in per cent
     * @param f0 f(x)
     * @param fMax the largest f found in the box
     * @param subspaceDim p for the random-subspace version, 0 for the full space
     */
    public record Result(double epsilon, int subspaceDim, double phi, double f0, double fMax)
            implements java.io.Serializable {
    }

    private Sharpness() {
    }

    /** φ over the full parameter space, with {@code steps} ascent steps. */
    public static Result full(Objective f, double[] x, double epsilon, int steps) {
        int n = x.length;
        double[] fs = ascend(f, n, radii(x, epsilon), steps, new Embedding() {
            @Override
            public void point(double[] y, double[] w) {
                for (int i = 0; i < n; i++) {
                    w[i] = x[i] + y[i];
                }
            }

            @Override
            public void pullBack(double[] grad, double[] gy) {
                System.arraycopy(grad, 0, gy, 0, n);
            }
        });
        return new Result(epsilon, 0, phi(fs[0], fs[1]), fs[0], fs[1]);
    }

    /** The half-widths ε·(|c| + 1) of the box around each coordinate {@code c} of the point. */
    private static double[] radii(double[] c, double epsilon) {
        double[] r = new double[c.length];
        for (int i = 0; i < c.length; i++) {
            r[i] = epsilon * (Math.abs(c[i]) + 1);
        }
        return r;
    }

    /** φ over a random p-dimensional subspace (A fixed by {@code seed}), with {@code steps} ascent steps. */
    public static Result subspace(Objective f, double[] x, double epsilon, int p, int steps, long seed) {
        int n = x.length;
        if (p < 1 || p > n) {
            throw new IllegalArgumentException("sharpness: subspace dimension must be in [1, " + n + "], got " + p);
        }
        double[][] a = randomColumns(n, p, seed);
        double[] fs = ascend(f, n, radii(pseudoInverseTimes(a, x), epsilon), steps, new Embedding() {
            @Override
            public void point(double[] y, double[] w) {
                System.arraycopy(x, 0, w, 0, n);
                for (int j = 0; j < p; j++) {
                    double yj = y[j];
                    double[] col = a[j];
                    for (int i = 0; i < n; i++) {
                        w[i] += col[i] * yj;
                    }
                }
            }

            @Override
            public void pullBack(double[] grad, double[] gy) {
                for (int j = 0; j < p; j++) {
                    gy[j] = HessianPowerIteration.dot(a[j], grad); // (Aᵀ∇f)_j
                }
            }
        });
        return new Result(epsilon, p, phi(fs[0], fs[1]), fs[0], fs[1]);
    }

    /** Where the box's coordinates y live in parameter space: the full space (w = x + y) or a subspace (w = x + A·y). */
    private interface Embedding {
        /** w = the parameters at box coordinates y. */
        void point(double[] y, double[] w);

        /** gy = the gradient ∇f at w as seen from the box coordinates (∇f itself, or Aᵀ∇f). */
        void pullBack(double[] grad, double[] gy);
    }

    /**
     * The projected sign ascent both versions run: at each of {@code steps} + 1 points of the box
     * |y_j| ≤ r_j, f and ∇f are evaluated, and y_j moves by a fraction of r_j in the sign of the
     * pulled-back gradient. Returns {f at the centre (y = 0), the largest f seen}.
     */
    private static double[] ascend(Objective f, int n, double[] r, int steps, Embedding embedding) {
        double[] grad = new double[n];
        double[] w = new double[n];
        double[] y = new double[r.length];
        double[] gy = new double[r.length];
        double f0 = Double.NaN;
        double best = Double.NEGATIVE_INFINITY;
        for (int k = 0; k <= steps; k++) {
            embedding.point(y, w);
            double v = f.valueAndGradient(w, grad);
            if (k == 0) {
                f0 = v;
            }
            best = Math.max(best, v);
            embedding.pullBack(grad, gy);
            for (int j = 0; j < y.length; j++) {
                y[j] = clip(y[j] + STEP_FRACTION * r[j] * sign(gy[j]), r[j]);
            }
        }
        return new double[] {f0, best};
    }

    /** 100 (fMax − f0) / (1 + f0). */
    public static double phi(double f0, double fMax) {
        return 100 * (fMax - f0) / (1 + f0);
    }

    /** The columns of A (p arrays of length n), entries N(0, 1/p). */
    static double[][] randomColumns(int n, int p, long seed) {
        Random rng = new Random(seed);
        double s = 1 / Math.sqrt(p);
        double[][] a = new double[p][n];
        for (int j = 0; j < p; j++) {
            for (int i = 0; i < n; i++) {
                a[j][i] = s * rng.nextGaussian();
            }
        }
        return a;
    }

    /** A⁺x = (AᵀA)⁻¹ Aᵀx for A of full column rank, given by its columns. */
    static double[] pseudoInverseTimes(double[][] a, double[] x) {
        int p = a.length;
        double[][] g = new double[p][p];
        double[] b = new double[p];
        for (int j = 0; j < p; j++) {
            b[j] = HessianPowerIteration.dot(a[j], x);
            for (int k = 0; k <= j; k++) {
                g[j][k] = HessianPowerIteration.dot(a[j], a[k]);
                g[k][j] = g[j][k];
            }
        }
        // Cholesky G = L Lᵀ, then two triangular solves.
        double[][] l = new double[p][p];
        for (int j = 0; j < p; j++) {
            double d = g[j][j];
            for (int k = 0; k < j; k++) {
                d -= l[j][k] * l[j][k];
            }
            if (!(d > 0)) {
                throw new IllegalArgumentException("sharpness: the random subspace matrix is rank deficient");
            }
            l[j][j] = Math.sqrt(d);
            for (int i = j + 1; i < p; i++) {
                double s = g[i][j];
                for (int k = 0; k < j; k++) {
                    s -= l[i][k] * l[j][k];
                }
                l[i][j] = s / l[j][j];
            }
        }
        double[] z = new double[p];
        for (int i = 0; i < p; i++) {
            double s = b[i];
            for (int k = 0; k < i; k++) {
                s -= l[i][k] * z[k];
            }
            z[i] = s / l[i][i];
        }
        double[] c = new double[p];
        for (int i = p - 1; i >= 0; i--) {
            double s = z[i];
            for (int k = i + 1; k < p; k++) {
                s -= l[k][i] * c[k];
            }
            c[i] = s / l[i][i];
        }
        return c;
    }

    /** sign with sign(0) = +1: at an exact stationary point the ascent still leaves y = 0 (for a convex f any vertex beats the centre). */
    private static double sign(double g) {
        return g < 0 ? -1 : 1;
    }

    private static double clip(double v, double r) {
        return Math.max(-r, Math.min(r, v));
    }
}
