package dev.optimlab.optim;

import java.util.Map;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.params.BatchNormalizationParamInitializer;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Batch-norm running statistics recomputed at the current parameters, for evaluating a
 * schedule-free network at x ({@link ScheduleFree}; Defazio et al. 2024, §"BatchNorm": the
 * statistics gathered at y do not fit x). Layer by layer in network order, so that each layer
 * sees inputs normalised with the statistics already recomputed before it: the layer's mean and
 * population variance over {@code features} (per unit for dense inputs, per channel over
 * H, W per channel for convolution inputs, NCHW unless the layer is DL4J's with NHWC), written
 * where DL4J keeps them ({@code mean}, and {@code var} or {@code log10stdev} = log10 √var).
 *
 * <p>Which layers: those with running statistics by DL4J's convention, a parameter {@code mean}
 * "trained" by {@code NoOp} next to {@code var} or {@code log10stdev}: DL4J's
 * {@code BatchNormalization} and OptimLab's own batch norm, without this package depending on
 * the layer classes. DL4J's running statistics
 * are exponential averages of the same batch statistics; here they are the exact statistics
 * of the data, which is what PyTorch's "precise BN" and the paper's recomputation aim at.
 * Computed in chunks of {@value #CHUNK} examples with double sums.
 */
final class BatchNormAtX {

    static final int CHUNK = 256;
    private static final String MEAN = BatchNormalizationParamInitializer.GLOBAL_MEAN;
    private static final String VAR = BatchNormalizationParamInitializer.GLOBAL_VAR;
    private static final String LOG_STD = BatchNormalizationParamInitializer.GLOBAL_LOG_STD;

    private BatchNormAtX() {
    }

    static boolean present(MultiLayerNetwork net) {
        for (Layer l : net.getLayers()) {
            if (hasRunningStatistics(l)) {
                return true;
            }
        }
        return false;
    }

    static boolean hasRunningStatistics(Layer l) {
        Map<String, INDArray> p = l.paramTable();
        return p.containsKey(MEAN) && (p.containsKey(VAR) || p.containsKey(LOG_STD))
                && l.conf().getLayer().getUpdaterByParam(MEAN) instanceof NoOp;
    }

    static void recompute(MultiLayerNetwork net, INDArray features) {
        Layer[] layers = net.getLayers();
        for (int i = 0; i < layers.length; i++) {
            if (hasRunningStatistics(layers[i])) {
                setStatistics(layers[i], statistics(net, i, features));
            }
        }
    }

    /** {mean, population variance} of the inputs of layer {@code index}, per unit or channel. */
    private static INDArray[] statistics(MultiLayerNetwork net, int index, INDArray features) {
        boolean nhwc = net.getLayer(index).conf().getLayer() instanceof BatchNormalization bn
                && bn.getCnn2DFormat() == CNN2DFormat.NHWC;
        long n = features.size(0);
        INDArray sum = null;
        INDArray sumSq = null;
        long count = 0;
        for (long from = 0; from < n; from += CHUNK) {
            INDArray x = features.get(NDArrayIndex.interval(from, Math.min(n, from + CHUNK)));
            INDArray in = inputOf(net, index, x).castTo(DataType.DOUBLE);
            int[] dims = in.rank() == 2 ? new int[] {0}
                    : nhwc ? new int[] {0, 1, 2} : new int[] {0, 2, 3};
            INDArray s = in.sum(dims);
            INDArray sq = in.mul(in).sum(dims);
            sum = sum == null ? s : sum.addi(s);
            sumSq = sumSq == null ? sq : sumSq.addi(sq);
            count += in.length() / s.length();
        }
        INDArray mean = sum.divi(count);
        INDArray var = sumSq.divi(count).subi(mean.mul(mean));
        return new INDArray[] {mean, Transforms.max(var, 0.0, false)};
    }

    /** The input of layer {@code index} in inference mode, its preprocessor applied. */
    private static INDArray inputOf(MultiLayerNetwork net, int index, INDArray x) {
        INDArray in = index == 0 ? x : net.feedForwardToLayer(index - 1, x, false).get(index);
        InputPreProcessor pre = net.getLayerWiseConfigurations().getInputPreProcess(index);
        return pre == null ? in : pre.preProcess(in, (int) x.size(0), LayerWorkspaceMgr.noWorkspaces());
    }

    private static void setStatistics(Layer layer, INDArray[] meanVar) {
        INDArray mean = layer.getParam(MEAN);
        mean.assign(meanVar[0].reshape(mean.shape()).castTo(mean.dataType()));
        if (layer.paramTable().containsKey(LOG_STD)) {
            INDArray logStd = layer.getParam(LOG_STD);
            INDArray v = Transforms.log(Transforms.sqrt(meanVar[1], true), 10, false);
            logStd.assign(v.reshape(logStd.shape()).castTo(logStd.dataType()));
        } else {
            INDArray var = layer.getParam(VAR);
            var.assign(meanVar[1].reshape(var.shape()).castTo(var.dataType()));
        }
    }
}
