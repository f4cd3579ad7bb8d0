package dev.optimlab.optim;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The parameter view behind a flattened-gradient key such as "0_W" of a MultiLayerNetwork. */
final class ParameterKeys {

    private ParameterKeys() {
    }

    static INDArray param(MultiLayerNetwork net, String key) {
        int sep = key.lastIndexOf('_');
        return net.getLayer(Integer.parseInt(key.substring(0, sep))).getParam(key.substring(sep + 1));
    }
}
