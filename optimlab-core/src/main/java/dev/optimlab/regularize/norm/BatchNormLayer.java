package dev.optimlab.regularize.norm;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The network-side object of {@link BatchNorm}: hand-written forward and backward passes (not a
 * SameDiff layer, which in DL4J 1.0.0-M2.1 doubles gradients and never sees the training flag).
 *
 * <p>Nothing from the forward pass is cached: backprop recomputes the batch statistics from the
 * layer input, which DL4J keeps alive until backprop, so no array outlives its workspace.
 */
public class BatchNormLayer extends ChannelNormalizationLayer<BatchNorm> {

    /** Whether the last forward pass used batch statistics; decides the backward formula. */
    private boolean lastForwardTraining;

    public BatchNormLayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    @Override
    public boolean updaterDivideByMinibatch(String paramName) {
        return !(ChannelParams.MEAN.equals(paramName) || ChannelParams.VAR.equals(paramName));
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
        ChannelsFirst cf = forwardInput(training, workspaceMgr);
        lastForwardTraining = training;
        INDArray xHat = training ? batchNormalized(cf).xHat4 : runningNormalized(cf.x);
        return affineOutput(cf, xHat, workspaceMgr);
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(true);
        ChannelsFirst cf = channelsFirst();
        INDArray dy = cf.masked(cf.apply(epsilon));
        INDArray gamma = getParam(ChannelParams.GAMMA);
        INDArray dx;
        INDArray xHat4;
        if (lastForwardTraining) {
            Batch b = batchNormalized(cf);
            xHat4 = b.xHat4;
            INDArray dxHatRows = RowStandardization.channelRows(
                    RowStandardization.perChannelAffine(dy, gamma, null));
            dx = RowStandardization.fromChannelRows(RowStandardization.backward(dxHatRows, b.stats), cf.x.shape());
            double d = layerConf().getDecay();
            // params −= update with a NoOp updater turns these into running ← d·running + (1−d)·batch.
            INDArray dMean = gradientViews.get(ChannelParams.MEAN);
            dMean.assign(getParam(ChannelParams.MEAN).sub(b.stats.mean().reshape(dMean.shape())).muli(1 - d));
            INDArray dVar = gradientViews.get(ChannelParams.VAR);
            dVar.assign(getParam(ChannelParams.VAR).sub(b.stats.variance().reshape(dVar.shape())).muli(1 - d));
        } else {
            xHat4 = runningNormalized(cf.x);
            INDArray invStd = Transforms.pow(getParam(ChannelParams.VAR).add(layerConf().getEpsilon()), -0.5, false);
            dx = RowStandardization.perChannelAffine(dy, gamma.mul(invStd), null);
            gradientViews.get(ChannelParams.MEAN).assign(0);
            gradientViews.get(ChannelParams.VAR).assign(0);
        }
        return backpropResult(cf, dy, xHat4, dx, workspaceMgr);
    }

    private record Batch(RowStandardization.Result stats, INDArray xHat4) {
    }

    /** Per-channel batch statistics; with a mask, over the unmasked (example, step) pairs only. */
    private Batch batchNormalized(ChannelsFirst cf) {
        INDArray weights = cf.mask == null ? null : RowStandardization.channelRows(cf.mask);
        RowStandardization.Result stats = RowStandardization.forward(RowStandardization.channelRows(cf.x), weights,
                layerConf().getEpsilon());
        return new Batch(stats, RowStandardization.fromChannelRows(stats.xHat(), cf.x.shape()));
    }

    private INDArray runningNormalized(INDArray x) {
        INDArray invStd = Transforms.pow(getParam(ChannelParams.VAR).add(layerConf().getEpsilon()), -0.5, false);
        return RowStandardization.perChannelAffine(x, invStd, getParam(ChannelParams.MEAN).mul(invStd).negi());
    }
}
