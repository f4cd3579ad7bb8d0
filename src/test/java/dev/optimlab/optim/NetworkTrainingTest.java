package dev.optimlab.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.IUpdater;

/** OptimLab updaters inside real networks: parity with the built-ins, JSON and save/restore. */
class NetworkTrainingTest {

    @BeforeAll
    static void doublePrecision() {
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
    }

    /**
     * Hyperparameters that differ with {@code lr}, so that a bias updater built with another lr is
     * not {@code equals} to the weight updater (one block per tensor). AdaDelta's twin has no
     * learning rate, so its ε plays that part.
     */
    private static Map<String, Double> hyperparameters(String name, double lr) {
        return name.equals("adadelta") ? Map.of("epsilon", lr * 1e-4) : Map.of("lr", lr);
    }

    private static IUpdater ours(String name, double lr) {
        return Optimizers.create(name, hyperparameters(name, lr), Variant.DL4J);
    }

    private static IUpdater builtin(String name, double lr) {
        return Optimizers.builtin(name, hyperparameters(name, lr)).orElseThrow();
    }

    /** Every name with a twin, except adabelief: M2.1's AdaBelief cannot be instantiated in a network. */
    @ParameterizedTest
    @ValueSource(strings = {"sgd", "adam", "nesterov", "adagrad", "adadelta", "rmsprop", "amsgrad", "adamax",
            "nadam"})
    void networkEndsWithBuiltinParameters(String name) {
        for (boolean merged : new boolean[] {true, false}) {
            double biasLr = merged ? 0.01 : 0.02;
            MultiLayerNetwork a = NetworkHarness.network(ours(name, 0.01), ours(name, biasLr), 5);
            MultiLayerNetwork b = NetworkHarness.network(builtin(name, 0.01), builtin(name, biasLr), 5);
            assertEquals(a.params(), b.params(), "same seed must give the same initial parameters");
            if (!name.equals("sgd")) { // stateless updaters form no blocks with state worth counting
                assertEquals(merged ? 1 : 6, NetworkHarness.updaterBlocks(a), "updater blocks");
            }
            INDArray pa = NetworkHarness.train(a, 0, 30);
            INDArray pb = NetworkHarness.train(b, 0, 30);
            double err = pa.sub(pb).amaxNumber().doubleValue();
            System.out.printf("network %-9s %-10s max |dtheta| = %.3g%n", name, merged ? "merged" : "per-tensor", err);
            assertTrue(err <= 1e-12, name + (merged ? " merged" : " per-tensor") + ": max |Δθ| = " + err);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"sgd", "momentum", "adam", "nesterov", "adagrad", "adadelta", "rmsprop", "amsgrad", "adamax",
            "nadam", "adabelief"})
    void saveRestoreContinuesExactly(String name) throws Exception {
        IUpdater u = Optimizers.create(name, Map.of("lr", name.equals("adadelta") ? 1.0 : 0.02));
        MultiLayerNetwork uninterrupted = NetworkHarness.network(u, u, 11);
        MultiLayerNetwork first = NetworkHarness.network(u, u, 11);
        NetworkHarness.train(uninterrupted, 0, 20);
        NetworkHarness.train(first, 0, 10);
        MultiLayerNetwork restored = NetworkHarness.saveAndRestore(first);
        assertEquals(u, restored.getLayerWiseConfigurations().getConf(0).getLayer().getUpdaterByParam("W"),
                "the updater config must survive serialization");
        if (first.getUpdater().getStateViewArray() != null) {
            assertEquals(first.getUpdater().getStateViewArray(), restored.getUpdater().getStateViewArray());
        }
        INDArray expected = uninterrupted.params();
        INDArray actual = NetworkHarness.train(restored, 10, 10);
        assertEquals(0.0, expected.sub(actual).amaxNumber().doubleValue(), 0.0, name + " after restore");
    }

    @ParameterizedTest
    @ValueSource(strings = {"sgd", "momentum", "adam", "nesterov", "adagrad", "adadelta", "rmsprop", "amsgrad", "adamax",
            "nadam", "adabelief"})
    void configurationJsonRoundTrips(String name) {
        IUpdater u = Optimizers.create(name, Map.of("lr", 0.3));
        assertJsonRoundTrip(u);
        // the DL4J variant must come back as the DL4J variant
        assertJsonRoundTrip(Optimizers.create(name, Map.of("lr", 0.3), Variant.DL4J));
    }

    private static void assertJsonRoundTrip(IUpdater u) {
        MultiLayerConfiguration conf = NetworkHarness.network(u, u, 1).getLayerWiseConfigurations();
        MultiLayerConfiguration back = MultiLayerConfiguration.fromJson(conf.toJson());
        assertEquals(conf, back);
        assertEquals(u, back.getConf(1).getLayer().getUpdaterByParam("W"));
    }
}
