package dev.optimlab.optim;

import dev.optimlab.DoublePrecision;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.regularization.L2Regularization;
import org.nd4j.linalg.learning.regularization.Regularization;
import org.nd4j.linalg.learning.regularization.WeightDecay;

/**
 * Optimizers with per-tensor hooks inside real (double) networks: wired with
 * {@link OptimizerWiring}, all parameters in one merged updater block, checked against DL4J's
 * built-ins or a per-tensor reference; JSON and save/restore.
 */
@ExtendWith(DoublePrecision.class)
class ParameterHookNetworkTest {

    private static final int STEPS = 25;


    /** The harness network's configuration with the given optimizer wired in per layer. */
    static MultiLayerNetwork wired(IUpdater updater, List<? extends Regularization> hooks, long seed) {
        MultiLayerConfiguration conf = NetworkHarness.network(new Sgd(0.1), new Sgd(0.1), seed)
                .getLayerWiseConfigurations().clone();
        OptimizerWiring.apply(conf, updater, hooks);
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        if (updater instanceof OptimLabUpdater o && o.requirements().contains(OptimLabUpdater.Requirement.START_AT_INITIAL_WEIGHTS)) {
            ScheduleFree.start(net);
        }
        return net;
    }

    static MultiLayerNetwork wired(String name, Map<String, Double> hp, long seed) {
        return wired(Optimizers.updaterPart(name, hp), Optimizers.parameterHooks(name, hp), seed);
    }

    @Test
    void adamwEqualsBuiltinAdamWithPerLayerWeightDecayAndDiffersFromL2() {
        double lr = 0.01;
        double wd = 0.05;
        Map<String, Double> hp = Map.of("lr", lr, "weightDecay", wd);
        MultiLayerNetwork ours = wired(Optimizers.updaterPart("adamw", hp, Variant.DL4J), Optimizers.parameterHooks("adamw", hp), 3);
        assertEquals(1, NetworkHarness.updaterBlocks(ours), "all parameters share one updater block");
        IUpdater builtinAdam = Optimizers.builtin("adam", Map.of("lr", lr)).orElseThrow();
        MultiLayerNetwork decay = wired(builtinAdam, List.of(new WeightDecay(wd, true)), 3);
        MultiLayerNetwork l2 = wired(builtinAdam, List.of(new L2Regularization(wd)), 3);
        for (int i = 0; i < 3; i++) {
            BaseLayer layer = (BaseLayer) decay.getLayerWiseConfigurations().getConf(i).getLayer();
            assertEquals(List.of(new WeightDecay(wd, true)), layer.getRegularization(), "set once, per layer");
            assertTrue(layer.getRegularizationBias() == null || layer.getRegularizationBias().isEmpty());
        }
        INDArray pOurs = NetworkHarness.train(ours, 0, STEPS);
        INDArray pDecay = NetworkHarness.train(decay, 0, STEPS);
        INDArray pL2 = NetworkHarness.train(l2, 0, STEPS);
        double err = pOurs.sub(pDecay).amaxNumber().doubleValue();
        System.out.println("adamw vs DL4J Adam + per-layer WeightDecay: max |Δθ| = " + err);
        assertTrue(err <= 1e-12, "adamw vs Adam + WeightDecay: max |Δθ| = " + err);
        double gap = pOurs.sub(pL2).amaxNumber().doubleValue();
        System.out.println("adamw vs DL4J Adam + L2: max |Δθ| = " + gap);
        assertTrue(gap > 1e-4, "adamw must differ from Adam + L2, max |Δθ| = " + gap);
    }

    @Test
    void lambOnMergedBlockMatchesPerTensorReference() {
        double lr = 0.01;
        double wd = 0.01;
        MultiLayerNetwork net = wired("lamb", Map.of("lr", lr, "weightDecay", wd), 4);
        assertEquals(1, NetworkHarness.updaterBlocks(net), "all parameters share one updater block");
        MultiLayerNetwork ref = wired(new Sgd(1.0), List.of(), 4);
        assertEquals(net.params(), ref.params());
        Map<String, double[][]> state = new HashMap<>();
        for (int s = 0; s < STEPS; s++) {
            DataSet batch = NetworkHarness.batch(1000 + s);
            int t = s + 1;
            for (Map.Entry<String, double[]> e : meanGradients(ref, batch).entrySet()) {
                String key = e.getKey();
                double[] g = e.getValue();
                INDArray param = paramOf(ref, key);
                double[] w = param.dup('c').data().asDouble();
                double[][] mv = state.computeIfAbsent(key, k -> new double[][] {new double[g.length], new double[g.length]});
                double[] step = new double[g.length];
                double wNorm = 0;
                double sNorm = 0;
                boolean weight = key.endsWith("_W");
                for (int i = 0; i < g.length; i++) {
                    mv[0][i] = 0.9 * mv[0][i] + 0.1 * g[i];
                    mv[1][i] = 0.999 * mv[1][i] + 0.001 * g[i] * g[i];
                    double r = (mv[0][i] / (1 - Math.pow(0.9, t))) / (Math.sqrt(mv[1][i] / (1 - Math.pow(0.999, t))) + 1e-6);
                    step[i] = weight ? r + wd * w[i] : r;
                    wNorm += w[i] * w[i];
                    sNorm += step[i] * step[i];
                }
                double ratio = weight && wNorm > 0 && sNorm > 0 ? Math.sqrt(wNorm / sNorm) : 1.0;
                for (int i = 0; i < g.length; i++) {
                    w[i] -= lr * ratio * step[i];
                }
                param.assign(Nd4j.createFromArray(w).reshape('c', param.shape()));
            }
        }
        INDArray actual = NetworkHarness.train(net, 0, STEPS);
        double err = actual.sub(ref.params()).amaxNumber().doubleValue();
        System.out.println("lamb network vs per-tensor reference: max |Δθ| = " + err);
        assertTrue(err <= 1e-10, "lamb on a network: max |Δθ| = " + err);
    }

    /** Minibatch-mean gradients of every parameter ("0_W", ...) at the current parameters, 'c' order. */
    static Map<String, double[]> meanGradients(MultiLayerNetwork net, DataSet batch) {
        net.setInput(batch.getFeatures());
        net.setLabels(batch.getLabels());
        net.computeGradientAndScore();
        Gradient gr = net.gradient();
        Map<String, double[]> out = new java.util.LinkedHashMap<>();
        for (String key : gr.gradientForVariable().keySet()) {
            out.put(key, gr.getGradientFor(key).dup('c').divi(batch.numExamples()).data().asDouble());
        }
        return out;
    }

    static INDArray paramOf(MultiLayerNetwork net, String key) {
        int sep = key.indexOf('_');
        return net.getLayer(Integer.parseInt(key.substring(0, sep))).getParam(key.substring(sep + 1));
    }

    /** The first draw of {@link OptimizerCases}: every key away from its default. */
    private static Map<String, Double> hp(String name) {
        return OptimizerCases.draw(name, 0, Variant.PAPER);
    }

    @ParameterizedTest
    @MethodSource("dev.optimlab.optim.OptimizerCases#names")
    void saveRestoreContinuesExactly(String name) throws Exception {
        MultiLayerNetwork uninterrupted = wired(name, hp(name), 11);
        MultiLayerNetwork first = wired(name, hp(name), 11);
        NetworkHarness.train(uninterrupted, 0, 20);
        NetworkHarness.train(first, 0, 10); // for lookahead the save falls mid-cycle unless k divides 10
        MultiLayerNetwork restored = NetworkHarness.saveAndRestore(first);
        assertEquals(first.getLayerWiseConfigurations(), restored.getLayerWiseConfigurations(),
                "updater and hooks must survive serialization");
        assertEquals(first.getUpdater().getStateViewArray(), restored.getUpdater().getStateViewArray());
        INDArray actual = NetworkHarness.train(restored, 10, 10);
        assertEquals(0.0, uninterrupted.params().sub(actual).amaxNumber().doubleValue(), 0.0, name + " after restore");
    }

    @ParameterizedTest
    @MethodSource("dev.optimlab.optim.OptimizerCases#names")
    void configurationJsonRoundTripsWithHooksOnWeightsOnly(String name) {
        MultiLayerConfiguration conf = wired(name, hp(name), 1).getLayerWiseConfigurations();
        MultiLayerConfiguration back = MultiLayerConfiguration.fromJson(conf.toJson());
        assertEquals(conf, back);
        BaseLayer layer = (BaseLayer) back.getConf(1).getLayer();
        IUpdater proto = Optimizers.updaterPart(name, hp(name));
        if (proto instanceof OptimLabUpdater o && o.requirements().contains(OptimLabUpdater.Requirement.PER_LAYER_WIRING)) {
            // per-layer optimizers: layer 1's weights (a hidden 6 → 5 dense matrix) take the
            // configuration wired for matrix number 1, its biases a runnable one of their own
            var ff = (org.deeplearning4j.nn.conf.layers.FeedForwardLayer) layer;
            assertEquals(o.forWeightMatrix((int) ff.getNOut(), (int) ff.getNIn(), 1), layer.getUpdaterByParam("W"));
            IUpdater bias = layer.getUpdaterByParam("b");
            assertTrue(bias instanceof OptimLabUpdater b && b.requirements().isEmpty() && !bias.equals(proto), String.valueOf(bias));
        } else {
            assertEquals(proto, layer.getUpdaterByParam("W"));
            assertEquals(proto, layer.getUpdaterByParam("b"));
        }
        List<Regularization> expected = new ArrayList<>();
        for (Regularization h : Optimizers.parameterHooks(name, hp(name))) {
            expected.add(((ParameterHook) h).forLayer(layer));
        }
        assertEquals(expected, layer.getRegularization());
        assertTrue(layer.getRegularizationBias() == null || layer.getRegularizationBias().isEmpty());
    }

    /**
     * Dense → batch norm → dense → softmax, or convolution → batch norm → softmax: the first
     * layer's weights are scale-invariant per output unit (per column of the dense [nIn, nOut]
     * weight, per filter of the convolution [nOut, nIn, kH, kW] weight).
     */
    private static MultiLayerNetwork batchNormNetwork(boolean conv, String name, Map<String, Double> hp) {
        org.deeplearning4j.nn.conf.NeuralNetConfiguration.ListBuilder b = new org.deeplearning4j.nn.conf.NeuralNetConfiguration.Builder()
                .dataType(DataType.DOUBLE).seed(17).weightInit(org.deeplearning4j.nn.weights.WeightInit.XAVIER).list();
        // No bias before batch norm: its gradient is rounding noise, which Adam would amplify.
        if (conv) {
            b.layer(new org.deeplearning4j.nn.conf.layers.ConvolutionLayer.Builder(2, 2).nIn(1).nOut(3).hasBias(false)
                            .activation(org.nd4j.linalg.activations.Activation.IDENTITY).build())
                    .layer(new org.deeplearning4j.nn.conf.layers.BatchNormalization.Builder().nOut(3)
                            .activation(org.nd4j.linalg.activations.Activation.TANH).build())
                    .layer(new org.deeplearning4j.nn.conf.layers.OutputLayer.Builder(
                            org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction.MCXENT).nOut(3)
                            .activation(org.nd4j.linalg.activations.Activation.SOFTMAX).build())
                    .setInputType(org.deeplearning4j.nn.conf.inputs.InputType.convolutionalFlat(4, 4, 1));
        } else {
            b.layer(new org.deeplearning4j.nn.conf.layers.DenseLayer.Builder().nIn(4).nOut(6).hasBias(false)
                            .activation(org.nd4j.linalg.activations.Activation.IDENTITY).build())
                    .layer(new org.deeplearning4j.nn.conf.layers.BatchNormalization.Builder().nOut(6)
                            .activation(org.nd4j.linalg.activations.Activation.TANH).build())
                    .layer(new org.deeplearning4j.nn.conf.layers.DenseLayer.Builder().nIn(6).nOut(5)
                            .activation(org.nd4j.linalg.activations.Activation.TANH).build())
                    .layer(new org.deeplearning4j.nn.conf.layers.OutputLayer.Builder(
                            org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction.MCXENT).nIn(5).nOut(3)
                            .activation(org.nd4j.linalg.activations.Activation.SOFTMAX).build());
        }
        MultiLayerConfiguration conf = b.build();
        OptimizerWiring.apply(conf, name, hp);
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    private static DataSet batchFor(boolean conv, int s) {
        DataSet d = NetworkHarness.batch(5000 + s);
        if (conv) {
            Nd4j.getRandom().setSeed(6000 + s);
            d.setFeatures(Nd4j.randn(DataType.DOUBLE, 16, 16));
        }
        return d;
    }

    /**
     * Indices of the output units' weights in a tensor flattened in 'c' order: column j of a
     * dense [nIn, nOut] weight, filter o of a convolution [nOut, nIn, kH, kW] weight.
     */
    private static int[][] units(INDArray w) {
        int n = (int) (w.rank() == 2 ? w.size(1) : w.size(0));
        int per = (int) w.length() / n;
        int[][] idx = new int[n][per];
        for (int u = 0; u < n; u++) {
            for (int r = 0; r < per; r++) {
                idx[u][r] = w.rank() == 2 ? r * n + u : u * per + r;
            }
        }
        return idx;
    }

    private static double absCos(double[] g, double[] w, int[] idx, double eps) {
        double dot = 0, gg = 0, ww = 0;
        for (int i : idx) {
            dot += g[i] * w[i];
            gg += g[i] * g[i];
            ww += w[i] * w[i];
        }
        return Math.abs(dot) / (Math.max(Math.sqrt(gg), eps) * Math.max(Math.sqrt(ww), eps));
    }

    private static void project(double[] perturb, double[] w, int[] idx, double eps) {
        double ww = 0;
        for (int i : idx) {
            ww += w[i] * w[i];
        }
        double norm = Math.sqrt(ww) + eps;
        double d = 0;
        for (int i : idx) {
            d += w[i] / norm * perturb[i];
        }
        for (int i : idx) {
            perturb[i] -= w[i] / norm * d;
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void adampOnBatchNormNetworkMatchesPerTensorReference(boolean conv) {
        double lr = 0.01;
        double wd = 0.1;
        double eps = 1e-8;
        Map<String, Double> hp = Map.of("lr", lr, "weightDecay", wd);
        MultiLayerNetwork net = batchNormNetwork(conv, "adamp", hp);
        MultiLayerNetwork ref = batchNormNetwork(conv, "sgd", Map.of("lr", 1.0));
        assertEquals(net.params(), ref.params());
        assertTrue(NetworkHarness.updaterBlocks(net) < net.paramTable().size(), "merged blocks spanning several tensors");
        Map<String, double[][]> state = new HashMap<>();
        int[] views = new int[3];
        for (int s = 0; s < STEPS; s++) {
            DataSet batch = batchFor(conv, s);
            int t = s + 1;
            for (Map.Entry<String, double[]> e : meanGradients(ref, batch).entrySet()) {
                String key = e.getKey();
                if (!GlobalNormClipping.isTrainable(ref, key)) {
                    continue; // running statistics: not compared here
                }
                double[] g = e.getValue();
                INDArray param = paramOf(ref, key);
                double[] w = param.dup('c').data().asDouble();
                double[][] mv = state.computeIfAbsent(key, k -> new double[][] {new double[g.length], new double[g.length]});
                double[] perturb = new double[g.length];
                for (int i = 0; i < g.length; i++) {
                    mv[0][i] = 0.9 * mv[0][i] + 0.1 * g[i];
                    mv[1][i] = 0.999 * mv[1][i] + 0.001 * g[i] * g[i];
                    perturb[i] = mv[0][i] / (Math.sqrt(mv[1][i]) / Math.sqrt(1 - Math.pow(0.999, t)) + eps);
                }
                double ratio = 1;
                boolean weight = key.endsWith("_W");
                if (weight) {
                    int[][] units = units(param);
                    int[] all = java.util.stream.IntStream.range(0, g.length).toArray();
                    double maxCos = 0;
                    for (int[] u : units) {
                        maxCos = Math.max(maxCos, absCos(g, w, u, eps));
                    }
                    if (maxCos < 0.1 / Math.sqrt(units[0].length)) {
                        views[1]++;
                        ratio = 0.1;
                        for (int[] u : units) {
                            project(perturb, w, u, eps);
                        }
                    } else if (absCos(g, w, all, eps) < 0.1 / Math.sqrt(g.length)) {
                        views[2]++;
                        ratio = 0.1;
                        project(perturb, w, all, eps);
                    } else {
                        views[0]++;
                    }
                }
                for (int i = 0; i < g.length; i++) {
                    double decay = weight ? lr * wd * ratio * w[i] : 0;
                    w[i] -= decay + lr / (1 - Math.pow(0.9, t)) * perturb[i];
                }
                param.assign(Nd4j.createFromArray(w).reshape('c', param.shape()));
            }
        }
        assertTrue(views[1] >= STEPS, "the weights before batch norm must be projected per unit every step: "
                + java.util.Arrays.toString(views));
        assertTrue(views[0] > 0, "other weights are not scale-invariant: " + java.util.Arrays.toString(views));
        for (int s = 0; s < STEPS; s++) {
            net.fit(batchFor(conv, s));
        }
        double err = 0;
        for (String key : net.paramTable().keySet()) {
            if (GlobalNormClipping.isTrainable(net, key)) {
                err = Math.max(err, net.getParam(key).sub(ref.getParam(key)).amaxNumber().doubleValue());
            }
        }
        System.out.println("adamp " + (conv ? "conv" : "dense") + " batch-norm network vs per-tensor reference: max |Δθ| = "
                + err + ", views none/channel/layer = " + java.util.Arrays.toString(views));
        assertTrue(err <= 1e-10, "adamp on a network: max |Δθ| = " + err);
    }
}
