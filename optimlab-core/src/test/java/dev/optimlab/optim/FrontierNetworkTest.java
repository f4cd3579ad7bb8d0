package dev.optimlab.optim;

import dev.optimlab.DoublePrecision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.updater.BaseMultiLayerUpdater;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The frontier optimizers inside real networks, wired by {@link OptimizerWiring}: float tiles
 * against double loops, JSON round trip, exact continuation after a mid-run save/restore, and a
 * small network whose loss goes down.
 */
@ExtendWith(DoublePrecision.class)
class FrontierNetworkTest {


    /** Non-default values, decay switched on, so that every part is exercised. */
    static Map<String, Double> hp(String name) {
        return switch (name) {
            case "adan" -> Map.of("lr", 0.01, "beta1", 0.9, "beta2", 0.8, "beta3", 0.95, "weightDecay", 0.1);
            case "nadam" -> Map.of("lr", 0.01, "beta1", 0.85, "beta2", 0.99, "momentumDecay", 0.004);
            case "schedule-free-adamw" -> Map.of("lr", 0.01, "beta1", 0.85, "beta2", 0.99, "weightDecay", 0.05,
                    "warmupSteps", 5.0, "r", 1.0);
            case "schedule-free-sgd" -> Map.of("lr", 0.2, "momentum", 0.8, "weightDecay", 0.01, "warmupSteps", 5.0);
            case "prodigy" -> Map.of("beta1", 0.85, "beta2", 0.99, "d0", 1e-4, "growthRate", 1.1);
            default -> Map.of("lr", 0.01);
        };
    }

    static MultiLayerNetwork wired(String name, Map<String, Double> hp, long seed) {
        MultiLayerConfiguration conf = NetworkHarness.network(new Sgd(0.1), new Sgd(0.1), seed)
                .getLayerWiseConfigurations().clone();
        OptimizerWiring.apply(conf, name, hp);
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        ScheduleFree.start(net); // a no-op unless the optimizer is schedule-free
        return net;
    }

    /** Over 2500 parameters (two full tiles and a remainder), float and double updates agree. */
    @ParameterizedTest
    @ValueSource(strings = {"adan", "nadam", "prodigy"}) // schedule-free: FrontierReferenceTest
    void floatTilesAgreeWithDoubleLoops(String name) {
        double[][] g = UpdateSequence.gradients(30, 2500, 41);
        var updater = Optimizers.updaterPart(name, hp(name));
        double err = UpdateSequence.maxRelDiff(UpdateSequence.updates(updater, g, DataType.FLOAT),
                UpdateSequence.updates(updater, g, DataType.DOUBLE));
        System.out.println(name + ": float vs double, max rel |Δu| = " + err);
        assertTrue(err <= 1e-5, name + ": float vs double, max rel |Δu| = " + err);
    }

    @ParameterizedTest
    @ValueSource(strings = {"adan", "nadam", "schedule-free-adamw", "schedule-free-sgd", "prodigy"})
    void configurationJsonRoundTrips(String name) {
        MultiLayerConfiguration conf = wired(name, hp(name), 1).getLayerWiseConfigurations();
        MultiLayerConfiguration back = MultiLayerConfiguration.fromJson(conf.toJson());
        assertEquals(conf, back);
        assertEquals(Optimizers.updaterPart(name, hp(name)), ((BaseLayer) back.getConf(1).getLayer()).getUpdaterByParam("W"));
        assertEquals(Optimizers.updaterPart(name, hp(name)).clone(), Optimizers.updaterPart(name, hp(name)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"adan", "nadam", "schedule-free-adamw", "schedule-free-sgd", "prodigy"})
    void saveRestoreContinuesExactly(String name) throws Exception {
        MultiLayerNetwork uninterrupted = wired(name, hp(name), 11);
        MultiLayerNetwork first = wired(name, hp(name), 11);
        NetworkHarness.train(uninterrupted, 0, 20);
        NetworkHarness.train(first, 0, 10);
        MultiLayerNetwork restored = NetworkHarness.saveAndRestore(first);
        assertEquals(first.getLayerWiseConfigurations(), restored.getLayerWiseConfigurations());
        assertEquals(first.getUpdater().getStateViewArray(), restored.getUpdater().getStateViewArray());
        INDArray actual = NetworkHarness.train(restored, 10, 10);
        assertEquals(0.0, uninterrupted.params().sub(actual).amaxNumber().doubleValue(), 0.0, name + " after restore");
    }

    @ParameterizedTest
    @ValueSource(strings = {"adan", "nadam", "schedule-free-adamw", "schedule-free-sgd", "prodigy"})
    void smallNetworkLearnsAFixedBatch(String name) {
        MultiLayerNetwork net = wired(name, hp(name), 3);
        DataSet batch = NetworkHarness.batch(77);
        double before = net.score(batch);
        for (int i = 0; i < 150; i++) {
            net.fit(batch);
        }
        double after = ScheduleFree.atX(net, () -> net.score(batch)); // at x for schedule-free, else as is
        System.out.printf("%s: loss %.4f -> %.4f%n", name, before, after);
        assertTrue(after < 0.5 * before, name + ": loss " + before + " -> " + after);
    }

    /** atX evaluates at the state's x and puts y back bit for bit; x differs from y. */
    @Test
    void scheduleFreeEvaluatesAtXAndRestoresY() {
        MultiLayerNetwork net = wired("schedule-free-adamw", hp("schedule-free-adamw"), 5);
        NetworkHarness.train(net, 0, 15);
        INDArray y = net.params().dup();
        INDArray x = ((ScheduleFreeUpdater.State<?>) ((BaseMultiLayerUpdater<?>) net.getUpdater())
                .getUpdaterBlocks().get(0).getGradientUpdater()).x().dup();
        assertEquals(1, NetworkHarness.updaterBlocks(net));
        INDArray seen = ScheduleFree.atX(net, () -> net.params().dup());
        assertEquals(x, seen, "inside atX the parameters are x");
        assertTrue(x.sub(y).amaxNumber().doubleValue() > 1e-4, "x and y must differ after 15 steps");
        assertEquals(y, net.params(), "y is restored exactly");
        MultiLayerNetwork copy = net.clone(); // early stopping keeps clones of the best model
        assertEquals(x, ScheduleFree.atX(copy, () -> copy.params().dup()), "a clone carries x");
    }

    /** Starting is required once, and a second start (or one after a restore) changes nothing. */
    @Test
    void scheduleFreeStartIsRequiredAndIdempotent() throws Exception {
        MultiLayerConfiguration conf = NetworkHarness.network(new Sgd(0.1), new Sgd(0.1), 2)
                .getLayerWiseConfigurations().clone();
        OptimizerWiring.apply(conf, "schedule-free-sgd", Map.of());
        MultiLayerNetwork unstarted = new MultiLayerNetwork(conf);
        unstarted.init();
        assertThrows(IllegalStateException.class, () -> unstarted.fit(NetworkHarness.batch(1)));
        MultiLayerNetwork net = wired("schedule-free-sgd", hp("schedule-free-sgd"), 2);
        NetworkHarness.train(net, 0, 5);
        INDArray state = net.getUpdater().getStateViewArray().dup();
        ScheduleFree.start(net);
        assertEquals(state, net.getUpdater().getStateViewArray(), "start on a running state is a no-op");
        MultiLayerNetwork restored = NetworkHarness.saveAndRestore(net);
        ScheduleFree.start(restored);
        assertEquals(state, restored.getUpdater().getStateViewArray(), "start on a restored state is a no-op");
    }

    /**
     * Dense → batch norm → softmax with schedule-free AdamW: inside atX(net, data, ...) the
     * batch-norm mean and variance are the population statistics of the dense layer's output at
     * x over the data, computed here independently; afterwards parameters and running statistics
     * are back as they were.
     */
    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void scheduleFreeRecomputesBatchNormStatisticsAtX(boolean dl4jLayer) {
        // DL4J's layer keeps log10 √var (useLogStd), OptimLab's keeps var
        org.deeplearning4j.nn.conf.layers.Layer norm = dl4jLayer
                ? new org.deeplearning4j.nn.conf.layers.BatchNormalization.Builder().nOut(5)
                        .activation(org.nd4j.linalg.activations.Activation.TANH).build()
                : dev.optimlab.regularize.Regularizers.normLayer("batch-norm", Map.of(), 5);
        org.deeplearning4j.nn.conf.MultiLayerConfiguration conf = new org.deeplearning4j.nn.conf.NeuralNetConfiguration.Builder()
                .dataType(DataType.DOUBLE).seed(4).weightInit(org.deeplearning4j.nn.weights.WeightInit.XAVIER).list()
                .layer(new org.deeplearning4j.nn.conf.layers.DenseLayer.Builder().nIn(4).nOut(5)
                        .activation(org.nd4j.linalg.activations.Activation.IDENTITY).build())
                .layer(norm)
                .layer(new org.deeplearning4j.nn.conf.layers.OutputLayer.Builder(
                        org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction.MCXENT).nIn(5).nOut(3)
                        .activation(org.nd4j.linalg.activations.Activation.SOFTMAX).build())
                .build();
        OptimizerWiring.apply(conf, "schedule-free-adamw", Map.of("lr", 0.05));
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        ScheduleFree.start(net);
        DataSet data = NetworkHarness.batch(8);
        for (int i = 0; i < 20; i++) {
            net.fit(data);
        }
        INDArray before = net.params().dup();
        org.deeplearning4j.nn.api.Layer bn = net.getLayer(1);
        INDArray runningMean = bn.getParam("mean").dup();
        INDArray[] inside = ScheduleFree.atX(net, data, () -> {
            INDArray h = net.feedForward(data.getFeatures(), false).get(1); // the dense output at x
            INDArray mean = h.mean(0);
            INDArray var = h.var(false, 0);
            INDArray storedVar = dl4jLayer ? Transforms.pow(Nd4j.valueArrayOf(bn.getParam("log10stdev").shape(), 10.0),
                    bn.getParam("log10stdev").mul(2), false) : bn.getParam("var").dup();
            return new INDArray[] {mean, var, bn.getParam("mean").dup(), storedVar};
        });
        double meanErr = inside[0].reshape(5).sub(inside[2].reshape(5)).amaxNumber().doubleValue();
        double varErr = inside[1].reshape(5).sub(inside[3].reshape(5)).amaxNumber().doubleValue();
        System.out.println((dl4jLayer ? "dl4j" : "optimlab") + " batch norm at x: max |Δmean| = " + meanErr + ", max |Δvar| = " + varErr);
        assertTrue(meanErr <= 1e-12 && varErr <= 1e-12, "mean " + meanErr + ", var " + varErr);
        double runningVsExact = runningMean.reshape(5).sub(inside[2].reshape(5)).amaxNumber().doubleValue();
        assertTrue(runningVsExact > 1e-3, "the running mean at y must differ from the exact mean at x: " + runningVsExact);
        assertEquals(before, net.params(), "parameters and running statistics are restored");
    }
}
