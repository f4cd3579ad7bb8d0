package dev.optimlab.optim;

import dev.optimlab.DoublePrecision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.regularization.Regularization;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * Muon against a plain double-precision loop written from the reference code
 * ({@code KellerJordan/Muon}: {@code muon_update}, {@code zeropower_via_newtonschulz5}, the
 * auxiliary {@code adam_update}), on drawn tensor blocks (ReferenceTest, through
 * MatrixReferences) and on a convolution + dense network; float vs
 * double; JSON and save/restore.
 */
@ExtendWith(DoublePrecision.class)
class MuonTest {

    private static final double TOL = 1e-12;


    // ---- the reference, written plainly ----

    static double[][] matmul(double[][] x, double[][] y) {
        double[][] z = new double[x.length][y[0].length];
        for (int i = 0; i < x.length; i++) {
            for (int j = 0; j < y[0].length; j++) {
                double s = 0;
                for (int k = 0; k < y.length; k++) {
                    s += x[i][k] * y[k][j];
                }
                z[i][j] = s;
            }
        }
        return z;
    }

    static double[][] transpose(double[][] x) {
        double[][] t = new double[x[0].length][x.length];
        for (int i = 0; i < x.length; i++) {
            for (int j = 0; j < x[0].length; j++) {
                t[j][i] = x[i][j];
            }
        }
        return t;
    }

    /** zeropower_via_newtonschulz5 times √max(1, rows/cols), as muon_update returns it. */
    static double[][] newtonSchulz(double[][] g, int steps) {
        boolean tall = g.length > g[0].length;
        double[][] x = tall ? transpose(g) : g;
        double norm = 0;
        for (double[] row : x) {
            for (double v : row) {
                norm += v * v;
            }
        }
        norm = Math.sqrt(norm) + 1e-7;
        double[][] y = new double[x.length][x[0].length];
        for (int i = 0; i < x.length; i++) {
            for (int j = 0; j < x[0].length; j++) {
                y[i][j] = x[i][j] / norm;
            }
        }
        for (int s = 0; s < steps; s++) {
            double[][] a = matmul(y, transpose(y));
            double[][] aa = matmul(a, a);
            double[][] b = new double[a.length][a.length];
            for (int i = 0; i < a.length; i++) {
                for (int j = 0; j < a.length; j++) {
                    b[i][j] = -4.7750 * a[i][j] + 2.0315 * aa[i][j];
                }
            }
            double[][] by = matmul(b, y);
            for (int i = 0; i < y.length; i++) {
                for (int j = 0; j < y[0].length; j++) {
                    y[i][j] = 3.4445 * y[i][j] + by[i][j];
                }
            }
        }
        double[][] out = tall ? transpose(y) : y;
        double scale = Math.sqrt(Math.max(1.0, (double) g.length / g[0].length));
        for (double[] row : out) {
            for (int j = 0; j < row.length; j++) {
                row[j] *= scale;
            }
        }
        return out;
    }

    /**
     * One Muon step on one weight, in place: {@code w}, {@code g}, {@code m} flat, the matrix
     * element (o, i) at flat index {@code at[o][i]}; only those indices are read or written.
     */
    static void muonStep(double[] w, double[] g, double[] m, int[][] at, double lr, double beta, boolean nesterov,
                         int steps, double wd) {
        double[][] mat = new double[at.length][at[0].length];
        for (int o = 0; o < at.length; o++) {
            for (int i = 0; i < at[0].length; i++) {
                int k = at[o][i];
                m[k] = beta * m[k] + (1 - beta) * g[k];
                mat[o][i] = nesterov ? (1 - beta) * g[k] + beta * m[k] : m[k];
            }
        }
        double[][] orth = newtonSchulz(mat, steps);
        for (int o = 0; o < at.length; o++) {
            for (int i = 0; i < at[0].length; i++) {
                int k = at[o][i];
                w[k] = w[k] - lr * wd * w[k] - lr * orth[o][i];
            }
        }
    }

    /** adam_update with decoupled decay, in place; t counted from 1. */
    static void adamStep(double[] w, double[] g, double[] m, double[] v, int t, double lr, double b1, double b2,
                         double eps, double wd) {
        for (int i = 0; i < g.length; i++) {
            m[i] = b1 * m[i] + (1 - b1) * g[i];
            v[i] = b2 * v[i] + (1 - b2) * g[i] * g[i];
            double u = (m[i] / (1 - Math.pow(b1, t))) / (Math.sqrt(v[i] / (1 - Math.pow(b2, t))) + eps);
            w[i] -= lr * wd * w[i] + lr * u;
        }
    }

    /** Flat indices of a DL4J matrix [rows, cols] stored 'f' at {@code offset}, as [cols × rows]. */
    static int[][] fOrderUnits(int offset, int rows, int cols) {
        int[][] at = new int[cols][rows];
        for (int o = 0; o < cols; o++) {
            for (int i = 0; i < rows; i++) {
                at[o][i] = offset + i + o * rows;
            }
        }
        return at;
    }

    /** Flat indices of a tensor in 'c' order whose first axis (units) is major: [units × rest]. */
    static int[][] unitMajor(int units, int per) {
        int[][] at = new int[units][per];
        for (int o = 0; o < units; o++) {
            for (int i = 0; i < per; i++) {
                at[o][i] = o * per + i;
            }
        }
        return at;
    }

    @Test
    void newtonSchulzOrthogonalisesApproximately() {
        double[][] g = {{1, 2, 0.5}, {-0.3, 0.2, 4}, {2, -1, 1}, {0.1, 0.1, 0.1}};
        INDArray o = MuonOrthogonalization.orthogonalize(Nd4j.createFromArray(g), 5);
        // singular values of NS5's output lie roughly in (0.5, 1.5) (the reference's docstring)
        INDArray gram = o.transpose().mmul(o);
        for (int i = 0; i < 3; i++) {
            double s2 = gram.getDouble(i, i);
            assertTrue(s2 > 0.2 && s2 < 2.3, "column norm² " + s2);
        }
        double[][] ref = newtonSchulz(g, 5);
        for (int i = 0; i < 4; i++) {
            for (int j = 0; j < 3; j++) {
                // the reference includes the √(rows/cols) scale, orthogonalize does not
                assertEquals(ref[i][j] / Math.sqrt(4.0 / 3), o.getDouble(i, j), 1e-14);
            }
        }
    }

    // ---- network-level ----

    /** Convolution (hidden: Muon) → dense (hidden: Muon) → softmax output (AdamW). */
    static MultiLayerConfiguration convNet(DataType dtype, long seed) {
        return new NeuralNetConfiguration.Builder().dataType(dtype).seed(seed).weightInit(WeightInit.XAVIER).list()
                .layer(new ConvolutionLayer.Builder(2, 2).nIn(1).nOut(3).activation(Activation.TANH).build())
                .layer(new DenseLayer.Builder().nOut(5).activation(Activation.TANH).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(3)
                        .activation(Activation.SOFTMAX).build())
                .setInputType(InputType.convolutionalFlat(4, 4, 1))
                .build();
    }

    static MultiLayerNetwork wiredConvNet(DataType dtype, Map<String, Double> hp, long seed) {
        MultiLayerConfiguration conf = convNet(dtype, seed);
        OptimizerWiring.apply(conf, "muon", hp);
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    static DataSet convBatch(int s) {
        DataSet d = NetworkHarness.batch(7000 + s);
        Nd4j.getRandom().setSeed(8000 + s);
        d.setFeatures(Nd4j.randn(DataType.DOUBLE, 16, 16));
        return d;
    }

    private static final Map<String, Double> NET_HP = Map.of("lr", 0.05, "momentum", 0.9, "weightDecay", 0.1,
            "adamLr", 0.01, "adamBeta2", 0.99, "adamWeightDecay", 0.05);

    @Test
    void wiresMuonOnHiddenMatricesAndAdamWElsewhere() {
        MultiLayerNetwork net = wiredConvNet(DataType.DOUBLE, NET_HP, 5);
        MultiLayerConfiguration conf = net.getLayerWiseConfigurations();
        Muon muon = ((Muon) Optimizers.updaterPart("muon", NET_HP)).wired();
        for (int i = 0; i < 2; i++) {
            BaseLayer l = (BaseLayer) conf.getConf(i).getLayer();
            assertEquals(muon, l.getIUpdater());
            assertEquals(muon.auxiliary(), l.getBiasUpdater());
            assertInstanceOf(MuonOrthogonalization.class, l.getRegularization().get(0));
        }
        BaseLayer out = (BaseLayer) conf.getConf(2).getLayer();
        assertEquals(muon.auxiliary(), out.getIUpdater());
        assertEquals(List.of(new DecoupledWeightDecay(0.05)), out.getRegularization());
        // a convolution lists its bias first: [0_b][0_W 1_W][1_b 2_W 2_b], so one Muon block holds
        // two tensors, which the per-tensor hook must (and the reference test does) keep apart
        assertEquals(3, NetworkHarness.updaterBlocks(net));
    }

    @Test
    void networkMatchesReferencePerTensor() {
        MultiLayerNetwork net = wiredConvNet(DataType.DOUBLE, NET_HP, 5);
        MultiLayerConfiguration refConf = convNet(DataType.DOUBLE, 5);
        OptimizerWiring.apply(refConf, new Sgd(1.0), List.of());
        MultiLayerNetwork ref = new MultiLayerNetwork(refConf);
        ref.init();
        assertEquals(net.params(), ref.params());
        Map<String, double[][]> state = new HashMap<>();
        int steps = 30;
        for (int s = 0; s < steps; s++) {
            DataSet batch = convBatch(s);
            int t = s + 1;
            for (Map.Entry<String, double[]> e : ParameterHookNetworkTest.meanGradients(ref, batch).entrySet()) {
                String key = e.getKey();
                double[] g = e.getValue();
                INDArray param = ParameterHookNetworkTest.paramOf(ref, key);
                double[] w = param.dup('c').data().asDouble();
                double[][] st = state.computeIfAbsent(key, k -> new double[][] {new double[g.length], new double[g.length]});
                if (key.equals("0_W")) { // conv [3, 1, 2, 2] in 'c' order: [3 × 4]
                    muonStep(w, g, st[0], unitMajor(3, 4), 0.05, 0.9, true, 5, 0.1);
                } else if (key.equals("1_W")) { // dense [27, 5] in 'c' order: unit o, input i at i·5 + o
                    int[][] at = new int[5][27];
                    for (int o = 0; o < 5; o++) {
                        for (int i = 0; i < 27; i++) {
                            at[o][i] = i * 5 + o;
                        }
                    }
                    muonStep(w, g, st[0], at, 0.05, 0.9, true, 5, 0.1);
                } else {
                    adamStep(w, g, st[0], st[1], t, 0.01, 0.9, 0.99, 1e-10, key.equals("2_W") ? 0.05 : 0.0);
                }
                param.assign(Nd4j.createFromArray(w).reshape('c', param.shape()));
            }
            net.fit(batch);
        }
        double err = net.params().sub(ref.params()).amaxNumber().doubleValue();
        System.out.println("muon network vs reference: max |Δθ| = " + err);
        assertTrue(err <= TOL, "muon network: max |Δθ| = " + err);
    }

    @Test
    void floatFollowsDouble() {
        // Float rounding (6e-8) enters the gradients and Newton–Schulz, whose first coefficient
        // (3.4) amplifies small singular directions five times over; accumulated over 20 steps.
        NetworkChecks.assertFloatFollowsDouble("muon", wiredConvNet(DataType.DOUBLE, NET_HP, 6), 20, MuonTest::convBatch,
                1e-3);
    }

    @Test
    void saveRestoreContinuesExactlyAndJsonRoundTrips() throws IOException {
        MultiLayerConfiguration back = NetworkChecks.saveRestoreContinuesExactly(
                wiredConvNet(DataType.DOUBLE, NET_HP, 7), 10, 20, MuonTest::convBatch);
        assertEquals(((Muon) Optimizers.updaterPart("muon", NET_HP)).wired(), ((BaseLayer) back.getConf(0).getLayer()).getIUpdater());
    }

    @Test
    void lossFallsOnANetwork() {
        double ratio = NetworkChecks.lossRatio(wiredConvNet(DataType.DOUBLE, Map.of(), 8), convBatch(0), 60);
        assertTrue(ratio < 0.7, "muon (defaults): loss ratio " + ratio);
    }

    @Test
    void rejectsBadValues() {
        assertThrows(IllegalArgumentException.class, () -> Optimizers.updaterPart("muon", Map.of("nesterov", 0.5)));
        assertThrows(IllegalArgumentException.class, () -> Optimizers.updaterPart("muon", Map.of("nsSteps", 0.0)));
        assertThrows(IllegalArgumentException.class, () -> Optimizers.updaterPart("muon", Map.of("momentum", 1.0)));
        assertThrows(IllegalArgumentException.class, () -> Optimizers.updaterPart("muon", Map.of("adamBeta2", 1.0)));
        Muon proto = (Muon) Optimizers.updaterPart("muon", Map.of());
        MultiLayerNetwork plain = NetworkHarness.network(proto, proto, 1); // DL4J builds updaters at the first fit
        IllegalStateException unwired = assertThrows(IllegalStateException.class, () -> plain.fit(NetworkHarness.batch(1)));
        assertTrue(unwired.getMessage().contains("OptimizerWiring"), unwired.getMessage());
        MuonOrthogonalization flat = new MuonOrthogonalization(5);
        assertThrows(IllegalStateException.class, () -> flat.apply(Nd4j.ones(6), Nd4j.ones(6), 0.1, 0, 0));
    }

    @Test
    void elementwisePartIsNesterovMomentumTimesLr() {
        Muon muon = new Muon(0.1, 0.5, true, 5, 0, new Adam(), 0).wired();
        INDArray view = Nd4j.zeros(DataType.DOUBLE, 2);
        GradientUpdater<?> u = muon.instantiate(view, true);
        INDArray g = Nd4j.createFromArray(2.0, -4.0);
        u.applyUpdater(g, 0, 0);
        // m = 0.5·g = (1, −2); u = 0.1·(0.5·g + 0.5·m) = (0.15, −0.3)
        assertEquals(0.15, g.getDouble(0), 1e-15);
        assertEquals(-0.3, g.getDouble(1), 1e-15);
        assertEquals(List.<Regularization>of(new MuonOrthogonalization(5)), muon.hiddenWeightHooks());
    }
}
