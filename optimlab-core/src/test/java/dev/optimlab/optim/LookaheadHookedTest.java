package dev.optimlab.optim;

import dev.optimlab.DoublePrecision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.regularization.Regularization;

/**
 * Lookahead over the bases with per-tensor hooks ({@code lookahead-adamw}, {@code lookahead-lamb},
 * {@code lookahead-adamp}) against explicit slow weights (Zhang et al. 2019, Algorithm 1): the
 * base optimizer steps the fast weights, and every k steps φ ← φ + α(θ − φ), θ ← φ, written
 * out in the test; the base keeps its state across synchronisations, as in the paper's code.
 */
@ExtendWith(DoublePrecision.class)
class LookaheadHookedTest {

    private static final int[][] SHAPES = {{3, 4}, {2, 5}};
    private static final int N = 22;
    private static final double TOL = 1e-12;


    private static Map<String, Double> hp(String base) {
        return switch (base) {
            case "adamw" -> Map.of("lr", 0.01, "weightDecay", 0.1, "k", 4.0, "alpha", 0.6);
            case "lamb" -> Map.of("lr", 0.02, "weightDecay", 0.05, "k", 5.0, "alpha", 0.5, "beta2", 0.99);
            default -> Map.of("lr", 0.01, "weightDecay", 0.2, "k", 3.0, "alpha", 0.7, "delta", 0.5);
        };
    }

    private static Map<String, Double> baseHp(Map<String, Double> hp) {
        Map<String, Double> b = new java.util.HashMap<>(hp);
        b.remove("k");
        b.remove("alpha");
        return b;
    }

    /**
     * The base optimizer over the block (updater over all of it, hooks per 'f' matrix view as DL4J
     * runs them), with the slow weights kept explicitly and the fast weights reset every k steps.
     */
    private static double[][] explicitSlowWeights(String base, Map<String, Double> hp, double[] w0, double[][] g) {
        Map<String, Double> b = baseHp(hp);
        IUpdater updater = Optimizers.updaterPart(base, b);
        List<Regularization> hooks = Optimizers.parameterHooks(base, b);
        int k = hp.get("k").intValue();
        double alpha = hp.get("alpha");
        INDArray params = Nd4j.createFromArray(w0.clone());
        INDArray grad = Nd4j.zeros(DataType.DOUBLE, N);
        GradientUpdater<?> u = updater.instantiate(Nd4j.zeros(DataType.DOUBLE, updater.stateSize(N)), true);
        INDArray[] p = new INDArray[SHAPES.length];
        INDArray[] gv = new INDArray[SHAPES.length];
        for (int s = 0, off = 0; s < SHAPES.length; off += SHAPES[s][0] * SHAPES[s][1], s++) {
            org.nd4j.linalg.indexing.INDArrayIndex range = org.nd4j.linalg.indexing.NDArrayIndex.interval(off,
                    off + SHAPES[s][0] * SHAPES[s][1]);
            p[s] = params.get(range).reshape('f', SHAPES[s][0], SHAPES[s][1]);
            gv[s] = grad.get(range).reshape('f', SHAPES[s][0], SHAPES[s][1]);
        }
        double[] slow = w0.clone();
        double[][] out = new double[g.length][];
        for (int t = 0; t < g.length; t++) {
            grad.assign(Nd4j.createFromArray(g[t].clone()));
            double lr = updater.getLearningRate(t, 0);
            for (Regularization.ApplyStep when : List.of(Regularization.ApplyStep.BEFORE_UPDATER,
                    Regularization.ApplyStep.POST_UPDATER)) {
                if (when == Regularization.ApplyStep.POST_UPDATER) {
                    u.applyUpdater(grad, t, 0);
                }
                for (int s = 0; s < SHAPES.length; s++) {
                    for (Regularization h : hooks) {
                        if (h.applyStep() == when) {
                            h.apply(p[s], gv[s], lr, t, 0);
                        }
                    }
                }
            }
            params.subi(grad);
            if ((t + 1) % k == 0) {
                double[] fast = params.toDoubleVector();
                for (int i = 0; i < N; i++) {
                    slow[i] += alpha * (fast[i] - slow[i]);
                }
                params.assign(Nd4j.createFromArray(slow.clone()));
            }
            out[t] = params.toDoubleVector();
        }
        return out;
    }

    @ParameterizedTest
    @ValueSource(strings = {"adamw", "lamb", "adamp"})
    void matchesExplicitSlowWeightsOnOneBlock(String base) {
        Map<String, Double> hp = hp(base);
        double[] w0 = TensorBlock.initial(N, 41);
        double[][] g = UpdateSequence.gradients(103, N, 42); // ends mid-cycle
        double[][] actual = TensorBlock.trajectory(Optimizers.updaterPart("lookahead-" + base, hp),
                Optimizers.parameterHooks("lookahead-" + base, hp), SHAPES, w0, g);
        double[][] expected = explicitSlowWeights(base, hp, w0, g);
        double err = UpdateSequence.maxAbsDiff(actual, expected);
        System.out.println("lookahead-" + base + " vs explicit slow weights: max |Δw| = " + err);
        assertTrue(err <= TOL, "lookahead-" + base + ": max |Δw| = " + err);
        // the hooks matter: the updater-only Lookahead around the bare elementwise rule differs
        double[][] bare = TensorBlock.trajectory(new Lookahead(Optimizers.updaterPart(base, baseHp(hp)), hp.get("k").intValue(),
                hp.get("alpha")), List.of(), SHAPES, w0, g);
        assertTrue(UpdateSequence.maxAbsDiff(actual, bare) > 1e-4, "the base's hooks must act inside Lookahead");
    }

    @Test
    void adamwMatchesAPlainLoop() {
        double lr = 0.01;
        double wd = 0.1;
        int k = 4;
        double alpha = 0.6;
        double[] w0 = TensorBlock.initial(N, 43);
        double[][] g = UpdateSequence.gradients(101, N, 44);
        double[] fast = w0.clone();
        double[] slow = w0.clone();
        double[] m = new double[N];
        double[] v = new double[N];
        double[][] expected = new double[g.length][];
        for (int t = 1; t <= g.length; t++) {
            for (int i = 0; i < N; i++) {
                m[i] = 0.9 * m[i] + 0.1 * g[t - 1][i];
                v[i] = 0.999 * v[i] + 0.001 * g[t - 1][i] * g[t - 1][i];
                double step = (m[i] / (1 - Math.pow(0.9, t))) / (Math.sqrt(v[i] / (1 - Math.pow(0.999, t))) + 1e-8);
                fast[i] -= lr * step + lr * wd * fast[i];
            }
            if (t % k == 0) {
                for (int i = 0; i < N; i++) {
                    slow[i] += alpha * (fast[i] - slow[i]);
                    fast[i] = slow[i];
                }
            }
            expected[t - 1] = fast.clone();
        }
        Map<String, Double> hp = hp("adamw");
        double[][] actual = TensorBlock.trajectory(Optimizers.updaterPart("lookahead-adamw", hp),
                Optimizers.parameterHooks("lookahead-adamw", hp), SHAPES, w0, g);
        double err = UpdateSequence.maxAbsDiff(actual, expected);
        System.out.println("lookahead-adamw vs plain loop: max |Δw| = " + err);
        assertTrue(err <= TOL, "lookahead-adamw: max |Δw| = " + err);
    }

    /** The base on a network, fast weights reset to explicit slow weights every k steps. */
    private static double networkError(String base, MultiLayerNetwork net, int steps) {
        Map<String, Double> hp = hp(base);
        MultiLayerNetwork ref = ParameterHookNetworkTest.wired(base, baseHp(hp), 51);
        assertEquals(ref.params(), net.params());
        INDArray slow = ref.params().dup();
        for (int s = 0; s < steps; s++) {
            DataSet batch = NetworkHarness.batch(4000 + s);
            net.fit(batch);
            ref.fit(batch);
            if ((s + 1) % hp.get("k").intValue() == 0) {
                slow.addi(ref.params().sub(slow).muli(hp.get("alpha")));
                ref.setParams(slow);
            }
        }
        return net.params().sub(ref.params()).amaxNumber().doubleValue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"adamw", "lamb", "adamp"})
    void networkWithBiasesInTheBlockMatchesExplicitSlowWeights(String base) {
        MultiLayerNetwork net = ParameterHookNetworkTest.wired("lookahead-" + base, hp(base), 51);
        // weights (deferred to LookaheadSync) and biases (no hooks: the updater's own step) share one block
        assertEquals(1, NetworkHarness.updaterBlocks(net));
        double err = networkError(base, net, 23);
        System.out.println("lookahead-" + base + " network vs explicit slow weights: max |Δθ| = " + err);
        assertTrue(err <= TOL, "lookahead-" + base + " network: max |Δθ| = " + err);
    }

    @Test
    void computationGraphMatchesExplicitSlowWeights() {
        Map<String, Double> hp = hp("lamb");
        org.deeplearning4j.nn.graph.ComputationGraph net = SamGraphTest.graph(Optimizers.updaterPart("lookahead-lamb", hp),
                Optimizers.parameterHooks("lookahead-lamb", hp), 55);
        org.deeplearning4j.nn.graph.ComputationGraph ref = SamGraphTest.graph(Optimizers.updaterPart("lamb", baseHp(hp)),
                Optimizers.parameterHooks("lamb", baseHp(hp)), 55);
        INDArray slow = ref.params().dup();
        for (int s = 0; s < 17; s++) {
            net.fit(SamGraphTest.batch(s));
            ref.fit(SamGraphTest.batch(s));
            if ((s + 1) % 5 == 0) {
                slow.addi(ref.params().sub(slow).muli(hp.get("alpha")));
                ref.setParams(slow);
            }
        }
        double err = net.params().sub(ref.params()).amaxNumber().doubleValue();
        System.out.println("lookahead-lamb graph vs explicit slow weights: max |Δθ| = " + err);
        assertTrue(err <= TOL, "lookahead-lamb on a graph: max |Δθ| = " + err);
    }

    @Test
    void saveRestoreMidCycleContinuesExactlyAndJsonRoundTrips() throws IOException {
        // saved after 7 steps, k = 3: mid-cycle
        NetworkChecks.saveRestoreContinuesExactly(ParameterHookNetworkTest.wired("lookahead-adamp", hp("adamp"), 52), 7, 18,
                s -> NetworkHarness.batch(1000 + s));
    }

    @Test
    void floatFollowsDouble() {
        // float rounding of the gradients and moments, accumulated over 20 steps (Adam-type
        // division by √v amplifies it where v is small)
        NetworkChecks.assertFloatFollowsDouble("lookahead-lamb", ParameterHookNetworkTest.wired("lookahead-lamb",
                hp("lamb"), 53), 20, s -> NetworkHarness.batch(4500 + s), 1e-3);
    }

    @Test
    void lossFallsAndSyncWithoutMarkIsRefused() {
        double ratio = NetworkChecks.lossRatio(ParameterHookNetworkTest.wired("lookahead-adamw", Map.of("lr", 0.05), 54),
                NetworkHarness.batch(4999), 60);
        assertTrue(ratio < 0.5, "lookahead-adamw: loss ratio " + ratio);
        assertThrows(IllegalStateException.class,
                () -> new LookaheadSync().apply(Nd4j.ones(3), Nd4j.ones(3), 0.1, 0, 0));
        assertTrue(Optimizers.names().containsAll(List.of("lookahead-adamw", "lookahead-lamb", "lookahead-adamp")));
    }
}
