package dev.optimlab.regularize.norm;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.deeplearning4j.nn.api.ParamInitializer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Per-channel parameters of the normalization layers, each a rank-1 view of length C (= nOut) into
 * the layer's slice of the network's flat parameter vector, in the order γ, β [, running mean,
 * running variance] (DL4J's {@code BatchNormalization} order, so parameters can be copied across
 * by key). Initial values: γ = 1, β = 0, mean = 0, var = 1.
 *
 * <p>No key is reported as a weight or bias: like DL4J's batch norm, these parameters get neither
 * weight noise nor weight-vs-bias specific settings.
 */
public final class ChannelParams implements ParamInitializer {

    public static final String GAMMA = "gamma";
    public static final String BETA = "beta";
    public static final String MEAN = "mean";
    public static final String VAR = "var";

    static final ChannelParams AFFINE = new ChannelParams(List.of(GAMMA, BETA));
    static final ChannelParams AFFINE_AND_RUNNING_STATS = new ChannelParams(List.of(GAMMA, BETA, MEAN, VAR));

    private final List<String> keys;

    private ChannelParams(List<String> keys) {
        this.keys = keys;
    }

    private static long channels(Layer layer) {
        return ((FeedForwardLayer) layer).getNOut();
    }

    @Override
    public long numParams(NeuralNetConfiguration conf) {
        return numParams(conf.getLayer());
    }

    @Override
    public long numParams(Layer layer) {
        return keys.size() * channels(layer);
    }

    @Override
    public List<String> paramKeys(Layer layer) {
        return keys;
    }

    @Override
    public List<String> weightKeys(Layer layer) {
        return List.of();
    }

    @Override
    public List<String> biasKeys(Layer layer) {
        return List.of();
    }

    @Override
    public boolean isWeightParam(Layer layer, String key) {
        return false;
    }

    @Override
    public boolean isBiasParam(Layer layer, String key) {
        return false;
    }

    @Override
    public Map<String, INDArray> init(NeuralNetConfiguration conf, INDArray paramsView, boolean initializeParams) {
        Map<String, INDArray> table = slices(conf.getLayer(), paramsView);
        if (initializeParams) {
            for (Map.Entry<String, INDArray> e : table.entrySet()) {
                e.getValue().assign(GAMMA.equals(e.getKey()) || VAR.equals(e.getKey()) ? 1.0 : 0.0);
            }
        }
        return table;
    }

    @Override
    public Map<String, INDArray> getGradientsFromFlattened(NeuralNetConfiguration conf, INDArray gradientView) {
        return slices(conf.getLayer(), gradientView);
    }

    /** Views, never copies: DL4J reads and writes parameters and gradients through the flat arrays. */
    private Map<String, INDArray> slices(Layer layer, INDArray flatView) {
        long c = channels(layer);
        INDArray flat = flatView.rank() == 1 ? flatView : flatView.get(NDArrayIndex.point(0), NDArrayIndex.all());
        Map<String, INDArray> table = new LinkedHashMap<>();
        for (int i = 0; i < keys.size(); i++) {
            table.put(keys.get(i), flat.get(NDArrayIndex.interval(i * c, (i + 1) * c)));
        }
        return table;
    }
}
