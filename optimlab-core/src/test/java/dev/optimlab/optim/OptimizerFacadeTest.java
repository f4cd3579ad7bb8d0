package dev.optimlab.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.nd4j.linalg.schedule.ScheduleType;
import org.nd4j.linalg.schedule.StepSchedule;

import dev.optimlab.DoublePrecision;

/**
 * The public {@link Optimizer} facade as a user calls it: a bare updater, which optimizers are
 * elementwise, a schedule on a copy, and applyTo on a built network or graph (wired, updater
 * state discarded) and on a global builder (only for a whole-rule updater).
 */
@ExtendWith(DoublePrecision.class)
class OptimizerFacadeTest {

    @Test
    void aBareUpdaterIsTheWholeRule() {
        Optimizer o = Optimizer.of(new Sgd(0.1));
        assertEquals(new Optimizer("Sgd", new Sgd(0.1), List.of()), o);
        assertTrue(o.elementwise());
    }

    @Test
    void elementwiseExcludesPerTensorHooksAndPerLayerWiring() {
        assertTrue(Optimizers.optimizer("adam", Map.of()).elementwise());
        assertTrue(Optimizers.optimizer("adamw", Map.of()).elementwise(), "decoupled decay is elementwise");
        assertFalse(Optimizers.optimizer("lamb", Map.of()).elementwise(), "the trust ratio is a per-tensor norm");
        assertFalse(Optimizers.optimizer("muon", Map.of()).elementwise(), "Newton–Schulz is a matrix step");
    }

    @Test
    void withScheduleChangesACopyOnly() {
        Optimizer o = Optimizers.optimizer("adam", Map.of("lr", 0.4));
        Optimizer scheduled = o.withSchedule(new StepSchedule(ScheduleType.ITERATION, 0.4, 0.5, 2));
        assertEquals(0.1, scheduled.updater().getLearningRate(5, 0), 1e-15, "0.4·0.5² at iteration 5");
        assertEquals(0.4, o.updater().getLearningRate(5, 0), 0.0, "the original keeps its fixed rate");
        assertEquals(o.hooks(), scheduled.hooks());
    }

    private static MultiLayerConfiguration conf() {
        return new NeuralNetConfiguration.Builder().dataType(DataType.DOUBLE).seed(5).updater(new Sgd(0.5)).list()
                .layer(new DenseLayer.Builder().nIn(4).nOut(3).activation(Activation.TANH).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(3).nOut(3)
                        .activation(Activation.SOFTMAX).build())
                .build();
    }

    @Test
    void applyToABuiltNetworkWiresItAndDiscardsTheUpdaterState() {
        MultiLayerNetwork net = new MultiLayerNetwork(conf());
        net.init();
        net.fit(NetworkHarness.batch(1));
        assertNotNull(net.getUpdater(false));
        Optimizer.of(new Sgd(0.2)).applyTo(net);
        assertNull(net.getUpdater(false), "the old updater state must go");
        assertEquals(new Sgd(0.2), ((BaseLayer) net.getLayer(0).conf().getLayer()).getIUpdater());
    }

    @Test
    void applyToABuiltGraphWiresItAndDiscardsTheUpdaterState() {
        ComputationGraphConfiguration c = new NeuralNetConfiguration.Builder().dataType(DataType.DOUBLE).seed(5)
                .updater(new Sgd(0.5)).graphBuilder().addInputs("in")
                .addLayer("d", new DenseLayer.Builder().nIn(4).nOut(3).activation(Activation.TANH).build(), "in")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(3).nOut(3)
                        .activation(Activation.SOFTMAX).build(), "d")
                .setOutputs("out").build();
        ComputationGraph graph = new ComputationGraph(c);
        graph.init();
        graph.fit(NetworkHarness.batch(1));
        assertNotNull(graph.getUpdater(false));
        Optimizer.of(new Sgd(0.2)).applyTo(graph);
        assertNull(graph.getUpdater(false), "the old updater state must go");
        assertEquals(new Sgd(0.2), ((BaseLayer) graph.getLayer("d").conf().getLayer()).getIUpdater());
    }

    @Test
    void aGlobalBuilderTakesOnlyAWholeRuleUpdater() {
        NeuralNetConfiguration.Builder b = new NeuralNetConfiguration.Builder();
        assertTrue(Optimizer.of(new Sgd(0.3)).applyTo(b) == b, "returns the builder for chaining");
        IllegalArgumentException hooks = assertThrows(IllegalArgumentException.class,
                () -> Optimizers.optimizer("adamw", Map.of()).applyTo(new NeuralNetConfiguration.Builder()));
        assertTrue(hooks.getMessage().contains("DecoupledWeightDecay"), hooks.getMessage());
        IllegalArgumentException perLayer = assertThrows(IllegalArgumentException.class,
                () -> Optimizers.optimizer("shampoo", Map.of()).applyTo(new NeuralNetConfiguration.Builder()));
        assertTrue(perLayer.getMessage().contains("per-layer configurations"), perLayer.getMessage());
    }
}
