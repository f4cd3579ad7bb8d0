package dev.optimlab.analysis;

/**
 * The 1-D linear slice of a loss between two parameter vectors (Goodfellow, Vinyals &amp; Saxe,
 * "Qualitatively characterizing neural network optimization problems", ICLR 2015; used for
 * small- vs large-batch solutions by Keskar et al., ICLR 2017, Fig. 3):
 *
 * <pre>
 *   f(α) = f((1 − α) a + α b),   α on an even grid; α = 0 is a, α = 1 is b
 * </pre>
 *
 * Values outside [0, 1] extrapolate past each end, which is where a sharp minimizer shows up
 * as a steep wall and a flat one as a gentle slope.
 */
public final class Interpolation {

    private Interpolation() {
    }

    /** {@code points} evenly spaced values from {@code from} to {@code to}, both included. */
    public static double[] grid(double from, double to, int points) {
        if (points < 2 || !(to > from)) {
            throw new IllegalArgumentException("interpolation: need points >= 2 and to > from, got "
                    + points + " points on [" + from + ", " + to + "]");
        }
        double[] a = new double[points];
        for (int i = 0; i < points; i++) {
            a[i] = from + (to - from) * i / (points - 1);
        }
        return a;
    }

    /** f((1 − α) a + α b) for each α. */
    public static double[] losses(Objective f, double[] a, double[] b, double[] alphas) {
        double[] out = new double[alphas.length];
        double[] w = new double[a.length];
        for (int k = 0; k < alphas.length; k++) {
            double t = alphas[k];
            for (int i = 0; i < a.length; i++) {
                w[i] = (1 - t) * a[i] + t * b[i];
            }
            out[k] = f.value(w);
        }
        return out;
    }
}
