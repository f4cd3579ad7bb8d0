package dev.optimlab.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.optimlab.DoublePrecision;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * {@link ScheduleFree}'s ComputationGraph calls: a graph converted from a network (same layers, same
 * initial parameters) and trained on the same batches must reach the same y, and {@code atX} must show
 * it the same x, restoring y afterwards. A graph that was never started must refuse to train, as a
 * network does.
 */
@ExtendWith(DoublePrecision.class)
class ScheduleFreeGraphTest {

    @ParameterizedTest
    @ValueSource(strings = {"schedule-free-adamw", "schedule-free-sgd"})
    void aGraphStartsTrainsAndEvaluatesAtXAsTheNetworkDoes(String name) {
        MultiLayerNetwork net = FrontierNetworkTest.wired(name, FrontierNetworkTest.hp(name), 9);
        ComputationGraph graph = net.toComputationGraph(); // same layers and parameters, a fresh updater
        ComputationGraph unstarted = graph.clone();
        assertThrows(IllegalStateException.class, () -> unstarted.fit(NetworkHarness.batch(1)),
                name + ": a graph that was not started must refuse to train");
        ScheduleFree.start(graph);
        for (int s = 0; s < 12; s++) {
            net.fit(NetworkHarness.batch(2000 + s));
            graph.fit(NetworkHarness.batch(2000 + s));
        }
        INDArray y = net.params().dup();
        assertEquals(0.0, graph.params().sub(y).amaxNumber().doubleValue(), 1e-12, name + ": the graph's y");
        INDArray xNet = ScheduleFree.atX(net, () -> net.params().dup());
        INDArray xGraph = ScheduleFree.atX(graph, () -> graph.params().dup());
        assertTrue(xNet.sub(y).amaxNumber().doubleValue() > 1e-4, name + ": x and y must differ after 12 steps");
        assertEquals(0.0, xGraph.sub(xNet).amaxNumber().doubleValue(), 1e-12, name + ": the graph's x");
        assertEquals(0.0, graph.params().sub(y).amaxNumber().doubleValue(), 1e-12, name + ": y restored in the graph");
    }
}
