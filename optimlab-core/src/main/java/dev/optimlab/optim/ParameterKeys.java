package dev.optimlab.optim;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The parameter view behind a flattened-gradient key: "0_W" (layer index) of a
 * MultiLayerNetwork, "dense_W" (layer name) of a ComputationGraph.
 */
final class ParameterKeys {

    private ParameterKeys() {
    }

    static INDArray param(MultiLayerNetwork net, String key) {
        int sep = key.lastIndexOf('_');
        return net.getLayer(Integer.parseInt(key.substring(0, sep))).getParam(key.substring(sep + 1));
    }

    static INDArray param(ComputationGraph graph, String key) {
        int sep = key.lastIndexOf('_');
        return graph.getLayer(key.substring(0, sep)).getParam(key.substring(sep + 1));
    }
}
