package dev.optimlab.optim;

import dev.optimlab.DoublePrecision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Shampoo against a plain double-precision loop written from Gupta et al. 2018 / Anil et al.
 * 2020 with Adam grafting (see {@link Shampoo}), whose inverse fourth roots come from a cyclic
 * Jacobi eigendecomposition written out here (the code under test uses LAPACK); on single
 * tensors (both sides, one side, diagonal fallback, refresh every step and every third) and on a
 * convolution + dense network; float vs double; JSON and save/restore.
 */
@ExtendWith(DoublePrecision.class)
class ShampooTest {


    // ---- the reference, written plainly ----

    /** (S + εI)^{−1/4} of a symmetric S by cyclic Jacobi rotations. */
    static double[][] inverseFourthRoot(double[][] s, double eps) {
        int n = s.length;
        double[][] a = new double[n][];
        double[][] q = new double[n][n];
        for (int i = 0; i < n; i++) {
            a[i] = s[i].clone();
            q[i][i] = 1;
        }
        for (int sweep = 0; sweep < 100; sweep++) {
            double off = 0;
            double scale = 0;
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    scale += a[i][j] * a[i][j];
                    off += i == j ? 0 : a[i][j] * a[i][j];
                }
            }
            if (off <= 1e-36 * scale) {
                break;
            }
            for (int p = 0; p < n; p++) {
                for (int r = p + 1; r < n; r++) {
                    if (a[p][r] == 0) {
                        continue;
                    }
                    double theta = (a[r][r] - a[p][p]) / (2 * a[p][r]);
                    double t = Math.signum(theta) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
                    if (theta == 0) {
                        t = 1;
                    }
                    double c = 1 / Math.sqrt(t * t + 1);
                    double sn = t * c;
                    for (int k = 0; k < n; k++) { // A ← A·J
                        double akp = a[k][p];
                        double akr = a[k][r];
                        a[k][p] = c * akp - sn * akr;
                        a[k][r] = sn * akp + c * akr;
                    }
                    for (int k = 0; k < n; k++) { // A ← Jᵀ·A
                        double apk = a[p][k];
                        double ark = a[r][k];
                        a[p][k] = c * apk - sn * ark;
                        a[r][k] = sn * apk + c * ark;
                    }
                    for (int k = 0; k < n; k++) { // Q ← Q·J
                        double qkp = q[k][p];
                        double qkr = q[k][r];
                        q[k][p] = c * qkp - sn * qkr;
                        q[k][r] = sn * qkp + c * qkr;
                    }
                }
            }
        }
        double[][] out = new double[n][n];
        for (int k = 0; k < n; k++) {
            double root = Math.pow(Math.max(a[k][k], 0) + eps, -0.25);
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    out[i][j] += q[i][k] * root * q[j][k];
                }
            }
        }
        return out;
    }

    /** The state of one tensor in the reference. */
    static final class Ref {
        final int rows;
        final int cols;
        final boolean leftOn;
        final boolean rightOn;
        final double[] m;
        final double[] v;
        final double[][] l;
        final double[][] r;
        double[][] li;
        double[][] ri;

        Ref(int n, int rows, int cols, int maxDim) {
            this.rows = rows;
            this.cols = cols;
            this.leftOn = rows > 0 && rows <= maxDim;
            this.rightOn = cols > 0 && cols <= maxDim;
            m = new double[n];
            v = new double[n];
            l = new double[Math.max(rows, 0)][Math.max(rows, 0)];
            r = new double[Math.max(cols, 0)][Math.max(cols, 0)];
        }

        /**
         * One step: g and the returned update are flat, the matrix element (i, j) at
         * {@code at[i][j]} (null: a tensor without matrix view, diagonal).
         */
        double[] step(double[] g, int[][] at, int t, double lr, double b1, double b2, double eps, double meps, int freq) {
            int n = g.length;
            double[] mHat = new double[n];
            double[] adam = new double[n];
            double aNorm = 0;
            for (int i = 0; i < n; i++) {
                m[i] = b1 * m[i] + (1 - b1) * g[i];
                v[i] = b2 * v[i] + (1 - b2) * g[i] * g[i];
                mHat[i] = m[i] / (1 - Math.pow(b1, t));
                adam[i] = mHat[i] / (Math.sqrt(v[i] / (1 - Math.pow(b2, t))) + eps);
                aNorm += adam[i] * adam[i];
            }
            double[] u = new double[n];
            if (at == null || !(leftOn || rightOn)) {
                for (int i = 0; i < n; i++) {
                    u[i] = lr * adam[i];
                }
                return u;
            }
            double[][] gm = new double[rows][cols];
            double[][] s = new double[rows][cols];
            for (int i = 0; i < rows; i++) {
                for (int j = 0; j < cols; j++) {
                    gm[i][j] = g[at[i][j]];
                    s[i][j] = mHat[at[i][j]];
                }
            }
            boolean refresh = (t - 1) % freq == 0;
            if (leftOn) {
                add(l, MuonTest.matmul(gm, MuonTest.transpose(gm)));
                if (refresh) {
                    li = inverseFourthRoot(l, meps);
                }
                s = MuonTest.matmul(li, s);
            }
            if (rightOn) {
                add(r, MuonTest.matmul(MuonTest.transpose(gm), gm));
                if (refresh) {
                    ri = inverseFourthRoot(r, meps);
                }
                s = MuonTest.matmul(s, ri);
            }
            double sNorm = 0;
            for (double[] row : s) {
                for (double x : row) {
                    sNorm += x * x;
                }
            }
            double scale = lr * Math.sqrt(aNorm) / Math.sqrt(sNorm);
            for (int i = 0; i < rows; i++) {
                for (int j = 0; j < cols; j++) {
                    u[at[i][j]] = scale * s[i][j];
                }
            }
            return u;
        }

        private static void add(double[][] acc, double[][] x) {
            for (int i = 0; i < acc.length; i++) {
                for (int j = 0; j < acc.length; j++) {
                    acc[i][j] += x[i][j];
                }
            }
        }
    }

    // ---- single tensors ----

    private static double check(int rows, int cols, int maxDim, int freq, double b1, double b2, double meps, long seed) {
        double lr = 0.01;
        double eps = 1e-8;
        Shampoo proto = new Shampoo(lr, b1, b2, eps, meps, freq, maxDim);
        double[][] g = UpdateSequence.gradients(60, rows * cols, seed);
        double[][] actual = UpdateSequence.updates(proto.forTensor(rows, cols, 0), g, DataType.DOUBLE);
        Ref ref = new Ref(rows * cols, rows, cols, maxDim);
        int[][] at = MuonTest.unitMajor(rows, cols);
        double[][] expected = new double[g.length][];
        for (int t = 1; t <= g.length; t++) {
            expected[t - 1] = ref.step(g[t - 1], at, t, lr, b1, b2, eps, meps, freq);
        }
        double err = UpdateSequence.maxRelDiff(actual, expected);
        System.out.println("shampoo " + rows + "x" + cols + " maxDim=" + maxDim + " f=" + freq + " β=(" + b1 + ", "
                + b2 + ") εm=" + meps + ": max step-relative |Δu| = " + err);
        return err;
    }

    @Test
    void singleTensorsMatchTheReference() {
        // Gradients span four decades (UpdateSequence), so L and R have condition numbers up to ~1e8
        // before ε_m; two eigendecompositions (LAPACK here, Jacobi in the test) of such matrices agree
        // to ~cond·1e-16 in their small eigenpairs, which the −1/4 power carries into the step.
        // Measured: up to 7e-12 relative to each step's size (3x5, ε_m = 1e-4); the bound is 1e-10.
        double tol = 1e-10;
        assertTrue(check(4, 3, 1024, 1, 0.9, 0.999, 1e-6, 61) <= tol, "both sides, tall");
        assertTrue(check(3, 5, 1024, 3, 0.8, 0.99, 1e-4, 62) <= tol, "both sides, wide, refresh every 3rd step");
        assertTrue(check(4, 3, 3, 2, 0.0, 0.9, 1e-6, 63) <= tol, "rows over maxPreconditionerDim: right side only");
        assertTrue(check(4, 3, 2, 1, 0.9, 0.999, 1e-6, 64) <= tol, "both over: the diagonal (Adam) fallback");
    }

    @Test
    void inverseFourthRootAgreesWithJacobi() {
        double[][] s = {{4, 1, 0.5}, {1, 3, 0.2}, {0.5, 0.2, 2}};
        INDArray actual = Shampoo.inverseFourthRoot(Nd4j.createFromArray(s), 1e-6);
        double[][] expected = inverseFourthRoot(s, 1e-6);
        INDArray fourth = actual.mmul(actual).mmul(actual).mmul(actual);
        INDArray shifted = Nd4j.createFromArray(s).add(Nd4j.eye(3).muli(1e-6));
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                assertEquals(expected[i][j], actual.getDouble(i, j), 1e-14);
            }
        }
        assertEquals(0.0, fourth.mmul(shifted).sub(Nd4j.eye(3)).amaxNumber().doubleValue(), 1e-13);
    }

    // ---- network-level ----

    private static final Map<String, Double> NET_HP = Map.of("lr", 0.02, "beta1", 0.8, "beta2", 0.99,
            "matrixEpsilon", 1e-4, "preconditionFrequency", 3.0);

    static MultiLayerNetwork wired(DataType dtype, Map<String, Double> hp, long seed) {
        MultiLayerConfiguration conf = MuonTest.convNet(dtype, seed);
        OptimizerWiring.apply(conf, "shampoo", hp);
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    /** Matrix view [nOut × nIn] of a dense weight [nIn, nOut] given flat in 'c' order. */
    private static int[][] denseUnits(int nIn, int nOut) {
        int[][] at = new int[nOut][nIn];
        for (int o = 0; o < nOut; o++) {
            for (int i = 0; i < nIn; i++) {
                at[o][i] = i * nOut + o;
            }
        }
        return at;
    }

    @Test
    void networkMatchesReferencePerTensor() {
        MultiLayerNetwork net = wired(DataType.DOUBLE, NET_HP, 9);
        // [0_b][0_W][1_W][1_b][2_W][2_b]: each weight its own block (numbered configurations)
        assertEquals(6, NetworkHarness.updaterBlocks(net));
        MultiLayerConfiguration refConf = MuonTest.convNet(DataType.DOUBLE, 9);
        OptimizerWiring.apply(refConf, new Sgd(1.0), List.of());
        MultiLayerNetwork ref = new MultiLayerNetwork(refConf);
        ref.init();
        assertEquals(net.params(), ref.params());
        Map<String, int[][]> units = Map.of("0_W", MuonTest.unitMajor(3, 4), "1_W", denseUnits(27, 5),
                "2_W", denseUnits(5, 3));
        Map<String, int[]> shapes = Map.of("0_W", new int[] {3, 4}, "1_W", new int[] {5, 27}, "2_W", new int[] {3, 5});
        Map<String, Ref> state = new HashMap<>();
        for (int s = 0; s < 25; s++) {
            DataSet batch = MuonTest.convBatch(s);
            for (Map.Entry<String, double[]> e : ParameterHookNetworkTest.meanGradients(ref, batch).entrySet()) {
                String key = e.getKey();
                int[] shape = shapes.getOrDefault(key, new int[] {0, 0});
                Ref r = state.computeIfAbsent(key, k -> new Ref(e.getValue().length, shape[0], shape[1], 1024));
                double[] u = r.step(e.getValue(), units.get(key), s + 1, 0.02, 0.8, 0.99, 1e-8, 1e-4, 3);
                INDArray param = ParameterHookNetworkTest.paramOf(ref, key);
                param.subi(Nd4j.createFromArray(u).reshape('c', param.shape()));
            }
            net.fit(batch);
        }
        double err = net.params().sub(ref.params()).amaxNumber().doubleValue();
        System.out.println("shampoo network vs reference: max |Δθ| = " + err);
        assertTrue(err <= 1e-12, "shampoo network: max |Δθ| = " + err);
    }

    @Test
    void floatFollowsDouble() {
        // float statistics (sums of G·Gᵀ) and float gradients; roots in double either way
        NetworkChecks.assertFloatFollowsDouble("shampoo", wired(DataType.DOUBLE, NET_HP, 10), 20, MuonTest::convBatch, 1e-3);
    }

    @Test
    void saveRestoreBetweenRefreshesContinuesExactlyAndJsonRoundTrips() throws IOException {
        // f = 3: the roots of step 7 are in use at step 9
        MultiLayerConfiguration back = NetworkChecks.saveRestoreContinuesExactly(
                wired(DataType.DOUBLE, NET_HP, 11), 8, 16, MuonTest::convBatch);
        Shampoo w1 = (Shampoo) ((BaseLayer) back.getConf(1).getLayer()).getIUpdater();
        assertEquals(5.0, w1.hyperparameters().get("rows"));
        assertEquals(27.0, w1.hyperparameters().get("cols"));
    }

    @Test
    void lossFallsOnANetwork() {
        double ratio = NetworkChecks.lossRatio(wired(DataType.DOUBLE, Map.of("lr", 0.01), 12), MuonTest.convBatch(0), 60);
        assertTrue(ratio < 0.5, "shampoo: loss ratio " + ratio);
    }

    @Test
    void refusesToRunUnwiredOrOnAMergedBlock() {
        Shampoo proto = (Shampoo) Optimizers.updaterPart("shampoo", Map.of());
        MultiLayerNetwork plain = NetworkHarness.network(proto, proto, 1); // DL4J builds updaters at the first fit
        IllegalStateException unwired = assertThrows(IllegalStateException.class,
                () -> plain.fit(NetworkHarness.batch(1)));
        assertTrue(unwired.getMessage().contains("OptimizerWiring"), unwired.getMessage());
        assertThrows(IllegalStateException.class, () -> proto.forTensor(4, 6, 0).stateSize(24 + 6));
        assertThrows(IllegalArgumentException.class,
                () -> Optimizers.updaterPart("shampoo", Map.of("preconditionFrequency", 0.0)));
        assertThrows(IllegalArgumentException.class,
                () -> Optimizers.updaterPart("shampoo", Map.of("matrixEpsilon", 0.0)));
    }
}
