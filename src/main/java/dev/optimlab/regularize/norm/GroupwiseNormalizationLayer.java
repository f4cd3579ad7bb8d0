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
 * The network-side object of {@link GroupNorm}, {@link LayerNorm} and {@link InstanceNorm}:
 * hand-written forward and backward passes. Backprop recomputes the per-group statistics from the
 * input rather than caching them, so nothing outlives its workspace.
 */
public class GroupwiseNormalizationLayer extends BaseLayer<GroupwiseNormalization> {

    public GroupwiseNormalizationLayer(NeuralNetConfiguration conf, DataType dataType) {
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

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(false);
        applyDropOutIfNecessary(training, workspaceMgr);
        INDArray xHat = normalized(input).xHat().reshape('c', input.shape());
        INDArray y = RowStandardization.perChannelAffine(xHat, getParam(ChannelParams.GAMMA),
                getParam(ChannelParams.BETA));
        return workspaceMgr.leverageTo(ArrayType.ACTIVATIONS, y);
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(true);
        RowStandardization.Result fwd = normalized(input);
        long groups = groups(input);
        INDArray dxHatRows = RowStandardization.groupRows(
                RowStandardization.perChannelAffine(epsilon, getParam(ChannelParams.GAMMA), null), groups);
        INDArray dx = RowStandardization.backward(dxHatRows, fwd).reshape('c', input.shape());
        INDArray xHat = fwd.xHat().reshape('c', input.shape());
        gradientViews.get(ChannelParams.GAMMA).assign(RowStandardization.sumPerChannel(epsilon.mul(xHat)));
        gradientViews.get(ChannelParams.BETA).assign(RowStandardization.sumPerChannel(epsilon));
        Gradient gradient = new DefaultGradient();
        gradient.gradientForVariable().put(ChannelParams.GAMMA, gradientViews.get(ChannelParams.GAMMA));
        gradient.gradientForVariable().put(ChannelParams.BETA, gradientViews.get(ChannelParams.BETA));
        dx = backpropDropOutIfPresent(dx);
        return new Pair<>(gradient, workspaceMgr.leverageTo(ArrayType.ACTIVATION_GRAD, dx));
    }

    private long groups(INDArray x) {
        if (x.rank() < 2) {
            throw new IllegalStateException(layerConf().componentName() + ": expected [N, C] or [N, C, H, W] input, got "
                    + java.util.Arrays.toString(x.shape()));
        }
        long channels = x.size(1);
        long groups = layerConf().groupsFor(channels);
        if (x.length() / x.size(0) / groups < 2) {
            throw new IllegalStateException(layerConf().componentName() + ": each group of input "
                    + java.util.Arrays.toString(x.shape()) + " holds a single value, so the output would be"
                    + " constant; use convolutional (NCHW) input or fewer groups");
        }
        return groups;
    }

    private RowStandardization.Result normalized(INDArray x) {
        return RowStandardization.forward(RowStandardization.groupRows(x, groups(x)), layerConf().getEpsilon());
    }
}
