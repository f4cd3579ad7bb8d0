package dev.optimlab.regularize;

import dev.optimlab.DoublePrecision;
import org.junit.jupiter.api.extension.ExtendWith;

import static dev.optimlab.regularize.NetworkFixtures.copyParams;
import static dev.optimlab.regularize.NetworkFixtures.maxAbsDiff;
import static dev.optimlab.regularize.NetworkFixtures.measured;
import static dev.optimlab.regularize.NetworkFixtures.oneHot;
import static dev.optimlab.regularize.NetworkFixtures.randn;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Set;

import dev.optimlab.regularize.norm.BatchNorm;
import dev.optimlab.regularize.norm.GroupNorm;
import dev.optimlab.regularize.norm.InstanceNorm;
import dev.optimlab.regularize.norm.LayerNorm;
import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * Batch, layer, instance and group normalization: parity with DL4J's built-ins where they exist,
 * a plain-loop reference where they don't, DL4J's gradient check (dense and convolutional), and the
 * group-count identities.
 */
@ExtendWith(DoublePrecision.class)
class NormalizationLayersTest {


    private static MultiLayerNetwork net(InputType inputType, Object updater, Layer... layers) {
        NeuralNetConfiguration.ListBuilder b = new NeuralNetConfiguration.Builder()
                .dataType(DataType.DOUBLE).seed(42).weightInit(WeightInit.XAVIER)
                .updater((org.nd4j.linalg.learning.config.IUpdater) updater).list();
        for (Layer l : layers) {
            b.layer(l);
        }
        MultiLayerConfiguration conf = b.setInputType(inputType).build();
        MultiLayerNetwork n = new MultiLayerNetwork(conf);
        n.init();
        return n;
    }

    private static OutputLayer softmaxOut(int nOut) {
        return new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(nOut).activation(Activation.SOFTMAX).build();
    }

    /** Compares outputs (train and test mode), gradients and, after SGD steps, all params incl. running stats. */
    private static void assertBatchNormParity(InputType in, Layer front, Layer frontTwin, INDArray x, INDArray y) {
        MultiLayerNetwork dl4j = net(in, new Sgd(0.1), front,
                new BatchNormalization.Builder().useLogStd(false).build(), softmaxOut(3));
        MultiLayerNetwork ours = net(in, new Sgd(0.1), frontTwin, new BatchNorm.Builder().build(), softmaxOut(3));
        copyParams(dl4j, ours);
        // Non-trivial running stats so inference mode is really tested.
        dl4j.getParam("1_mean").assign(randn(3, dl4j.getParam("1_mean").shape()).muli(0.3));
        dl4j.getParam("1_var").assign(randn(4, dl4j.getParam("1_var").shape()).muli(0.3)).addi(1.2);
        copyParams(dl4j, ours);

        String tag = "batch-norm vs DL4J (" + in.getType() + ") ";
        assertTrue(measured(tag + "inference output", maxAbsDiff(dl4j.output(x, false), ours.output(x, false))) < 1e-12);
        assertTrue(measured(tag + "training output", maxAbsDiff(dl4j.output(x, true), ours.output(x, true))) < 1e-12);
        INDArray meanBefore = ours.getParam("1_mean").dup();
        ours.output(x, true);
        assertEquals(0.0, maxAbsDiff(meanBefore, ours.getParam("1_mean")), "output() must not move running stats");

        for (MultiLayerNetwork n : new MultiLayerNetwork[] {dl4j, ours}) {
            n.setInput(x);
            n.setLabels(y);
            n.computeGradientAndScore();
        }
        assertEquals(dl4j.score(), ours.score(), 1e-12);
        double worstGradient = 0;
        for (String key : dl4j.paramTable().keySet()) {
            double d = maxAbsDiff(dl4j.gradient().getGradientFor(key).reshape(-1),
                    ours.gradient().getGradientFor(key).reshape(-1));
            worstGradient = Math.max(worstGradient, d);
            assertTrue(d < 1e-10, "gradient " + key + " differs by " + d);
        }
        measured(tag + "max gradient diff", worstGradient);
        DataSet ds = new DataSet(x, y);
        for (int i = 0; i < 3; i++) {
            dl4j.fit(ds);
            ours.fit(ds);
        }
        double worstParam = 0;
        for (String key : dl4j.paramTable().keySet()) {
            double d = maxAbsDiff(dl4j.getParam(key).reshape(-1), ours.getParam(key).reshape(-1));
            worstParam = Math.max(worstParam, d);
            assertTrue(d < 1e-10, "after 3 steps " + key + " differs by " + d);
        }
        measured(tag + "max param diff after 3 SGD steps (incl. running mean/var)", worstParam);
        assertTrue(maxAbsDiff(meanBefore, ours.getParam("1_mean")) > 1e-3, "fit must move running stats");
    }

    @Test
    void batchNormMatchesDl4jOnDenseInput() {
        INDArray x = randn(1, 10, 4).muli(2).addi(0.5);
        assertBatchNormParity(InputType.feedForward(4),
                new DenseLayer.Builder().nOut(5).activation(Activation.TANH).build(),
                new DenseLayer.Builder().nOut(5).activation(Activation.TANH).build(), x, oneHot(10, 3));
    }

    @Test
    void batchNormMatchesDl4jOnConvolutionalInput() {
        INDArray x = randn(2, 4, 2, 5, 5);
        assertBatchNormParity(InputType.convolutional(5, 5, 2),
                new ConvolutionLayer.Builder(2, 2).nOut(3).activation(Activation.TANH).build(),
                new ConvolutionLayer.Builder(2, 2).nOut(3).activation(Activation.TANH).build(), x, oneHot(4, 3));
    }

    @Test
    void layerNormMatchesDl4jDenseLayerNorm() {
        INDArray x = randn(5, 7, 4).muli(3);
        MultiLayerNetwork dl4j = net(InputType.feedForward(4), new NoOp(),
                new DenseLayer.Builder().nOut(6).activation(Activation.TANH).hasLayerNorm(true).build(), softmaxOut(3));
        MultiLayerNetwork ours = net(InputType.feedForward(4), new NoOp(),
                new DenseLayer.Builder().nOut(6).activation(Activation.IDENTITY).hasBias(false).build(),
                new LayerNorm.Builder().epsilon(1e-12).build(),
                new ActivationLayer.Builder().activation(Activation.TANH).build(), softmaxOut(3));
        dl4j.getParam("0_g").assign(randn(6, 6).muli(0.5).addi(1));
        dl4j.getParam("0_b").assign(randn(7, 6).muli(0.5));
        Map<String, String> twin = Map.of("0_W", "0_W", "0_g", "1_gamma", "0_b", "1_beta", "1_W", "3_W", "1_b", "3_b");
        twin.forEach((k, v) -> ours.getParam(v).assign(dl4j.getParam(k).reshape(ours.getParam(v).shape())));

        assertTrue(measured("layer-norm vs DL4J hasLayerNorm output", maxAbsDiff(dl4j.output(x), ours.output(x))) < 1e-9);
        INDArray y = oneHot(7, 3);
        for (MultiLayerNetwork n : new MultiLayerNetwork[] {dl4j, ours}) {
            n.setInput(x);
            n.setLabels(y);
            n.computeGradientAndScore();
        }
        for (Map.Entry<String, String> e : twin.entrySet()) {
            double d = maxAbsDiff(dl4j.gradient().getGradientFor(e.getKey()).reshape(-1),
                    ours.gradient().getGradientFor(e.getValue()).reshape(-1));
            measured("layer-norm vs DL4J gradient " + e.getKey(), d);
            assertTrue(d < 1e-8, "gradient " + e.getKey() + " vs " + e.getValue() + " differs by " + d);
        }
    }

    /** Group norm forward against plain loops in double precision. */
    @Test
    void groupNormMatchesLoopReference() {
        int n = 2, c = 6, h = 3, w = 2, g = 3;
        MultiLayerNetwork ours = net(InputType.convolutional(h, w, c), new NoOp(),
                new GroupNorm.Builder().groups(g).epsilon(1e-3).build(), softmaxOut(3));
        INDArray gamma = randn(8, c), beta = randn(9, c);
        ours.getParam("0_gamma").assign(gamma);
        ours.getParam("0_beta").assign(beta);
        INDArray x = randn(10, n, c, h, w).muli(2).addi(1);
        INDArray out = ours.feedForward(x, false).get(1);
        double maxErr = 0;
        int per = c / g;
        for (int e = 0; e < n; e++) {
            for (int grp = 0; grp < g; grp++) {
                double sum = 0, sq = 0;
                int m = per * h * w;
                for (int ch = grp * per; ch < (grp + 1) * per; ch++) {
                    for (int i = 0; i < h; i++) {
                        for (int j = 0; j < w; j++) {
                            sum += x.getDouble(e, ch, i, j);
                        }
                    }
                }
                double mu = sum / m;
                for (int ch = grp * per; ch < (grp + 1) * per; ch++) {
                    for (int i = 0; i < h; i++) {
                        for (int j = 0; j < w; j++) {
                            sq += Math.pow(x.getDouble(e, ch, i, j) - mu, 2);
                        }
                    }
                }
                double sd = Math.sqrt(sq / m + 1e-3);
                for (int ch = grp * per; ch < (grp + 1) * per; ch++) {
                    for (int i = 0; i < h; i++) {
                        for (int j = 0; j < w; j++) {
                            double ref = gamma.getDouble(ch) * (x.getDouble(e, ch, i, j) - mu) / sd + beta.getDouble(ch);
                            maxErr = Math.max(maxErr, Math.abs(ref - out.getDouble(e, ch, i, j)));
                        }
                    }
                }
            }
        }
        assertTrue(measured("group-norm vs loop reference", maxErr) < 1e-12);
    }

    /**
     * Group norm (G = 1, 2, 4 of 4 channels: layer, group and instance norm) against a plain loop
     * written from Wu &amp; He §3.1, forward and backward: y, and for an arbitrary upstream gradient
     * dL/dy the gradients of γ, β and the input, the latter from the chain rule through μ and σ².
     */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(ints = {1, 2, 4})
    void groupNormMatchesAPlainLoopForwardAndBackward(int groups) {
        int n = 3;
        int c = 4;
        int hw = 6;
        double eps = 1e-5;
        INDArray x = randn(11, n, c, 2, 3).muli(2).addi(0.5);
        INDArray gamma = randn(12, c).addi(1);
        INDArray beta = randn(13, c);
        INDArray dy = randn(14, n, c, 2, 3);
        MultiLayerNetwork net = net(InputType.convolutional(2, 3, c), new NoOp(),
                new GroupNorm.Builder().groups(groups).build(), softmaxOut(3));
        net.getParam("0_gamma").assign(gamma);
        net.getParam("0_beta").assign(beta);
        net.initGradientsView(); // the layer writes its parameter gradients into the network's view
        org.deeplearning4j.nn.api.Layer layer = net.getLayer(0);
        org.deeplearning4j.nn.workspace.LayerWorkspaceMgr mgr = org.deeplearning4j.nn.workspace.LayerWorkspaceMgr.noWorkspaces();
        layer.setInput(x.dup(), mgr);
        INDArray y = layer.activate(true, mgr).dup();
        org.nd4j.common.primitives.Pair<org.deeplearning4j.nn.gradient.Gradient, INDArray> back = layer.backpropGradient(dy.dup(), mgr);
        double[] xs = x.dup('c').data().asDouble();
        double[] dys = dy.dup('c').data().asDouble();
        double[] g = gamma.toDoubleVector();
        double[] b = beta.toDoubleVector();
        double[] yRef = new double[xs.length];
        double[] dxRef = new double[xs.length];
        double[] dGamma = new double[c];
        double[] dBeta = new double[c];
        int per = c / groups * hw; // elements of one group of one example
        for (int e = 0; e < n; e++) {
            for (int k = 0; k < groups; k++) {
                int from = e * c * hw + k * per;
                double mean = 0;
                for (int i = from; i < from + per; i++) {
                    mean += xs[i] / per;
                }
                double var = 0;
                for (int i = from; i < from + per; i++) {
                    var += (xs[i] - mean) * (xs[i] - mean) / per;
                }
                double inv = 1 / Math.sqrt(var + eps);
                // dL/dx̂ = dy·γ; dL/dσ² = Σ dx̂·(x − μ)·(−½)(σ² + ε)^(−3/2); dL/dμ = Σ −dx̂·inv + dσ²·Σ −2(x − μ)/M
                double dVar = 0;
                double dMean = 0;
                for (int i = from; i < from + per; i++) {
                    int ch = (i / hw) % c;
                    double dxHat = dys[i] * g[ch];
                    dVar += dxHat * (xs[i] - mean) * -0.5 * Math.pow(var + eps, -1.5);
                    dMean += -dxHat * inv;
                    double xHat = (xs[i] - mean) * inv;
                    yRef[i] = g[ch] * xHat + b[ch];
                    dGamma[ch] += dys[i] * xHat;
                    dBeta[ch] += dys[i];
                }
                for (int i = from; i < from + per; i++) {
                    int ch = (i / hw) % c;
                    dxRef[i] = dys[i] * g[ch] * inv + dVar * 2 * (xs[i] - mean) / per + dMean / per;
                }
            }
        }
        // double: sums over 6..24 elements, a few roundings of 1.1e-16 relative to values of order 1..10
        assertArrayEquals(yRef, y.dup('c').data().asDouble(), 1e-12, "forward, G = " + groups);
        assertArrayEquals(dxRef, back.getSecond().dup('c').data().asDouble(), 1e-12, "dL/dx, G = " + groups);
        assertArrayEquals(dGamma, back.getFirst().getGradientFor("gamma").toDoubleVector(), 1e-12, "dL/dγ");
        assertArrayEquals(dBeta, back.getFirst().getGradientFor("beta").toDoubleVector(), 1e-12, "dL/dβ");
    }

    @Test
    void groupsMustDivideChannels() {
        assertThrows(IllegalArgumentException.class, () -> new GroupNorm.Builder().groups(3).channels(4).build());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> net(InputType.feedForward(6),
                new NoOp(), new GroupNorm.Builder().build(), softmaxOut(3)));
        assertEquals("group-norm: groups must divide the 6 channels, got 32", e.getMessage());
    }

    @Test
    void gradientCheckDense() {
        MultiLayerNetwork n = net(InputType.feedForward(4), new NoOp(),
                new DenseLayer.Builder().nOut(6).activation(Activation.TANH).build(),
                new BatchNorm.Builder().build(),
                new LayerNorm.Builder().build(),
                new DenseLayer.Builder().nOut(4).activation(Activation.TANH).build(),
                new GroupNorm.Builder().groups(2).build(),
                softmaxOut(3));
        assertTrue(GradientCheckUtil.checkGradients(new GradientCheckUtil.MLNConfig().net(n)
                .input(randn(20, 8, 4)).labels(oneHot(8, 3))
                .excludeParams(Set.of("1_mean", "1_var"))
                .print(GradientCheckUtil.PrintMode.FAILURES_ONLY)));
    }

    @Test
    void gradientCheckConvolutional() {
        // 3×3 input keeps the output layer small, so the check's time goes to the norm layers.
        MultiLayerNetwork n = net(InputType.convolutional(3, 3, 2), new NoOp(),
                new ConvolutionLayer.Builder(2, 2).nOut(4).activation(Activation.TANH).build(),
                new GroupNorm.Builder().groups(2).build(),
                new InstanceNorm.Builder().build(),
                new BatchNorm.Builder().build(),
                new LayerNorm.Builder().build(),
                softmaxOut(3));
        assertTrue(GradientCheckUtil.checkGradients(new GradientCheckUtil.MLNConfig().net(n)
                .input(randn(21, 3, 2, 3, 3)).labels(oneHot(3, 3))
                .excludeParams(Set.of("3_mean", "3_var"))
                .print(GradientCheckUtil.PrintMode.FAILURES_ONLY)));
    }

    /** The layers also run in FLOAT networks (the experiments' default) and agree with DOUBLE to float accuracy. */
    @Test
    void floatNetworkAgreesWithDouble() {
        INDArray x = randn(30, 6, 2, 4, 4);
        DataSet ds = new DataSet(x, oneHot(6, 3));
        INDArray[] outputs = new INDArray[2];
        DataType[] types = {DataType.DOUBLE, DataType.FLOAT};
        for (int t = 0; t < 2; t++) {
            MultiLayerNetwork n = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().dataType(types[t]).seed(42)
                    .weightInit(WeightInit.XAVIER).updater(new Sgd(0.1)).list()
                    .layer(new ConvolutionLayer.Builder(2, 2).nOut(4).activation(Activation.TANH).build())
                    .layer(new BatchNorm.Builder().build())
                    .layer(new GroupNorm.Builder().groups(2).build())
                    .layer(new InstanceNorm.Builder().build())
                    .layer(new LayerNorm.Builder().build())
                    .layer(softmaxOut(3))
                    .setInputType(InputType.convolutional(4, 4, 2)).build());
            n.init();
            for (int i = 0; i < 3; i++) {
                n.fit(ds);
            }
            outputs[t] = n.output(x, false).castTo(DataType.DOUBLE);
        }
        assertTrue(measured("norm layers FLOAT vs DOUBLE after 3 steps", maxAbsDiff(outputs[0], outputs[1])) < 1e-4);
    }

    /** The layers also work as ComputationGraph vertices: JSON round-trip and the same numbers as the MLN. */
    @Test
    void worksInAComputationGraph() {
        org.deeplearning4j.nn.conf.ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder()
                .dataType(DataType.DOUBLE).seed(42).weightInit(WeightInit.XAVIER).updater(new Sgd(0.1))
                .graphBuilder().addInputs("in")
                .addLayer("dense", new DenseLayer.Builder().nOut(6).activation(Activation.TANH).build(), "in")
                .addLayer("bn", new BatchNorm.Builder().build(), "dense")
                .addLayer("gn", new GroupNorm.Builder().groups(2).build(), "bn")
                .addLayer("out", softmaxOut(3), "gn")
                .setOutputs("out").setInputTypes(InputType.feedForward(4)).build();
        assertEquals(conf, org.deeplearning4j.nn.conf.ComputationGraphConfiguration.fromJson(conf.toJson()));
        org.deeplearning4j.nn.graph.ComputationGraph graph = new org.deeplearning4j.nn.graph.ComputationGraph(conf);
        graph.init();
        MultiLayerNetwork mln = net(InputType.feedForward(4), new Sgd(0.1),
                new DenseLayer.Builder().nOut(6).activation(Activation.TANH).build(), new BatchNorm.Builder().build(),
                new GroupNorm.Builder().groups(2).build(), softmaxOut(3));
        String[] names = {"dense", "bn", "gn", "out"};
        for (int i = 0; i < names.length; i++) {
            for (String key : mln.getLayer(i).paramTable().keySet()) {
                graph.getLayer(names[i]).getParam(key).assign(mln.getLayer(i).getParam(key));
            }
        }
        INDArray x = randn(31, 10, 4);
        DataSet ds = new DataSet(x, oneHot(10, 3));
        for (int i = 0; i < 3; i++) {
            graph.fit(ds);
            mln.fit(ds);
        }
        assertTrue(measured("ComputationGraph vs MultiLayerNetwork after 3 steps",
                maxAbsDiff(graph.outputSingle(false, x), mln.output(x, false))) < 1e-12);
    }
}
