package dev.optimlab.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.regularization.Regularization;

/**
 * RAdam, Lion, AdamW, LAMB and Lookahead against plain double-precision loops written from the
 * papers' equations (see each class's Javadoc), over a fixed gradient sequence. The hooked
 * optimizers run over one merged block of two tensors ([3×4] and [2×5]) exactly as DL4J's
 * updater block would run them, so the per-tensor parts are checked per tensor.
 */
class ModernReferenceTest {

    private static final int STEPS = 150;
    private static final double TOL = 1e-10;
    private static final int[][] SHAPES = {{3, 4}, {2, 5}};
    private static final int N = 22;

    @Test
    void radamMatchesAlgorithm2WithRectificationAfterRho5() {
        double lr = 0.01;
        double b1 = 0.9;
        double b2 = 0.999;
        double eps = 1e-8;
        double[][] g = UpdateSequence.gradients(STEPS, 19, 31);
        double[][] expected = new double[STEPS][19];
        double[] m = new double[19];
        double[] v = new double[19];
        double rhoInf = 2 / (1 - b2) - 1;
        int unrectified = 0;
        for (int t = 1; t <= STEPS; t++) {
            double rho = rhoInf - 2 * t * Math.pow(b2, t) / (1 - Math.pow(b2, t));
            if (rho <= 5) {
                unrectified++;
            }
            for (int i = 0; i < 19; i++) {
                double gi = g[t - 1][i];
                m[i] = b1 * m[i] + (1 - b1) * gi;
                v[i] = b2 * v[i] + (1 - b2) * gi * gi;
                double mHat = m[i] / (1 - Math.pow(b1, t));
                if (rho > 5) {
                    double r = Math.sqrt((rho - 4) * (rho - 2) * rhoInf / ((rhoInf - 4) * (rhoInf - 2) * rho));
                    double adaptive = Math.sqrt(1 - Math.pow(b2, t)) / (Math.sqrt(v[i]) + eps);
                    expected[t - 1][i] = lr * r * mHat * adaptive;
                } else {
                    expected[t - 1][i] = lr * mHat;
                }
            }
        }
        assertEquals(5, unrectified, "with beta2 = 0.999 steps 1..5 are un-rectified");
        double err = UpdateSequence.maxAbsDiff(
                UpdateSequence.updates(new RAdam(lr, b1, b2, eps), g, DataType.DOUBLE), expected);
        System.out.println("radam: max |Δu| = " + err);
        assertTrue(err <= TOL, "radam: max |Δu| = " + err);
    }

    @Test
    void lionMatchesProgram1() {
        double lr = 0.003;
        double b1 = 0.9;
        double b2 = 0.99;
        double wd = 0.5;
        double[] w0 = TensorBlock.initial(N, 5);
        double[][] g = UpdateSequence.gradients(STEPS, N, 6);
        double[][] expected = new double[STEPS][];
        double[] w = w0.clone();
        double[] m = new double[N];
        for (int t = 0; t < STEPS; t++) {
            for (int i = 0; i < N; i++) {
                double c = b1 * m[i] + (1 - b1) * g[t][i];
                double u = lr * Math.signum(c) + lr * wd * w[i];
                m[i] = b2 * m[i] + (1 - b2) * g[t][i];
                w[i] -= u;
            }
            expected[t] = w.clone();
        }
        Map<String, Double> hp = Map.of("lr", lr, "beta1", b1, "beta2", b2, "weightDecay", wd);
        double[][] actual = TensorBlock.trajectory(Optimizers.create("lion", hp),
                Optimizers.parameterHooks("lion", hp), SHAPES, w0, g);
        double err = UpdateSequence.maxAbsDiff(actual, expected);
        System.out.println("lion: max |Δw| = " + err);
        assertTrue(err <= TOL, "lion: max |Δw| = " + err);
        assertTrue(Optimizers.parameterHooks("lion", Map.of()).isEmpty(), "lion's default decay is 0: no hook");
    }

    @Test
    void adamwMatchesAlgorithm2() {
        double lr = 0.01;
        double wd = 0.1;
        double[] w0 = TensorBlock.initial(N, 7);
        double[][] g = UpdateSequence.gradients(STEPS, N, 8);
        double[][] expected = adamReference(w0, g, lr, 0.9, 0.999, 1e-8, wd, false);
        Map<String, Double> hp = Map.of("lr", lr, "weightDecay", wd);
        double[][] actual = TensorBlock.trajectory(Optimizers.create("adamw", hp),
                Optimizers.parameterHooks("adamw", hp), SHAPES, w0, g);
        double err = UpdateSequence.maxAbsDiff(actual, expected);
        System.out.println("adamw: max |Δw| = " + err);
        assertTrue(err <= TOL, "adamw: max |Δw| = " + err);
        double[][] coupled = adamReference(w0, g, lr, 0.9, 0.999, 1e-8, wd, true);
        assertTrue(UpdateSequence.maxAbsDiff(actual, coupled) > 1e-3, "decoupled decay must differ from Adam + L2");
    }

    /** Adam (Algorithm 1) with decoupled decay lr·λ·w, or with λ·w added to the gradient (L2). */
    private static double[][] adamReference(double[] w0, double[][] g, double lr, double b1, double b2,
                                            double eps, double wd, boolean coupled) {
        double[] w = w0.clone();
        double[] m = new double[w.length];
        double[] v = new double[w.length];
        double[][] out = new double[g.length][];
        for (int t = 1; t <= g.length; t++) {
            for (int i = 0; i < w.length; i++) {
                double gi = g[t - 1][i] + (coupled ? wd * w[i] : 0);
                m[i] = b1 * m[i] + (1 - b1) * gi;
                v[i] = b2 * v[i] + (1 - b2) * gi * gi;
                double u = lr * (m[i] / (1 - Math.pow(b1, t))) / (Math.sqrt(v[i] / (1 - Math.pow(b2, t))) + eps);
                w[i] -= u + (coupled ? 0 : lr * wd * w[i]);
            }
            out[t - 1] = w.clone();
        }
        return out;
    }

    @Test
    void lambMatchesAlgorithm2PerTensorInsideOneBlock() {
        double lr = 0.02;
        double wd = 0.05;
        double[] w0 = TensorBlock.initial(N, 9);
        double[][] g = UpdateSequence.gradients(STEPS, N, 10);
        Map<String, Double> hp = Map.of("lr", lr, "weightDecay", wd);
        double[][] actual = TensorBlock.trajectory(Optimizers.create("lamb", hp),
                Optimizers.parameterHooks("lamb", hp), SHAPES, w0, g);
        double[][] expected = lambReference(w0, g, new int[] {12, 10}, lr, 0.9, 0.999, 1e-6, wd);
        double err = UpdateSequence.maxAbsDiff(actual, expected);
        System.out.println("lamb: max |Δw| = " + err);
        assertTrue(err <= TOL, "lamb: max |Δw| = " + err);
        double[][] wholeBlock = lambReference(w0, g, new int[] {N}, lr, 0.9, 0.999, 1e-6, wd);
        assertTrue(UpdateSequence.maxAbsDiff(actual, wholeBlock) > 1e-4,
                "a trust ratio over the whole block must differ from the per-tensor one");
    }

    /** LAMB with identity φ over consecutive tensors of the given lengths. */
    static double[][] lambReference(double[] w0, double[][] g, int[] lengths, double lr, double b1, double b2,
                                    double eps, double wd) {
        double[] w = w0.clone();
        double[] m = new double[w.length];
        double[] v = new double[w.length];
        double[][] out = new double[g.length][];
        for (int t = 1; t <= g.length; t++) {
            int start = 0;
            for (int len : lengths) {
                double[] s = new double[len];
                double wNorm = 0;
                double sNorm = 0;
                for (int j = 0; j < len; j++) {
                    int i = start + j;
                    m[i] = b1 * m[i] + (1 - b1) * g[t - 1][i];
                    v[i] = b2 * v[i] + (1 - b2) * g[t - 1][i] * g[t - 1][i];
                    double r = (m[i] / (1 - Math.pow(b1, t))) / (Math.sqrt(v[i] / (1 - Math.pow(b2, t))) + eps);
                    s[j] = r + wd * w[i];
                    wNorm += w[i] * w[i];
                    sNorm += s[j] * s[j];
                }
                double ratio = wNorm > 0 && sNorm > 0 ? Math.sqrt(wNorm) / Math.sqrt(sNorm) : 1;
                for (int j = 0; j < len; j++) {
                    w[start + j] -= lr * ratio * s[j];
                }
                start += len;
            }
            out[t - 1] = w.clone();
        }
        return out;
    }

    @Test
    void lookaheadMatchesExplicitSlowWeights() {
        double lr = 0.01;
        int k = 5;
        double alpha = 0.5;
        double[] w0 = TensorBlock.initial(N, 11);
        double[][] g = UpdateSequence.gradients(STEPS + 3, N, 12); // 153 steps: ends mid-cycle
        double[] fast = w0.clone();
        double[] slow = w0.clone();
        double[] m = new double[N];
        double[] v = new double[N];
        double[][] expected = new double[g.length][];
        for (int t = 1; t <= g.length; t++) {
            for (int i = 0; i < N; i++) {
                m[i] = 0.9 * m[i] + 0.1 * g[t - 1][i];
                v[i] = 0.999 * v[i] + 0.001 * g[t - 1][i] * g[t - 1][i];
                fast[i] -= lr * (m[i] / (1 - Math.pow(0.9, t))) / (Math.sqrt(v[i] / (1 - Math.pow(0.999, t))) + 1e-8);
            }
            if (t % k == 0) {
                for (int i = 0; i < N; i++) {
                    slow[i] += alpha * (fast[i] - slow[i]);
                    fast[i] = slow[i];
                }
            }
            expected[t - 1] = fast.clone();
        }
        Map<String, Double> hp = Map.of("lr", lr);
        assertEquals(List.of(), Optimizers.parameterHooks("lookahead", hp));
        double[][] actual = TensorBlock.trajectory(Optimizers.create("lookahead", hp), List.<Regularization>of(),
                SHAPES, w0, g);
        double err = UpdateSequence.maxAbsDiff(actual, expected);
        System.out.println("lookahead(adam): max |Δw| = " + err);
        assertTrue(err <= TOL, "lookahead(adam): max |Δw| = " + err);
    }

    @Test
    void lookaheadWrapsOtherBasesAndRefusesHookedOnes() {
        Lookahead l = Optimizers.lookahead("momentum", Map.of("lr", 0.1, "k", 3.0));
        assertEquals(new Lookahead(new Momentum(0.1, 0.9), 3, 0.5), l);
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> Optimizers.lookahead("adamw", Map.of()));
        assertTrue(e.getMessage().contains("adamw"), e.getMessage());
        assertTrue(Optimizers.lookahead("adamw", Map.of("weightDecay", 0.0)).getBase() instanceof Adam);
    }

    /**
     * A gradient that makes the first tensor scale-invariant per channel (its columns, DL4J's
     * output units) on two steps of three, and the second one invariant as a whole on every
     * other step; otherwise it is a fixed random gradient.
     */
    private static double[] scaleInvariantGradient(double[] w, int t, double[][] raw) {
        double[] g = raw[t].clone();
        if (t % 3 != 2) {
            for (int c = 0; c < 4; c++) {
                removeComponent(g, w, c * 3, 3);
            }
        }
        if (t % 2 == 0) {
            removeComponent(g, w, 12, 10);
        }
        return g;
    }

    private static void removeComponent(double[] g, double[] w, int from, int len) {
        double dot = 0;
        double ww = 0;
        for (int i = from; i < from + len; i++) {
            dot += g[i] * w[i];
            ww += w[i] * w[i];
        }
        for (int i = from; i < from + len; i++) {
            g[i] -= w[i] * dot / ww;
        }
    }

    @Test
    void adampMatchesAlgorithm2WithChannelAndLayerProjections() {
        double lr = 0.01;
        double wd = 0.1;
        double delta = 0.1;
        double wdRatio = 0.1;
        double eps = 1e-8;
        double[] w0 = TensorBlock.initial(N, 13);
        double[][] raw = UpdateSequence.gradients(STEPS, N, 14);
        int[] views = new int[3]; // none, channel, layer
        double[] w = w0.clone();
        double[] m = new double[N];
        double[] v = new double[N];
        double[][] expected = new double[STEPS][];
        for (int t = 1; t <= STEPS; t++) {
            double[] g = scaleInvariantGradient(w, t - 1, raw);
            double[] next = w.clone();
            int offset = 0;
            for (int[] shape : SHAPES) {
                int rows = shape[0];
                int len = shape[0] * shape[1];
                double[] perturb = new double[len];
                for (int j = 0; j < len; j++) {
                    int i = offset + j;
                    m[i] = 0.9 * m[i] + 0.1 * g[i];
                    v[i] = 0.999 * v[i] + 0.001 * g[i] * g[i];
                    perturb[j] = m[i] / (Math.sqrt(v[i]) / Math.sqrt(1 - Math.pow(0.999, t)) + eps);
                }
                double maxCos = 0;
                for (int c = 0; c < shape[1]; c++) {
                    maxCos = Math.max(maxCos, cosine(g, w, offset + c * rows, rows, eps));
                }
                int view = 0;
                if (maxCos < delta / Math.sqrt(rows)) {
                    view = 1;
                    for (int c = 0; c < shape[1]; c++) {
                        project(perturb, w, offset, c * rows, rows, eps);
                    }
                } else if (cosine(g, w, offset, len, eps) < delta / Math.sqrt(len)) {
                    view = 2;
                    project(perturb, w, offset, 0, len, eps);
                }
                views[view]++;
                double ratio = view == 0 ? 1 : wdRatio;
                for (int j = 0; j < len; j++) {
                    int i = offset + j;
                    next[i] = w[i] * (1 - lr * wd * ratio) - lr / (1 - Math.pow(0.9, t)) * perturb[j];
                }
                offset += len;
            }
            w = next;
            expected[t - 1] = w.clone();
        }
        assertTrue(views[0] > 20 && views[1] > 20 && views[2] > 20,
                "every branch must be exercised: none/channel/layer = " + java.util.Arrays.toString(views));
        Map<String, Double> hp = Map.of("lr", lr, "weightDecay", wd);
        double[][] actual = TensorBlock.trajectory(Optimizers.create("adamp", hp), Optimizers.parameterHooks("adamp", hp),
                SHAPES, w0, STEPS, (wt, t) -> scaleInvariantGradient(wt, t, raw));
        double err = UpdateSequence.maxAbsDiff(actual, expected);
        System.out.println("adamp: max |Δw| = " + err + ", views none/channel/layer = " + java.util.Arrays.toString(views));
        assertTrue(err <= TOL, "adamp: max |Δw| = " + err);
    }

    /** |cos| of the segments [from, from + len) of g and w, with PyTorch's ε floors on the norms. */
    private static double cosine(double[] g, double[] w, int from, int len, double eps) {
        double dot = 0;
        double gg = 0;
        double ww = 0;
        for (int i = from; i < from + len; i++) {
            dot += g[i] * w[i];
            gg += g[i] * g[i];
            ww += w[i] * w[i];
        }
        return Math.abs(dot) / (Math.max(Math.sqrt(gg), eps) * Math.max(Math.sqrt(ww), eps));
    }

    /** perturb[at..at+len) −= ŵ·⟨ŵ, perturb⟩ with ŵ = w/(‖w‖ + ε) over w[offset+at..). */
    private static void project(double[] perturb, double[] w, int offset, int at, int len, double eps) {
        double ww = 0;
        for (int j = at; j < at + len; j++) {
            ww += w[offset + j] * w[offset + j];
        }
        double norm = Math.sqrt(ww) + eps;
        double dot = 0;
        for (int j = at; j < at + len; j++) {
            dot += w[offset + j] / norm * perturb[j];
        }
        for (int j = at; j < at + len; j++) {
            perturb[j] -= w[offset + j] / norm * dot;
        }
    }

    @Test
    void registryExposesUpdaterAndHooksUnderSpecNames() {
        assertTrue(Optimizers.names().containsAll(List.of("adamw", "radam", "lion", "lamb", "adamp", "lookahead")));
        assertEquals(List.of(), Optimizers.parameterHooks("radam", Map.of()));
        assertEquals(List.of(new DecoupledWeightDecay(0.01)), Optimizers.parameterHooks("adamw", Map.of()));
        assertEquals(List.of(new LambTrustRatio(0.01)), Optimizers.parameterHooks("lamb", Map.of()));
        assertEquals(List.of(new AdamPProbe(0.1, 1e-8), new AdamPProjection(0.1, 0.1, 0.0, 1e-8)),
                Optimizers.parameterHooks("adamp", Map.of()));
        assertEquals(0.1, Optimizers.defaults("adamp").get("wdRatio"));
        assertEquals(5.0, Optimizers.defaults("lookahead").get("k"));
        assertEquals(new Lion(1e-4, 0.9, 0.99), Optimizers.create("lion", Map.of()));
        IllegalArgumentException bad = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> Optimizers.parameterHooks("lamb", Map.of("weight_decay", 0.1)));
        assertTrue(bad.getMessage().contains("weightDecay"), bad.getMessage());
        IllegalArgumentException negative = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> Optimizers.parameterHooks("adamw", Map.of("weightDecay", -1.0)));
        assertTrue(negative.getMessage().contains("weightDecay must be in [0, inf)"), negative.getMessage());
    }
}
