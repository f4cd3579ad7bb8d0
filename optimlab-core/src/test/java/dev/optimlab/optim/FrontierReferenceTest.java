package dev.optimlab.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.function.BiFunction;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.IUpdater;

/**
 * The frontier optimizers (Adan, Nadam with PyTorch's momentum decay, Schedule-Free AdamW/SGD,
 * Prodigy) against plain double-precision loops written from the papers and the authors'
 * reference code (named in each class's Javadoc), over ≥ 150 steps of a fixed random gradient
 * sequence. Hyperparameters other than lr are set away from their defaults and from each other,
 * so that a swapped or ignored one turns a test red. Hooked optimizers run over one merged block
 * of two tensors as DL4J's updater block would ({@link TensorBlock}).
 */
class FrontierReferenceTest {

    private static final int STEPS = 150;
    private static final double TOL = 1e-12;
    private static final int[][] SHAPES = {{3, 4}, {2, 5}};
    private static final int N = 22;

    private static void assertClose(String what, double[][] actual, double[][] expected) {
        double err = UpdateSequence.maxAbsDiff(actual, expected);
        System.out.println(what + ": max |Δ| = " + err);
        assertTrue(err <= TOL, what + ": max |Δ| = " + err);
    }

    @Test
    void adanMatchesReferenceCodeWithProximalDecay() {
        double lr = 0.01;
        double b1 = 0.9;
        double b2 = 0.8;
        double b3 = 0.95;
        double eps = 1e-6;
        double wd = 0.3;
        double[] w0 = TensorBlock.initial(N, 21);
        double[][] g = UpdateSequence.gradients(STEPS, N, 22);
        // sail-sg/Adan _single_tensor_adan, no_prox=False, written out per element
        double[] w = w0.clone();
        double[] m = new double[N];
        double[] d = new double[N];
        double[] n = new double[N];
        double[] negPrev = new double[N];
        double[][] expected = new double[STEPS][];
        for (int t = 1; t <= STEPS; t++) {
            double bc1 = 1 - Math.pow(b1, t);
            double bc2 = 1 - Math.pow(b2, t);
            double bc3 = Math.sqrt(1 - Math.pow(b3, t));
            for (int i = 0; i < N; i++) {
                double gi = g[t - 1][i];
                if (t == 1) {
                    negPrev[i] = -gi;
                }
                double diff = negPrev[i] + gi;
                m[i] = b1 * m[i] + (1 - b1) * gi;
                d[i] = b2 * d[i] + (1 - b2) * diff;
                double z = b2 * diff + gi;
                n[i] = b3 * n[i] + (1 - b3) * z * z;
                double denom = Math.sqrt(n[i]) / bc3 + eps;
                w[i] -= lr / bc1 * m[i] / denom;
                w[i] -= lr * b2 / bc2 * d[i] / denom;
                w[i] /= 1 + lr * wd;
                negPrev[i] = -gi;
            }
            expected[t - 1] = w.clone();
        }
        Map<String, Double> hp = Map.of("lr", lr, "beta1", b1, "beta2", b2, "beta3", b3, "epsilon", eps,
                "weightDecay", wd);
        assertClose("adan", TensorBlock.trajectory(Optimizers.updaterPart("adan", hp),
                Optimizers.parameterHooks("adan", hp), SHAPES, w0, g), expected);
    }

    @Test
    void nadamWithMomentumDecayMatchesPytorchNadam() {
        double lr = 0.01;
        double b1 = 0.85;
        double b2 = 0.99;
        double eps = 1e-6;
        for (double psi : new double[] {Nadam.PYTORCH_MOMENTUM_DECAY, 0.05}) {
            double[][] g = UpdateSequence.gradients(STEPS, 19, 23);
            double[] m = new double[19];
            double[] v = new double[19];
            double[] muProduct = {1};
            // torch/optim/nadam.py, _single_tensor_nadam, per element
            double[][] expected = UpdateSequence.reference(g, (t, gt, u) -> {
                double bc2 = 1 - Math.pow(b2, t);
                double mu = b1 * (1 - 0.5 * Math.pow(0.96, t * psi));
                double muNext = b1 * (1 - 0.5 * Math.pow(0.96, (t + 1) * psi));
                muProduct[0] *= mu;
                double muProductNext = muProduct[0] * muNext;
                for (int i = 0; i < gt.length; i++) {
                    m[i] = b1 * m[i] + (1 - b1) * gt[i];
                    v[i] = b2 * v[i] + (1 - b2) * gt[i] * gt[i];
                    double denom = Math.sqrt(v[i] / bc2) + eps;
                    u[i] = lr * (1 - mu) / (1 - muProduct[0]) * gt[i] / denom
                            + lr * muNext / (1 - muProductNext) * m[i] / denom;
                }
            });
            IUpdater nadam = Optimizers.updaterPart("nadam",
                    Map.of("lr", lr, "beta1", b1, "beta2", b2, "epsilon", eps, "momentumDecay", psi));
            assertClose("nadam psi=" + psi, UpdateSequence.updates(nadam, g, DataType.DOUBLE), expected);
        }
    }

    @Test
    void nadamWithoutMomentumDecayIsUnchangedAndDl4jVariantRefusesIt() {
        double[][] g = UpdateSequence.gradients(20, 7, 24);
        assertEquals(new Nadam(0.01), Optimizers.updaterPart("nadam", Map.of("lr", 0.01, "momentumDecay", 0.0)));
        double[][] constant = UpdateSequence.updates(new Nadam(0.01), g, DataType.DOUBLE);
        double[][] decayed = UpdateSequence.updates(
                Optimizers.updaterPart("nadam", Map.of("lr", 0.01, "momentumDecay", 0.004)), g, DataType.DOUBLE);
        assertTrue(UpdateSequence.maxAbsDiff(constant, decayed) > 1e-4, "the schedule must change the updates");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Optimizers.updaterPart("nadam", Map.of("momentumDecay", 0.004), Variant.DL4J));
        assertTrue(e.getMessage().contains("momentumDecay"), e.getMessage());
    }

    /**
     * Parameters (y) after every step of a schedule-free updater driven as one DL4J block, its
     * state started at {@code w0}; the last row is x after the last step.
     */
    static double[][] scheduleFreeTrajectory(IUpdater config, double[] w0, double[][] g, DataType dtype) {
        int n = w0.length;
        INDArray params = Nd4j.createFromArray(w0.clone()).castTo(dtype);
        GradientUpdater<?> u = config.instantiate(Nd4j.zeros(dtype, config.stateSize(n)), true);
        ScheduleFreeUpdater.State<?> state = (ScheduleFreeUpdater.State<?>) u;
        state.start(params);
        double[][] out = new double[g.length + 1][];
        for (int t = 0; t < g.length; t++) {
            INDArray grad = Nd4j.createFromArray(g[t].clone()).castTo(dtype);
            u.applyUpdater(grad, t, 0);
            params.subi(grad);
            out[t] = params.castTo(DataType.DOUBLE).toDoubleVector();
        }
        out[g.length] = state.x().castTo(DataType.DOUBLE).toDoubleVector();
        return out;
    }

    /** adamw_schedulefree_reference.py (decay at y, no inner momentum): y after every step, then x. */
    static double[][] scheduleFreeAdamWReference(double[] w0, double[][] g, double lr, double b1, double b2,
                                                 double eps, double wd, int warmup, double r, double power) {
        int n = w0.length;
        double[] z = w0.clone();
        double[] x = w0.clone();
        double[] y = w0.clone();
        double[] v = new double[n];
        double lrMax = -1;
        double weightSum = 0;
        double[][] out = new double[g.length + 1][];
        for (int k = 0; k < g.length; k++) {
            double sched = k < warmup ? (k + 1) / (double) warmup : 1.0;
            double bc2 = 1 - Math.pow(b2, k + 1);
            double lrK = lr * sched;
            lrMax = Math.max(lrK, lrMax);
            double weight = Math.pow(k + 1, r) * Math.pow(lrMax, power);
            weightSum += weight;
            double ckp1 = weightSum == 0 ? 0 : weight / weightSum;
            for (int i = 0; i < n; i++) {
                z[i] -= lrK * wd * y[i];
                v[i] = b2 * v[i] + (1 - b2) * g[k][i] * g[k][i];
                z[i] -= lrK * g[k][i] / (Math.sqrt(v[i] / bc2) + eps);
                x[i] = (1 - ckp1) * x[i] + ckp1 * z[i];
                y[i] = b1 * x[i] + (1 - b1) * z[i];
            }
            out[k] = y.clone();
        }
        out[g.length] = x.clone();
        return out;
    }

    @Test
    void scheduleFreeAdamWMatchesReferenceImplementation() {
        double lr = 0.02;
        double b1 = 0.8;
        double b2 = 0.95;
        double eps = 1e-6;
        double wd = 0.2;
        int warmup = 10;
        double r = 1.0;
        double power = 1.5;
        double[] w0 = TensorBlock.initial(N, 25);
        double[][] g = UpdateSequence.gradients(STEPS, N, 26);
        double[][] expected = scheduleFreeAdamWReference(w0, g, lr, b1, b2, eps, wd, warmup, r, power);
        IUpdater sf = Optimizers.updaterPart("schedule-free-adamw", Map.of("lr", lr, "beta1", b1, "beta2", b2,
                "epsilon", eps, "weightDecay", wd, "warmupSteps", (double) warmup, "r", r, "weightLrPower", power));
        assertClose("schedule-free-adamw (y per step, then x)", scheduleFreeTrajectory(sf, w0, g, DataType.DOUBLE),
                expected);
    }

    /** sgd_schedulefree_reference.py: y after every step, then x. */
    static double[][] scheduleFreeSgdReference(double[] w0, double[][] g, double lr, double momentum, double wd,
                                               int warmup, double r, double power) {
        int n = w0.length;
        double[] z = w0.clone();
        double[] x = w0.clone();
        double[] y = w0.clone();
        double lrMax = -1;
        double weightSum = 0;
        double[][] out = new double[g.length + 1][];
        for (int k = 0; k < g.length; k++) {
            double lrK = lr * (k < warmup ? (k + 1) / (double) warmup : 1.0);
            lrMax = Math.max(lrK, lrMax);
            double weight = Math.pow(k + 1, r) * Math.pow(lrMax, power);
            weightSum += weight;
            double ckp1 = weightSum == 0 ? 0 : weight / weightSum;
            for (int i = 0; i < n; i++) {
                z[i] -= lrK * (g[k][i] + wd * y[i]);
                x[i] = (1 - ckp1) * x[i] + ckp1 * z[i];
                y[i] = momentum * x[i] + (1 - momentum) * z[i];
            }
            out[k] = y.clone();
        }
        out[g.length] = x.clone();
        return out;
    }

    @Test
    void scheduleFreeSgdMatchesReferenceImplementation() {
        double lr = 0.05;
        double momentum = 0.7;
        double wd = 0.3;
        int warmup = 7;
        double r = 0.5;
        double power = 3.0;
        double[] w0 = TensorBlock.initial(N, 27);
        double[][] g = UpdateSequence.gradients(STEPS, N, 28);
        double[][] expected = scheduleFreeSgdReference(w0, g, lr, momentum, wd, warmup, r, power);
        IUpdater sf = Optimizers.updaterPart("schedule-free-sgd", Map.of("lr", lr, "momentum", momentum,
                "weightDecay", wd, "warmupSteps", (double) warmup, "r", r, "weightLrPower", power));
        assertClose("schedule-free-sgd (y per step, then x)", scheduleFreeTrajectory(sf, w0, g, DataType.DOUBLE),
                expected);
    }

    /** The float tiles against the double loops, over 2500 parameters (two full tiles and a remainder). */
    @Test
    void scheduleFreeFloatTilesAgreeWithDoubleLoops() {
        double[] w0 = TensorBlock.initial(2500, 29);
        double[][] g = UpdateSequence.gradients(30, 2500, 30);
        for (String name : new String[] {"schedule-free-adamw", "schedule-free-sgd"}) {
            IUpdater sf = Optimizers.updaterPart(name, Map.of("lr", 0.01, "weightDecay", 0.1, "warmupSteps", 5.0));
            double err = UpdateSequence.maxRelDiff(scheduleFreeTrajectory(sf, w0, g, DataType.FLOAT),
                    scheduleFreeTrajectory(sf, w0, g, DataType.DOUBLE));
            System.out.println(name + ": float vs double, max rel |Δw| = " + err);
            assertTrue(err <= 1e-5, name + ": float vs double, max rel |Δw| = " + err);
        }
    }

    @Test
    void scheduleFreeRefusesToStepUnstartedAndRefusesSchedules() {
        IUpdater sf = Optimizers.updaterPart("schedule-free-adamw", Map.of());
        GradientUpdater<?> u = sf.instantiate(Nd4j.zeros(DataType.DOUBLE, sf.stateSize(3)), true);
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> u.applyUpdater(Nd4j.ones(DataType.DOUBLE, 3), 0, 0));
        assertTrue(e.getMessage().contains("ScheduleFree.start"), e.getMessage());
        IllegalArgumentException s = assertThrows(IllegalArgumentException.class,
                () -> sf.setLrAndSchedule(0.1, new org.nd4j.linalg.schedule.ExponentialSchedule(
                        org.nd4j.linalg.schedule.ScheduleType.ITERATION, 0.1, 0.99)));
        assertTrue(s.getMessage().contains("schedule"), s.getMessage());
        IllegalArgumentException w = assertThrows(IllegalArgumentException.class,
                () -> Optimizers.updaterPart("schedule-free-sgd", Map.of("warmupSteps", 2.5)));
        assertTrue(w.getMessage().contains("warmupSteps"), w.getMessage());
    }

    /**
     * prodigyopt/prodigy.py (defaults for the options not ported), one parameter group holding
     * both tensors, so its global sums run over the whole block: parameters after every step.
     */
    static double[][] prodigyReference(double[] w0, int steps, BiFunction<double[], Integer, double[]> gradient, double lr, double b1, double b2, double eps,
                                       double d0, double dCoef, double growthRate) {
        int n = w0.length;
        double[] p = w0.clone();
        double[] p0 = w0.clone();
        double[] m = new double[n];
        double[] v = new double[n];
        double[] s = new double[n];
        double beta3 = Math.sqrt(b2);
        double d = d0;
        double dMax = d0;
        double dNumerator = 0;
        double[][] out = new double[steps][];
        for (int k = 0; k < steps; k++) {
            double[] gk = gradient.apply(p.clone(), k);
            double dlr = d * lr;
            double numerator = dNumerator * beta3;
            double delta = 0;
            double dDenom = 0;
            for (int i = 0; i < n; i++) {
                double gi = gk[i];
                delta += (d / d0) * dlr * gi * (p0[i] - p[i]);
                m[i] = b1 * m[i] + d * (1 - b1) * gi;
                v[i] = b2 * v[i] + d * d * (1 - b2) * gi * gi;
                s[i] = beta3 * s[i] + (d / d0) * dlr * gi;
                dDenom += Math.abs(s[i]);
            }
            double global = numerator + delta;
            double dHat = dCoef * global / dDenom;
            if (d == d0) {
                d = Math.max(d, dHat);
            }
            dMax = Math.max(dMax, dHat);
            d = Math.min(dMax, d * growthRate);
            dNumerator = global;
            for (int i = 0; i < n; i++) {
                double denom = Math.sqrt(v[i]) + d * eps;
                p[i] -= b1 > 0 ? dlr * m[i] / denom : dlr * d * gk[i] / denom;
            }
            out[k] = p.clone();
        }
        return out;
    }

    /** Growth limited and unlimited, with and without first moment: {lr, β1, β2, ε, d0, dCoef, growthRate}. */
    private static final double[][] PRODIGY_SETTINGS = {{0.5, 0.85, 0.99, 1e-6, 1e-3, 0.7, 1.05},
            {1.0, 0.9, 0.999, 1e-8, 1e-6, 1.0, Prodigy.GROWTH_RATE.defaultValue()}, {0.3, 0.0, 0.95, 1e-7, 1e-4, 2.0, 1.2}};

    @Test
    void prodigyMatchesReferenceCodeOnRandomGradients() {
        double[][] g = UpdateSequence.gradients(STEPS, N, 32);
        assertProdigyMatches((w, t) -> g[t], TOL, 1e-4);
    }

    /**
     * On a noisy quadratic d has a distance to discover and grows by orders of magnitude. There
     * d̂ = r/‖s‖₁ feeds back into every later step, and this class keeps x₀ − x as the sum of
     * the updates while the reference subtracts p from p₀: the two roundings differ by an ulp
     * per step, which the feedback amplifies to 7e-12 over 150 steps (defaults). Checked: the same
     * reference keeping x₀ − x as a sum of updates agrees to 3e-15 (defaults) and 3e-13 (growth
     * limited). Hence the looser bound here; the random-gradient test above holds the 1e-12 one.
     */
    @Test
    void prodigyMatchesReferenceCodeOnANoisyQuadratic() {
        double[][] noise = UpdateSequence.gradients(STEPS, N, 32);
        double[] target = TensorBlock.initial(N, 33);
        assertProdigyMatches((w, t) -> {
            double[] gt = new double[N];
            for (int i = 0; i < N; i++) {
                gt[i] = (1 + i % 3) * (w[i] - target[i]) + 0.1 * noise[t][i];
            }
            return gt;
        }, 1e-10, 0.1);
    }

    private static void assertProdigyMatches(BiFunction<double[], Integer, double[]> gradient, double tol,
                                             double minMove) {
        double[] w0 = TensorBlock.initial(N, 31);
        for (double[] c : PRODIGY_SETTINGS) {
            double[][] expected = prodigyReference(w0, STEPS, gradient, c[0], c[1], c[2], c[3], c[4], c[5], c[6]);
            IUpdater prodigy = Optimizers.updaterPart("prodigy", Map.of("lr", c[0], "beta1", c[1], "beta2", c[2],
                    "epsilon", c[3], "d0", c[4], "dCoef", c[5], "growthRate", c[6]));
            double[][] actual = TensorBlock.trajectory(prodigy, java.util.List.of(), SHAPES, w0, STEPS, gradient);
            double err = UpdateSequence.maxAbsDiff(actual, expected);
            double moved = UpdateSequence.maxAbsDiff(new double[][] {expected[STEPS - 1]}, new double[][] {w0});
            System.out.println("prodigy " + java.util.Arrays.toString(c) + ": max |Δw| = " + err
                    + ", weights moved by up to " + moved);
            assertTrue(err <= tol, "prodigy " + java.util.Arrays.toString(c) + ": max |Δw| = " + err);
            assertTrue(moved > minMove, "the weights must move: " + moved);
        }
    }
}
