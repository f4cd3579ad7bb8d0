package dev.optimlab.analysis;

import java.util.Random;

/**
 * The dominant Hessian eigenvalue of an {@link Objective} at a point, by power iteration on
 * Hessian-vector products taken as central differences of gradients:
 *
 * <pre>
 *   H v ≈ [∇f(x + h v) − ∇f(x − h v)] / (2h),   ‖v‖ = 1
 *   v_{k+1} = H v_k / ‖H v_k‖,   λ_k = v_kᵀ H v_k   (Rayleigh quotient)
 * </pre>
 *
 * DL4J M2.1 has no exact Hessian-vector product (neither MultiLayerNetwork nor SameDiff), so the
 * finite difference is the only route; in double precision with h = 1e-5 it is symmetric to
 * ~1e-9 relative (DL4J-NOTES §9). The error is O(h²) for smooth losses; across ReLU kinks the
 * difference quotient also picks up the kink, which at h = 1e-5 is rare and small.
 *
 * <p>Power iteration converges to the eigenvalue of largest <em>magnitude</em>. At a (near)
 * minimum the positive curvature dominates, so this is the top eigenvalue used as a sharpness
 * measure (e.g. Keskar et al. 2017, §4; Yao et al., "Hessian-based analysis of large batch
 * training", NeurIPS 2018); a negative result would say the point is not a minimum. The rate is
 * |λ₂/λ₁| per iteration; {@link Result#residual()} reports ‖Hv − λv‖ / |λ| so a caller can see
 * whether the budget was enough.
 *
 * <p>Cost: 2 gradient evaluations per iteration (+2 for the final residual).
 */
public final class HessianPowerIteration {

    /**
     * @param eigenvalue the last Rayleigh quotient vᵀHv
     * @param residual ‖Hv − λv‖ / |λ| at the returned vector (0 for an exact eigenvector)
     * @param iterations Hessian-vector products used in the iteration
     */
    public record Result(double eigenvalue, double residual, int iterations) implements java.io.Serializable {
    }

    private HessianPowerIteration() {
    }

    /**
     * @param iterations number of power steps (≥ 1)
     * @param fdStep finite-difference step h along a unit vector (1e-5 in double)
     * @param seed fixes the random start vector
     */
    public static Result top(Objective f, double[] x, int iterations, double fdStep, long seed) {
        if (iterations < 1) {
            throw new IllegalArgumentException("hessian: iterations must be >= 1, got " + iterations);
        }
        int n = f.dimension();
        Random r = new Random(seed);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = r.nextGaussian();
        }
        normalize(v);
        double lambda = Double.NaN;
        double[] hv = new double[n];
        for (int k = 0; k < iterations; k++) {
            hvp(f, x, v, fdStep, hv);
            lambda = dot(v, hv);
            double norm = Math.sqrt(dot(hv, hv));
            if (norm == 0) {
                return new Result(0.0, 0.0, k + 1);
            }
            for (int i = 0; i < n; i++) {
                v[i] = hv[i] / norm;
            }
        }
        hvp(f, x, v, fdStep, hv);
        lambda = dot(v, hv);
        double res = 0;
        for (int i = 0; i < n; i++) {
            double d = hv[i] - lambda * v[i];
            res += d * d;
        }
        return new Result(lambda, Math.sqrt(res) / Math.abs(lambda), iterations);
    }

    /** H v by central differences of the gradient; {@code out} receives the product. */
    public static void hvp(Objective f, double[] x, double[] v, double h, double[] out) {
        int n = x.length;
        double[] p = new double[n];
        double[] gPlus = new double[n];
        double[] gMinus = new double[n];
        for (int i = 0; i < n; i++) {
            p[i] = x[i] + h * v[i];
        }
        f.valueAndGradient(p, gPlus);
        for (int i = 0; i < n; i++) {
            p[i] = x[i] - h * v[i];
        }
        f.valueAndGradient(p, gMinus);
        for (int i = 0; i < n; i++) {
            out[i] = (gPlus[i] - gMinus[i]) / (2 * h);
        }
    }

    static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    private static void normalize(double[] v) {
        double norm = Math.sqrt(dot(v, v));
        for (int i = 0; i < v.length; i++) {
            v[i] /= norm;
        }
    }
}
