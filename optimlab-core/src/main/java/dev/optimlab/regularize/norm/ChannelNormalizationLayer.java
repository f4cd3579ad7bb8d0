package dev.optimlab.regularize.norm;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.BaseLayer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * What the network-side objects of the channel normalizations ({@link BatchNormLayer},
 * {@link GroupwiseNormalizationLayer}) share around their statistics: the channels-first view of
 * the input in the configuration's layout, the per-channel affine output y = γ·x̂ + β, and the
 * backward pass's tail (γ and β gradients, dropout, the input's layout and workspace). A
 * subclass computes x̂ and dL/dx̂ → dL/dx from its own statistics.
 */
abstract class ChannelNormalizationLayer<C extends ChannelNormalization> extends BaseLayer<C> {

    ChannelNormalizationLayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    @Override
    public boolean isPretrainLayer() {
        return false;
    }

    @Override
    public Layer.Type type() {
        return Layer.Type.NORMALIZATION;
    }

    /** The input (and mask) as channels first, in the configuration's layout; layer norm per step. */
    ChannelsFirst channelsFirst() {
        C conf = layerConf();
        return ChannelsFirst.of(conf.componentName(), input, maskArray, conf.getLayout(), conf.perStep());
    }

    /** The forward pass's start: the input checked, dropout applied, as every DL4J layer does. */
    ChannelsFirst forwardInput(boolean training, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(false);
        applyDropOutIfNecessary(training, workspaceMgr);
        return channelsFirst();
    }

    /** y = γ·x̂ + β per channel, masked, back in the input's layout, in the activations workspace. */
    INDArray affineOutput(ChannelsFirst cf, INDArray xHat, LayerWorkspaceMgr workspaceMgr) {
        INDArray y = RowStandardization.perChannelAffine(xHat, getParam(ChannelParams.GAMMA),
                getParam(ChannelParams.BETA));
        return workspaceMgr.leverageTo(ArrayType.ACTIVATIONS, cf.restore(cf.masked(y)));
    }

    /**
     * The backward pass's end: γ's and β's gradients from dL/dy ({@code dy}, channels first, masked)
     * and x̂, every parameter's gradient view (a subclass has filled the others) under its key, and
     * dL/dx back through dropout in the input's layout, in the activation-gradient workspace.
     */
    Pair<Gradient, INDArray> backpropResult(ChannelsFirst cf, INDArray dy, INDArray xHat, INDArray dx,
                                            LayerWorkspaceMgr workspaceMgr) {
        gradientViews.get(ChannelParams.GAMMA).assign(RowStandardization.sumPerChannel(dy.mul(xHat)));
        gradientViews.get(ChannelParams.BETA).assign(RowStandardization.sumPerChannel(dy));
        Gradient gradient = new DefaultGradient();
        for (String key : layerConf().initializer().paramKeys(layerConf())) {
            gradient.gradientForVariable().put(key, gradientViews.get(key));
        }
        INDArray restored = backpropDropOutIfPresent(cf.restore(dx));
        return new Pair<>(gradient, workspaceMgr.leverageTo(ArrayType.ACTIVATION_GRAD, restored));
    }
}
