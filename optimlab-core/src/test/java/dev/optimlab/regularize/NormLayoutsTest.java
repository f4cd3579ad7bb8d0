package dev.optimlab.regularize;

import dev.optimlab.optim.NetworkHarness;
import static dev.optimlab.regularize.NetworkFixtures.measured;
import static dev.optimlab.regularize.NetworkFixtures.randn;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import dev.optimlab.DoublePrecision;
import dev.optimlab.regularize.norm.BatchNorm;
import dev.optimlab.regularize.norm.ChannelNormalization;
import dev.optimlab.regularize.norm.GroupNorm;
import dev.optimlab.regularize.norm.InstanceNorm;
import dev.optimlab.regularize.norm.LayerNorm;
import dev.optimlab.regularize.norm.Layout;
import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * The norm layers' input formats: build-time rejection of input they cannot normalize, NHWC/NWC
 * equal to NCHW/NCW permuted (exactly), time-series masks against a plain double loop over the
 * unmasked steps, and DL4J's gradient check on each new path.
 */
@ExtendWith(DoublePrecision.class)
class NormLayoutsTest {

    private static final String[] NAMES = {"batch-norm", "layer-norm", "group-norm", "instance-norm"};

    /** Example lengths of the masked sequences (T = 5). */
    private static final int[] LENGTHS = {5, 3, 2};

    private static Layer norm(String name) {
        return switch (name) {
            case "batch-norm" -> new BatchNorm.Builder().build();
            case "layer-norm" -> new LayerNorm.Builder().build();
            case "group-norm" -> new GroupNorm.Builder().groups(2).build();
            case "instance-norm" -> new InstanceNorm.Builder().build();
            default -> throw new IllegalArgumentException(name);
        };
    }

    private static NeuralNetConfiguration.ListBuilder list() {
        return new NeuralNetConfiguration.Builder().dataType(DataType.DOUBLE).seed(42)
                .weightInit(WeightInit.XAVIER).updater(new NoOp()).list();
    }

    private static MultiLayerNetwork net(InputType in, Layer... layers) {
        NeuralNetConfiguration.ListBuilder b = list();
        for (Layer l : layers) {
            b.layer(l);
        }
        MultiLayerNetwork n = new MultiLayerNetwork(b.setInputType(in).build());
        n.init();
        return n;
    }

    private static OutputLayer softmaxOut() {
        return new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(3).activation(Activation.SOFTMAX).build();
    }

    private static RnnOutputLayer rnnOut(RNNFormat format) {
        return new RnnOutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(3).activation(Activation.SOFTMAX)
                .dataFormat(format).build();
    }

    /** [N, T] with example i's first LENGTHS[i] steps on. */
    private static INDArray mask() {
        INDArray m = Nd4j.zeros(DataType.DOUBLE, LENGTHS.length, 5);
        for (int i = 0; i < LENGTHS.length; i++) {
            for (int t = 0; t < LENGTHS[i]; t++) {
                m.putScalar(i, t, 1.0);
            }
        }
        return m;
    }

    /** Layer 0 of a one-layer net with random γ, β (and running stats): set the same for {@code like}. */
    private static MultiLayerNetwork withParams(MultiLayerNetwork n) {
        long seed = 100;
        for (String key : n.paramTable().keySet()) {
            INDArray p = n.getParam(key);
            p.assign(randn(seed++, p.shape()).muli(0.3).addi(key.endsWith("var") || key.endsWith("gamma") ? 1 : 0));
        }
        return n;
    }

    /** y, dx and the parameter gradients of layer 0 for input x, mask and upstream gradient dy. */
    private static Map<String, INDArray> forwardBackward(MultiLayerNetwork n, INDArray x, INDArray mask, INDArray dy,
                                                         boolean training) {
        n.initGradientsView();
        org.deeplearning4j.nn.api.Layer layer = n.getLayer(0);
        LayerWorkspaceMgr mgr = LayerWorkspaceMgr.noWorkspaces();
        layer.setInput(x.dup(), mgr);
        layer.setMaskArray(mask);
        Map<String, INDArray> out = new LinkedHashMap<>();
        out.put("y", layer.activate(training, mgr).dup());
        Pair<Gradient, INDArray> back = layer.backpropGradient(dy.dup(), mgr);
        out.put("dx", back.getSecond().dup());
        back.getFirst().gradientForVariable().forEach((k, v) -> out.put(k, v.dup()));
        return out;
    }

    private static double[] values(INDArray a) {
        return a.dup('c').data().asDouble();
    }

    /** Runs the same layer channels-first and channels-last; every output must be the permutation, exactly. */
    private static void assertChannelsLastIsPermutation(String name, InputType first, InputType last, INDArray x,
                                                        INDArray mask, int... toLast) {
        MultiLayerNetwork a = withParams(net(first, norm(name)));
        MultiLayerNetwork b = withParams(net(last, norm(name)));
        assertEquals(Layout.valueOf(last.toString().contains("NWC") ? "NWC" : "NHWC"),
                ((ChannelNormalization) b.getLayer(0).conf().getLayer()).getLayout());
        INDArray dy = randn(7, x.shape());
        for (boolean training : new boolean[] {true, false}) {
            Map<String, INDArray> ra = forwardBackward(a, x, mask, dy, training);
            Map<String, INDArray> rb = forwardBackward(b, x.permute(toLast).dup('c'), mask,
                    dy.permute(toLast).dup('c'), training);
            String tag = name + " " + last + (training ? " training" : " inference");
            assertArrayEquals(values(ra.get("y").permute(toLast)), values(rb.get("y")), 0.0, tag + ": y");
            assertArrayEquals(values(ra.get("dx").permute(toLast)), values(rb.get("dx")), 0.0, tag + ": dx");
            for (String key : ra.keySet()) {
                if (!key.equals("y") && !key.equals("dx")) {
                    assertArrayEquals(values(ra.get(key)), values(rb.get(key)), 0.0, tag + ": d" + key);
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"batch-norm", "layer-norm", "group-norm", "instance-norm"})
    void nhwcIsNchwPermutedExactly(String name) {
        assertChannelsLastIsPermutation(name, InputType.convolutional(3, 4, 4),
                InputType.convolutional(3, 4, 4, CNN2DFormat.NHWC), randn(1, 2, 4, 3, 4).muli(2).addi(0.5), null,
                0, 2, 3, 1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"batch-norm", "layer-norm", "group-norm", "instance-norm"})
    void nwcIsNcwPermutedExactlyWithAMask(String name) {
        assertChannelsLastIsPermutation(name, InputType.recurrent(4, 5), InputType.recurrent(4, 5, RNNFormat.NWC),
                randn(2, 3, 4, 5).muli(2).addi(0.5), mask(), 0, 2, 1);
    }

    /** Which statistics set (example n, channel c, step t) of a [3, 4, 5] sequence belongs to, per layer. */
    private static int set(String name, int n, int c, int t) {
        return switch (name) {
            case "batch-norm" -> c;                 // per channel over the batch's (example, step) pairs
            case "layer-norm" -> n * 5 + t;         // per example and step over the channels
            case "group-norm" -> n * 2 + c / 2;     // per example and group of 2 channels over the steps
            default -> n * 4 + c;                   // instance norm: per example and channel over the steps
        };
    }

    /**
     * Training-mode output on a masked [3, 4, 5] sequence against a plain double loop: statistics over the
     * unmasked steps only, population variance, y = γ(x − μ)/√(σ² + ε) + β, and 0 at masked steps.
     */
    @ParameterizedTest
    @ValueSource(strings = {"batch-norm", "layer-norm", "group-norm", "instance-norm"})
    void maskedSequenceStatisticsMatchAPlainLoop(String name) {
        MultiLayerNetwork n = withParams(net(InputType.recurrent(4, 5), norm(name)));
        INDArray x = randn(3, 3, 4, 5).muli(2).addi(0.5);
        Map<String, INDArray> r = forwardBackward(n, x, mask(), randn(5, 3, 4, 5), true);
        INDArray y = r.get("y");
        double[] gamma = n.getParam("0_gamma").toDoubleVector();
        double[] beta = n.getParam("0_beta").toDoubleVector();
        double[] sum = new double[20];
        double[] count = new double[20];
        double[] sq = new double[20];
        for (int pass = 0; pass < 2; pass++) {
            for (int e = 0; e < 3; e++) {
                for (int c = 0; c < 4; c++) {
                    for (int t = 0; t < LENGTHS[e]; t++) {
                        int s = set(name, e, c, t);
                        double v = x.getDouble(e, c, t);
                        if (pass == 0) {
                            sum[s] += v;
                            count[s]++;
                        } else {
                            sq[s] += Math.pow(v - sum[s] / count[s], 2);
                        }
                    }
                }
            }
        }
        double worst = 0;
        for (int e = 0; e < 3; e++) {
            for (int c = 0; c < 4; c++) {
                for (int t = 0; t < 5; t++) {
                    int s = set(name, e, c, t);
                    double ref = t >= LENGTHS[e] ? 0
                            : gamma[c] * (x.getDouble(e, c, t) - sum[s] / count[s])
                                    / Math.sqrt(sq[s] / count[s] + 1e-5) + beta[c];
                    worst = Math.max(worst, Math.abs(ref - y.getDouble(e, c, t)));
                    if (t >= LENGTHS[e]) {
                        assertEquals(0.0, y.getDouble(e, c, t), 0.0, name + ": masked step must be 0");
                        // a masked input reaches no output: no statistic, and its own output is 0
                        assertEquals(0.0, r.get("dx").getDouble(e, c, t), 0.0, name + ": dL/dx at a masked step");
                    }
                }
            }
        }
        assertTrue(measured(name + " masked NCW vs loop", worst) < 1e-12, name + " differs by " + worst);
    }

    /** fit() moves the running statistics toward the batch statistics of the unmasked steps only. */
    @Test
    void maskedBatchNormRunningStatisticsMatchAPlainLoop() {
        MultiLayerNetwork n = net(InputType.recurrent(4, 5), new BatchNorm.Builder().build(), rnnOut(RNNFormat.NCW));
        INDArray x = randn(4, 3, 4, 5).muli(2).addi(0.5);
        INDArray labels = Nd4j.zeros(DataType.DOUBLE, 3, 3, 5);
        labels.get(org.nd4j.linalg.indexing.NDArrayIndex.all(), org.nd4j.linalg.indexing.NDArrayIndex.point(0),
                org.nd4j.linalg.indexing.NDArrayIndex.all()).assign(1);
        n.fit(new DataSet(x, labels, mask(), mask()));
        double worst = 0;
        for (int c = 0; c < 4; c++) {
            double sum = 0;
            int m = 0;
            for (int e = 0; e < 3; e++) {
                for (int t = 0; t < LENGTHS[e]; t++) {
                    sum += x.getDouble(e, c, t);
                    m++;
                }
            }
            double mean = sum / m;
            double sq = 0;
            for (int e = 0; e < 3; e++) {
                for (int t = 0; t < LENGTHS[e]; t++) {
                    sq += Math.pow(x.getDouble(e, c, t) - mean, 2);
                }
            }
            // running ← 0.9·running + 0.1·batch from mean 0, var 1
            worst = Math.max(worst, Math.abs(0.1 * mean - n.getParam("0_mean").getDouble(c)));
            worst = Math.max(worst, Math.abs(0.9 + 0.1 * sq / m - n.getParam("0_var").getDouble(c)));
        }
        assertTrue(measured("batch-norm masked running stats vs loop", worst) < 1e-14, "differs by " + worst);
    }

    @Test
    void gradientCheckNhwc() {
        MultiLayerNetwork n = net(InputType.convolutional(3, 3, 2, CNN2DFormat.NHWC),
                new ConvolutionLayer.Builder(2, 2).nOut(4).activation(Activation.TANH).dataFormat(CNN2DFormat.NHWC).build(),
                new GroupNorm.Builder().groups(2).build(),
                new InstanceNorm.Builder().build(),
                new BatchNorm.Builder().build(),
                new LayerNorm.Builder().build(),
                softmaxOut());
        assertTrue(GradientCheckUtil.checkGradients(new GradientCheckUtil.MLNConfig().net(n)
                .input(randn(21, 3, 3, 3, 2)).labels(NetworkFixtures.oneHot(3, 3))
                .excludeParams(Set.of("3_mean", "3_var"))
                .print(GradientCheckUtil.PrintMode.FAILURES_ONLY)));
    }

    @ParameterizedTest
    @EnumSource(RNNFormat.class)
    void gradientCheckMaskedSequence(RNNFormat format) {
        MultiLayerNetwork n = net(InputType.recurrent(4, 5, format),
                new BatchNorm.Builder().build(),
                new LayerNorm.Builder().build(),
                new GroupNorm.Builder().groups(2).build(),
                new InstanceNorm.Builder().build(),
                rnnOut(format));
        INDArray x = randn(22, 3, 4, 5);
        INDArray labels = Nd4j.zeros(DataType.DOUBLE, 3, 3, 5);
        for (int e = 0; e < 3; e++) {
            for (int t = 0; t < 5; t++) {
                labels.putScalar(e, (e + t) % 3, t, 1.0);
            }
        }
        if (format == RNNFormat.NWC) {
            x = x.permute(0, 2, 1).dup('c');
            labels = labels.permute(0, 2, 1).dup('c');
        }
        assertTrue(GradientCheckUtil.checkGradients(new GradientCheckUtil.MLNConfig().net(n)
                .input(x).labels(labels).inputMask(mask()).labelMask(mask())
                .excludeParams(Set.of("0_mean", "0_var"))
                .print(GradientCheckUtil.PrintMode.FAILURES_ONLY)));
    }

    /** In a ComputationGraph the vertices get the same time-series mask: same numbers as the MultiLayerNetwork. */
    @Test
    void maskedSequenceInAComputationGraphEqualsTheMultiLayerNetwork() {
        org.deeplearning4j.nn.graph.ComputationGraph graph = new org.deeplearning4j.nn.graph.ComputationGraph(
                new NeuralNetConfiguration.Builder().dataType(DataType.DOUBLE).seed(42).weightInit(WeightInit.XAVIER)
                        .updater(new Sgd(0.1)).graphBuilder().addInputs("in")
                        .addLayer("bn", new BatchNorm.Builder().build(), "in")
                        .addLayer("gn", new GroupNorm.Builder().groups(2).build(), "bn")
                        .addLayer("out", rnnOut(RNNFormat.NCW), "gn")
                        .setOutputs("out").setInputTypes(InputType.recurrent(4, 5)).build());
        graph.init();
        MultiLayerNetwork mln = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().dataType(DataType.DOUBLE)
                .seed(42).weightInit(WeightInit.XAVIER).updater(new Sgd(0.1)).list()
                .layer(new BatchNorm.Builder().build()).layer(new GroupNorm.Builder().groups(2).build())
                .layer(rnnOut(RNNFormat.NCW)).setInputType(InputType.recurrent(4, 5)).build());
        mln.init();
        String[] names = {"bn", "gn", "out"};
        for (int i = 0; i < names.length; i++) {
            for (String key : mln.getLayer(i).paramTable().keySet()) {
                graph.getLayer(names[i]).getParam(key).assign(mln.getLayer(i).getParam(key));
            }
        }
        INDArray x = randn(24, 3, 4, 5);
        INDArray labels = Nd4j.zeros(DataType.DOUBLE, 3, 3, 5);
        for (int e = 0; e < 3; e++) {
            for (int t = 0; t < 5; t++) {
                labels.putScalar(e, (e + t) % 3, t, 1.0);
            }
        }
        MultiLayerNetwork noMask = new MultiLayerNetwork(mln.getLayerWiseConfigurations().clone());
        noMask.init(mln.params().dup(), true);
        DataSet ds = new DataSet(x, labels, mask(), mask());
        for (int i = 0; i < 3; i++) {
            graph.fit(ds);
            mln.fit(ds);
            noMask.fit(new DataSet(x, labels));
        }
        double d = measured("masked graph vs network params", graph.params().sub(mln.params()).amaxNumber().doubleValue());
        assertEquals(0.0, d, 1e-12, "graph vs network params after 3 masked steps");
        assertTrue(noMask.params().sub(mln.params()).amaxNumber().doubleValue() > 1e-6, "the mask must matter");
    }

    /** The recorded layout is configuration: it survives JSON and ModelSerializer, and the restored net gives the same output. */
    @Test
    void layoutSurvivesJsonAndModelSerializer() throws Exception {
        MultiLayerNetwork n = net(InputType.convolutional(3, 3, 2, CNN2DFormat.NHWC),
                new ConvolutionLayer.Builder(2, 2).nOut(4).activation(Activation.TANH).dataFormat(CNN2DFormat.NHWC).build(),
                new GroupNorm.Builder().groups(2).build(), new BatchNorm.Builder().build(), softmaxOut());
        org.deeplearning4j.nn.conf.MultiLayerConfiguration conf = n.getLayerWiseConfigurations();
        org.deeplearning4j.nn.conf.MultiLayerConfiguration back =
                org.deeplearning4j.nn.conf.MultiLayerConfiguration.fromJson(conf.toJson());
        assertEquals(conf, back);
        assertEquals(Layout.NHWC, ((ChannelNormalization) back.getConf(1).getLayer()).getLayout());
        MultiLayerNetwork restored = NetworkHarness.saveAndRestore(n);
        INDArray x = randn(23, 3, 3, 3, 2);
        assertEquals(0.0, n.output(x).sub(restored.output(x)).amaxNumber().doubleValue(), 0.0);
    }

    @ParameterizedTest
    @ValueSource(strings = {"instance-norm", "group-norm"})
    void denseInputWithOneValuePerGroupFailsAtBuild(String name) {
        Layer layer = name.equals("group-norm") ? new GroupNorm.Builder().groups(4).build() : norm(name);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> list()
                .layer(new DenseLayer.Builder().nOut(4).build()).layer(layer).layer(softmaxOut())
                .setInputType(InputType.feedForward(6)).build());
        System.out.println("[message] " + e.getMessage());
        assertTrue(e.getMessage().startsWith(name + " layer"), e.getMessage());
        assertTrue(e.getMessage().contains("received input type InputTypeFeedForward(4)"), e.getMessage());
        assertTrue(e.getMessage().contains("accepts convolutional NCHW/NHWC or recurrent"), e.getMessage());
        // the same in a ComputationGraph
        assertThrows(IllegalArgumentException.class, () -> new NeuralNetConfiguration.Builder().graphBuilder()
                .addInputs("in").addLayer("norm", name.equals("group-norm") ? new GroupNorm.Builder().groups(4).build()
                        : norm(name), "in").addLayer("out", softmaxOut(), "norm").setOutputs("out")
                .setInputTypes(InputType.feedForward(4)).build());
    }

    @Test
    void acceptedInputsStillBuild() {
        net(InputType.feedForward(4), new GroupNorm.Builder().groups(2).build(), softmaxOut());
        for (String name : NAMES) {
            net(InputType.convolutional(2, 2, 4), norm(name), softmaxOut());
            net(InputType.recurrent(4), norm(name), rnnOut(RNNFormat.NCW));
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> net(InputType.recurrent(1), new LayerNorm.Builder().build(), rnnOut(RNNFormat.NCW)));
        assertTrue(e.getMessage().contains("per example and time step"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> net(InputType.recurrent(4, 1), new InstanceNorm.Builder().build(), rnnOut(RNNFormat.NCW)));
    }
}
