package dev.optimlab.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.transferlearning.FineTuneConfiguration;
import org.deeplearning4j.nn.transferlearning.TransferLearning;
import org.deeplearning4j.nn.weights.WeightInit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.nd4j.linalg.schedule.ExponentialSchedule;
import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.linalg.schedule.ScheduleType;

/**
 * An optimizer is one value ({@link Optimizer}) and no API path drops part of it: {@code create}
 * refuses what an IUpdater cannot carry, every {@code applyTo} wires the hooks (they act: the
 * weights differ from plain Adam's), bad input is refused with the key, and DL4J's schedule
 * idioms work.
 */
class OptimizerValueTest {

    private static NeuralNetConfiguration.ListBuilder list(long seed) {
        return new NeuralNetConfiguration.Builder().seed(seed).dataType(DataType.DOUBLE).weightInit(WeightInit.XAVIER)
                .list()
                .layer(new DenseLayer.Builder().nIn(4).nOut(6).activation(Activation.TANH).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(6).nOut(3)
                        .activation(Activation.SOFTMAX).build());
    }

    /** Drawn once: NetworkHarness.batch(s) drawn twice was seen to differ between draws. */
    private static final List<org.nd4j.linalg.dataset.DataSet> BATCHES =
            java.util.stream.IntStream.range(0, 8).mapToObj(NetworkHarness::batch).toList();

    private static MultiLayerNetwork trained(MultiLayerNetwork net, int steps) {
        for (int s = 0; s < steps; s++) {
            net.fit(BATCHES.get(s).copy());
        }
        return net;
    }

    private static MultiLayerNetwork wired(Optimizer o, long seed) {
        MultiLayerNetwork net = new MultiLayerNetwork(o.applyTo(list(seed).build()));
        net.init();
        return net;
    }

    @ParameterizedTest
    @MethodSource("dev.optimlab.optim.OptimizerCases#names")
    void createReturnsTheUpdaterOnlyWhenItIsTheWholeOptimizer(String name) {
        Optimizer o = Optimizers.optimizer(name, Map.of());
        boolean partial = !o.hooks().isEmpty() || o.requirements().contains(OptimLabUpdater.Requirement.PER_LAYER_WIRING);
        if (partial) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Optimizers.create(name, Map.of()));
            assertTrue(e.getMessage().contains(name) && e.getMessage().contains("Optimizers.optimizer("), e.getMessage());
        } else {
            assertEquals(o.updater(), Optimizers.create(name, Map.of()));
        }
    }

    @Test
    void theHookedOptimizersAreRefusedByCreate() {
        for (String name : List.of("adamw", "adamp", "lamb", "lookahead-adamw", "lookahead-lamb", "lookahead-adamp",
                "muon", "shampoo")) {
            assertThrows(IllegalArgumentException.class, () -> Optimizers.create(name, Map.of()), name);
        }
        assertThrows(IllegalArgumentException.class, () -> Optimizers.create("lion", Map.of("weightDecay", 0.1)));
        assertThrows(IllegalArgumentException.class, () -> Optimizers.create("adan", Map.of("weightDecay", 0.02)));
        assertEquals(new Lion(1e-4, 0.9, 0.99), Optimizers.create("lion", Map.of()), "lion without decay is an updater");
    }

    @Test
    void badInputIsRefusedWithItsKeyAndRange() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Optimizers.optimizer("adamw", Map.of("weightDecay", -0.1)));
        assertTrue(e.getMessage().contains("weightDecay") && e.getMessage().contains("[0, inf)"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Optimizers.create("adamw", Map.of("weightDecay", -0.1)));
        assertTrue(e.getMessage().contains("weightDecay") && e.getMessage().contains("[0, inf)"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Optimizers.create("adam", null));
        assertTrue(e.getMessage().contains("hyperparameters are null"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Optimizers.optimizer(null, Map.of()));
        assertTrue(e.getMessage().contains("name is null") && e.getMessage().contains("adamw"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Optimizers.optimizer("adam", Map.of(), null));
        assertTrue(e.getMessage().contains("variant"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"adamw", "lamb", "adamp"})
    void theHooksChangeTheWeights(String name) {
        Map<String, Double> hp = Map.of("lr", 0.05, "weightDecay", 0.3);
        double[] hooked = trained(wired(Optimizers.optimizer(name, hp), 5), 8).params().toDoubleVector();
        double[] adam = trained(wired(Optimizers.optimizer("adam", Map.of("lr", 0.05)), 5), 8).params().toDoubleVector();
        double maxDiff = 0;
        for (int i = 0; i < adam.length; i++) {
            maxDiff = Math.max(maxDiff, Math.abs(hooked[i] - adam[i]));
        }
        assertTrue(maxDiff > 1e-3, name + ": the hooks must change the weights, max |Δ| = " + maxDiff);
    }

    /** A network built with plain Adam, then {@code applyTo(net)}: one step later, Adam's step plus the decay η·λ·w. */
    @Test
    void applyingToABuiltNetworkAddsTheHooks() {
        double lr = 0.05;
        double wd = 0.3;
        MultiLayerNetwork plain = wired(Optimizers.optimizer("adam", Map.of("lr", lr, "epsilon", 1.0)), 5);
        MultiLayerNetwork tuned = Optimizers.optimizer("adamw", Map.of("lr", lr, "weightDecay", wd, "epsilon", 1.0))
                .applyTo(wired(Optimizers.optimizer("adam", Map.of("lr", lr)), 5));
        assertDecayedOneStep(plain, tuned, lr * wd, 1e-12);
    }

    /**
     * A transfer-learning result: its fine-tune configuration carries an updater but no hooks;
     * {@code applyTo(net)} puts them into the configurations its layers use.
     */
    @Test
    void aTransferLearningResultTakesTheHooks() {
        MultiLayerNetwork tuned = Optimizers.optimizer("adamw", Map.of("weightDecay", 0.3))
                .applyTo(new TransferLearning.Builder(wired(Optimizers.optimizer("adam", Map.of()), 5))
                        .fineTuneConfiguration(new FineTuneConfiguration.Builder().updater(new Sgd(0.1)).build()).build());
        for (int i = 0; i < 2; i++) {
            BaseLayer layer = (BaseLayer) tuned.getLayer(i).conf().getLayer();
            assertEquals(List.of(new DecoupledWeightDecay(0.3)), layer.getRegularization(), "layer " + i);
            assertEquals(new Adam(), layer.getIUpdater(), "layer " + i);
        }
        for (var block : ((org.deeplearning4j.nn.updater.MultiLayerUpdater) tuned.getUpdater()).getUpdaterBlocks()) {
            assertEquals(new Adam(), block.getGradientUpdater().getConfig(), "the updater is rebuilt from the new configurations");
        }
    }

    @Test
    void applyingToABuiltGraphAddsTheHooks() {
        double lr = 0.05;
        double wd = 0.3;
        ComputationGraph plain = SamGraphTest.graph(new Adam(lr), List.of(), 8);
        ComputationGraph tuned = Optimizers.optimizer("adamw", Map.of("lr", lr, "weightDecay", wd))
                .applyTo(SamGraphTest.graph(new Adam(lr), List.of(), 8));
        assertDecayedOneStep(plain, tuned, lr * wd, 1e-12);
    }

    private static void assertDecayedOneStep(org.deeplearning4j.nn.api.Model plain, org.deeplearning4j.nn.api.Model tuned,
            double decay, double tolerance) {
        Map<String, double[]> w0 = new java.util.TreeMap<>();
        tuned.paramTable().forEach((k, v) -> w0.put(k, v.dup().data().asDouble()));
        if (plain instanceof MultiLayerNetwork p) {
            org.nd4j.linalg.dataset.DataSet batch = BATCHES.get(0);
            p.fit(batch.copy());
            ((MultiLayerNetwork) tuned).fit(batch.copy());
        } else {
            org.nd4j.linalg.dataset.api.MultiDataSet batch = SamGraphTest.batch(0);
            ((ComputationGraph) plain).fit(batch);
            ((ComputationGraph) tuned).fit(batch);
        }
        for (Map.Entry<String, double[]> e : w0.entrySet()) {
            double[] a = plain.paramTable().get(e.getKey()).dup().data().asDouble();
            double[] b = tuned.paramTable().get(e.getKey()).dup().data().asDouble();
            boolean weights = e.getKey().endsWith("W");
            for (int i = 0; i < a.length; i++) {
                double expected = weights ? -decay * e.getValue()[i] : 0.0;
                assertEquals(expected, b[i] - a[i], tolerance, e.getKey() + "[" + i + "]");
            }
        }
    }

    @Test
    void aGlobalBuilderTakesAWholeUpdaterAndRefusesHooks() {
        NeuralNetConfiguration.Builder b = new NeuralNetConfiguration.Builder();
        Optimizers.optimizer("radam", Map.of()).applyTo(b);
        MultiLayerConfiguration conf = b.list().layer(new DenseLayer.Builder().nIn(2).nOut(2).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nIn(2).nOut(1)
                        .activation(Activation.IDENTITY).build()).build();
        assertEquals(new RAdam(), ((BaseLayer) conf.getConf(0).getLayer()).getIUpdater());
        for (String name : List.of("adamw", "muon")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Optimizers.optimizer(name, Map.of()).applyTo(new NeuralNetConfiguration.Builder()));
            assertTrue(e.getMessage().contains("applyTo(conf)"), e.getMessage());
        }
    }

    @Test
    void dl4jsScheduleIdiomsWork() {
        ISchedule schedule = new ExponentialSchedule(ScheduleType.ITERATION, 0.05, 0.9);
        Adam idiom = new Adam();
        idiom.setLrAndSchedule(Double.NaN, schedule);
        Adam constructed = new Adam(schedule);
        Adam chained = (Adam) new Adam(0.05).schedule(schedule);
        assertEquals(chained, constructed);
        assertEquals(chained, idiom.clone(), "clone after setLrAndSchedule(NaN, s) used to throw 'lr must be in (0, inf)'");
        NeuralNetConfiguration.Builder global = new NeuralNetConfiguration.Builder().seed(2).dataType(DataType.DOUBLE)
                .weightInit(WeightInit.XAVIER).updater(idiom);
        MultiLayerNetwork net = new MultiLayerNetwork(global.list()
                .layer(new DenseLayer.Builder().nIn(4).nOut(6).activation(Activation.TANH).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(6).nOut(3)
                        .activation(Activation.SOFTMAX).build()).build());
        net.init();
        assertEquals(chained, ((BaseLayer) net.getLayerWiseConfigurations().getConf(1).getLayer()).getIUpdater());
        trained(net, 3);
        for (IUpdater u : List.<IUpdater>of(new Sgd(schedule), new AdaGrad(schedule), new RmsProp(schedule),
                new AMSGrad(schedule), new AdaMax(schedule), new Nadam(schedule), new AdaBelief(schedule))) {
            assertEquals(schedule, ((OptimLabUpdater) u).getLearningRateSchedule(), u.toString());
            assertEquals(0.05 * 0.9 * 0.9, u.getLearningRate(2, 0), 1e-15, u.toString());
        }
        assertThrows(IllegalArgumentException.class, () -> new Adam((ISchedule) null));
        assertThrows(IllegalArgumentException.class, () -> new Adam().setLrAndSchedule(Double.NaN, null));
    }
}
