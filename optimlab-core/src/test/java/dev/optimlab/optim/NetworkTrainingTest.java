package dev.optimlab.optim;

import dev.optimlab.DoublePrecision;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.IUpdater;

/** OptimLab updaters inside real networks: parity with the built-ins, JSON and save/restore. */
@ExtendWith(DoublePrecision.class)
class NetworkTrainingTest {


    /**
     * Hyperparameters that differ with {@code lr}, so that a bias updater built with another lr is
     * not {@code equals} to the weight updater (one block per tensor). A twin without a learning
     * rate (AdaDelta's) gets ε varied instead.
     */
    private static Map<String, Double> hyperparameters(String name, double lr) {
        boolean hasLr = Optimizers.builtin(name, Map.of()).orElseThrow().hasLearningRate();
        return hasLr ? Map.of("lr", lr) : Map.of("epsilon", lr * 1e-4);
    }

    private static IUpdater ours(String name, double lr) {
        return Optimizers.updaterPart(name, hyperparameters(name, lr), Variant.DL4J);
    }

    private static IUpdater builtin(String name, double lr) {
        return Optimizers.builtin(name, hyperparameters(name, lr)).orElseThrow();
    }

    /** Every name with a twin, except adabelief: M2.1's AdaBelief cannot be instantiated in a network. */
    static java.util.stream.Stream<String> twinsUsableInANetwork() {
        return OptimizerCases.withBuiltin().filter(n -> !n.equals("adabelief"));
    }

    @ParameterizedTest
    @MethodSource("twinsUsableInANetwork")
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

    /** The DL4J variant must come back as the DL4J variant (the paper variant: ParameterHookNetworkTest). */
    @ParameterizedTest
    @MethodSource("dev.optimlab.optim.OptimizerCases#names")
    void dl4jVariantJsonRoundTrips(String name) {
        assertJsonRoundTrip(Optimizers.updaterPart(name, Map.of(), Variant.DL4J));
    }

    private static void assertJsonRoundTrip(IUpdater u) {
        MultiLayerConfiguration conf = NetworkHarness.network(u, u, 1).getLayerWiseConfigurations();
        MultiLayerConfiguration back = MultiLayerConfiguration.fromJson(conf.toJson());
        assertEquals(conf, back);
        assertEquals(u, back.getConf(1).getLayer().getUpdaterByParam("W"));
    }
}
