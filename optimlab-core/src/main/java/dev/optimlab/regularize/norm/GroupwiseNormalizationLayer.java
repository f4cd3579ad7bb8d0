package dev.optimlab.regularize.norm;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The network-side object of {@link GroupNorm}, {@link LayerNorm} and {@link InstanceNorm}:
 * hand-written forward and backward passes on the channels-first view of the input ({@link
 * ChannelsFirst}). Backprop recomputes the per-group statistics from the input rather than caching
 * them, so nothing outlives its workspace.
 */
public class GroupwiseNormalizationLayer extends ChannelNormalizationLayer<GroupwiseNormalization> {

    public GroupwiseNormalizationLayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
        ChannelsFirst cf = forwardInput(training, workspaceMgr);
        INDArray xHat = normalized(cf).xHat().reshape('c', cf.x.shape());
        return affineOutput(cf, xHat, workspaceMgr);
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(true);
        ChannelsFirst cf = channelsFirst();
        INDArray x = cf.x;
        INDArray dy = cf.masked(cf.apply(epsilon));
        RowStandardization.Result fwd = normalized(cf);
        long groups = groups(x);
        INDArray dxHatRows = RowStandardization.groupRows(
                RowStandardization.perChannelAffine(dy, getParam(ChannelParams.GAMMA), null), groups);
        INDArray dx = RowStandardization.backward(dxHatRows, fwd).reshape('c', x.shape());
        INDArray xHat = fwd.xHat().reshape('c', x.shape());
        return backpropResult(cf, dy, xHat, dx, workspaceMgr);
    }

    private long groups(INDArray x) {
        long channels = x.size(1);
        long groups = layerConf().groupsFor(channels);
        if (x.length() / x.size(0) / groups < 2) {
            throw new IllegalStateException(layerConf().componentName() + ": each group of input "
                    + java.util.Arrays.toString(x.shape()) + " holds a single value, so the output would be"
                    + " constant; use convolutional or time-series input or fewer groups");
        }
        return groups;
    }

    /** Per (example, group) statistics; with a mask, over the unmasked time steps only. */
    private RowStandardization.Result normalized(ChannelsFirst cf) {
        long groups = groups(cf.x);
        INDArray weights = cf.mask == null ? null : RowStandardization.groupRows(cf.mask, groups);
        return RowStandardization.forward(RowStandardization.groupRows(cf.x, groups), weights,
                layerConf().getEpsilon());
    }
}
