package dev.optimlab.optim;

import dev.optimlab.optim.References.Hp;
import dev.optimlab.optim.References.Stepper;

/**
 * The references of the frontier optimizers whose state is more than elementwise moments:
 * Prodigy's global distance estimate and the schedule-free averaging, as plain double loops
 * written from the authors' reference code ({@code prodigyopt/prodigy.py};
 * {@code adamw_schedulefree_reference.py} and {@code sgd_schedulefree_reference.py} in
 * facebookresearch/schedule_free), started at w0 like the code under test.
 */
final class FrontierReferences {

    private FrontierReferences() {
    }

    /**
     * prodigyopt/prodigy.py (defaults for the options not ported), one parameter group holding
     * the whole block, so its global sums run over every tensor.
     */
    static Stepper prodigy(Hp h, double[] w0) {
        double lr = h.get("lr");
        double b1 = h.get("beta1");
        double b2 = h.get("beta2");
        double eps = h.get("epsilon");
        double d0 = h.get("d0");
        double dCoef = h.get("dCoef");
        double growthRate = h.get("growthRate");
        int n = w0.length;
        double[] p0 = w0.clone();
        double[] m = new double[n];
        double[] v = new double[n];
        double[] s = new double[n];
        double beta3 = Math.sqrt(b2);
        double[] dState = {d0, d0, 0}; // d, d_max, the numerator's running sum
        return (t, g, p) -> {
            double d = dState[0];
            double dlr = d * lr;
            double delta = 0;
            double dDenom = 0;
            for (int i = 0; i < n; i++) {
                delta += (d / d0) * dlr * g[i] * (p0[i] - p[i]);
                m[i] = b1 * m[i] + d * (1 - b1) * g[i];
                v[i] = b2 * v[i] + d * d * (1 - b2) * g[i] * g[i];
                s[i] = beta3 * s[i] + (d / d0) * dlr * g[i];
                dDenom += Math.abs(s[i]);
            }
            double global = dState[2] * beta3 + delta;
            double dHat = dCoef * global / dDenom;
            if (d == d0) {
                d = Math.max(d, dHat);
            }
            dState[1] = Math.max(dState[1], dHat);
            d = Math.min(dState[1], d * growthRate);
            dState[0] = d;
            dState[2] = global;
            for (int i = 0; i < n; i++) {
                double denom = Math.sqrt(v[i]) + d * eps;
                p[i] -= b1 > 0 ? dlr * m[i] / denom : dlr * d * g[i] / denom;
            }
        };
    }

    /** The step on z of one schedule-free rule, at 0-based step k with the warmed-up rate. */
    @FunctionalInterface
    interface ZStep {
        void apply(int k, double lrK, double[] g, double[] y, double[] z);
    }

    /**
     * The schedule-free averaging common to both reference files: the parameters are y, the
     * gradient is taken there; x is the averaged point a network is evaluated at.
     */
    static final class ScheduleFree implements Stepper {
        private final ZStep zStep;
        private final double lr;
        private final int warmup;
        private final double r;
        private final double power;
        private final double interpolation;
        private final double[] z;
        private final double[] x;
        private double lrMax = -1;
        private double weightSum = 0;

        ScheduleFree(Hp h, double interpolation, double[] w0, ZStep zStep) {
            this.zStep = zStep;
            this.lr = h.get("lr");
            this.warmup = (int) h.get("warmupSteps");
            this.r = h.get("r");
            this.power = h.get("weightLrPower");
            this.interpolation = interpolation;
            this.z = w0.clone();
            this.x = w0.clone();
        }

        @Override
        public void step(int t, double[] g, double[] y) {
            int k = t - 1;
            double lrK = lr * (k < warmup ? (k + 1) / (double) warmup : 1.0);
            lrMax = Math.max(lrK, lrMax);
            double weight = Math.pow(k + 1, r) * Math.pow(lrMax, power);
            weightSum += weight;
            double ckp1 = weightSum == 0 ? 0 : weight / weightSum;
            zStep.apply(k, lrK, g, y, z);
            for (int i = 0; i < y.length; i++) {
                x[i] = (1 - ckp1) * x[i] + ckp1 * z[i];
                y[i] = interpolation * x[i] + (1 - interpolation) * z[i];
            }
        }

        double[] x() {
            return x.clone();
        }
    }

    /** adamw_schedulefree_reference.py: decay at y, no inner momentum, bias-corrected v. */
    static ScheduleFree scheduleFreeAdamW(Hp h, double[] w0) {
        double b2 = h.get("beta2");
        double eps = h.get("epsilon");
        double wd = h.get("weightDecay");
        double[] v = new double[w0.length];
        return new ScheduleFree(h, h.get("beta1"), w0, (k, lrK, g, y, z) -> {
            double bc2 = 1 - Math.pow(b2, k + 1);
            for (int i = 0; i < z.length; i++) {
                z[i] -= lrK * wd * y[i];
                v[i] = b2 * v[i] + (1 - b2) * g[i] * g[i];
                z[i] -= lrK * g[i] / (Math.sqrt(v[i] / bc2) + eps);
            }
        });
    }

    /** sgd_schedulefree_reference.py: z −= γ_k·(g + λ·y). */
    static ScheduleFree scheduleFreeSgd(Hp h, double[] w0) {
        double wd = h.get("weightDecay");
        return new ScheduleFree(h, h.get("momentum"), w0, (k, lrK, g, y, z) -> {
            for (int i = 0; i < z.length; i++) {
                z[i] -= lrK * (g[i] + wd * y[i]);
            }
        });
    }
}
