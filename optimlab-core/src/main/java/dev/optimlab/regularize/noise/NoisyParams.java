package dev.optimlab.regularize.noise;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.ParamInitializer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.ndarray.INDArray;

/** What the weight-noise classes share: which parameters get noise, and where the copy lives. */
final class NoisyParams {

    private NoisyParams() {
    }

    /** Noise only when training, on weights, and on biases if asked (never at inference). */
    static boolean affected(Layer layer, String paramKey, boolean train, boolean applyToBias) {
        if (!train) {
            return false;
        }
        org.deeplearning4j.nn.conf.layers.Layer conf = layer.conf().getLayer();
        ParamInitializer init = conf.initializer();
        return init.isWeightParam(conf, paramKey) || (applyToBias && init.isBiasParam(conf, paramKey));
    }

    /** The noisy copy is read again in backprop, so it goes where DL4J's own weight noise puts it. */
    static INDArray scratch(INDArray param, LayerWorkspaceMgr workspaceMgr) {
        return workspaceMgr.createUninitialized(ArrayType.INPUT, param.dataType(), param.shape(), param.ordering());
    }
}
