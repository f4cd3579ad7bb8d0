package dev.optimlab.optim;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

import org.deeplearning4j.nn.conf.layers.BaseOutputLayer;
import org.deeplearning4j.nn.conf.layers.Convolution1DLayer;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * The observing half of AdamP's projection (Heo et al., ICLR 2021, Algorithm 2, the condition
 * of eq. 12; see {@link AdamPProjection}): the test "is this weight scale-invariant?" needs the
 * raw gradient g, which DL4J has already overwritten with the update by the time POST_UPDATER
 * hooks run. So this hook runs BEFORE_UPDATER on the same tensor, leaves the gradient untouched,
 * and records which view (channel-wise, else layer-wise, else none) passes
 *
 * <pre>
 *   max_c |cos(g_c, w_c)| &lt; δ/√(dim w_c)     (channel view, tried first)
 *   |cos(g, w)| &lt; δ/√(dim w)                  (layer view)
 * </pre>
 *
 * <p>Hand-over: DL4J's {@code UpdaterBlock} runs the BEFORE_UPDATER hooks, the updater and the
 * POST_UPDATER hooks in sequence on one thread, but builds fresh view objects for each call, so
 * the decision is keyed by the tensor's place in memory (buffer address, offset, length) in a
 * thread-local map and removed when {@link AdamPProjection} reads it. Nothing survives the step
 * (the reference recomputes the test each step from w and g too), so there is nothing to save.
 *
 * <p>Channels are output units. DL4J hands hooks a flat rank-1 view of each tensor, in which the
 * units of both a dense weight ([nIn, nOut], stored 'f') and a convolution weight
 * ([nOut, nIn, kH, kW], stored 'c') are {@code units} consecutive segments; {@link #forLayer}
 * sets {@code units} from the layer's nOut ({@link OptimizerWiring} calls it). A shaped tensor
 * (e.g. from SameDiff) is flattened the same way, with units = columns of a matrix or dim 0
 * otherwise. A flat tensor of unknown units (weights of other layer types) gets the layer-wise
 * test only. Biases get no AdamP hooks at all ({@link OptimizerWiring}), which is the
 * reference's {@code len(p.shape) > 1} rule. cos(x, y) = x·y / (max(‖x‖, ε)·max(‖y‖, ε)), PyTorch's
 * {@code cosine_similarity}. Hyperparameters: {@code delta} δ = 0.1, {@code epsilon} ε = 1e-8.
 */
public final class AdamPProbe extends ParameterHook {

    /** Which view of the tensor AdamP projects in. */
    enum View { NONE, CHANNEL, LAYER }

    /** Where a tensor lives: the same for the BEFORE and POST views DL4J builds for it. */
    private record Place(long address, long offset, long length) {
        static Place of(INDArray x) {
            return new Place(x.data().address(), x.offset(), x.length());
        }
    }

    private static final ThreadLocal<Map<Place, View>> PENDING = ThreadLocal.withInitial(HashMap::new);

    @JsonProperty
    private double delta;
    @JsonProperty
    private double epsilon;
    @JsonProperty
    private int units;

    /** For Jackson. */
    public AdamPProbe() {
    }

    public AdamPProbe(double delta, double epsilon) {
        this(delta, epsilon, 0);
    }

    /** @param units output units of the tensor's layer (0: take them from the tensor's shape) */
    public AdamPProbe(double delta, double epsilon, int units) {
        this.delta = AdamPProjection.DELTA.check("adamp", delta);
        this.epsilon = Adam.EPSILON.check("adamp", epsilon);
        if (units < 0) {
            throw new IllegalArgumentException("adamp: units must be in [0, inf), got " + units);
        }
        this.units = units;
    }

    @Override
    public ApplyStep applyStep() {
        return ApplyStep.BEFORE_UPDATER;
    }

    @Override
    public AdamPProbe forLayer(Layer layer) {
        return new AdamPProbe(delta, epsilon, unitsOf(layer));
    }

    /**
     * nOut for the layers whose weights are laid out as nOut consecutive unit segments (dense and
     * output layers, 2-D and 1-D convolutions); 0 (unknown: layer view only) for the rest, e.g.
     * recurrent, deconvolution or depthwise weights, whose first axis is not the output unit.
     */
    static int unitsOf(Layer layer) {
        boolean unitMajor = layer instanceof DenseLayer || layer instanceof BaseOutputLayer
                || layer.getClass() == ConvolutionLayer.class || layer.getClass() == Convolution1DLayer.class;
        return unitMajor ? (int) ((FeedForwardLayer) layer).getNOut() : 0;
    }

    @Override
    public void apply(INDArray param, INDArray gradient, double lr, int iteration, int epoch) {
        PENDING.get().put(Place.of(param), decide(param, gradient));
    }

    /** The decision recorded for {@code param} in this step, removed; null if none was recorded. */
    static View take(INDArray param) {
        return PENDING.get().remove(Place.of(param));
    }

    View decide(INDArray w, INDArray g) {
        int n = channelCount(w, units);
        if (n > 0) {
            INDArray wc = channels(w, n);
            INDArray gc = channels(g, n);
            // reshaped to [n]: with one weight per unit (nIn = 1) ND4J keeps the reduced axis of size 1 on the norms
            INDArray dots = wc.mul(gc).sum(1).reshape(n);
            INDArray norms = Transforms.max(wc.norm2(1), epsilon, false).muli(Transforms.max(gc.norm2(1), epsilon, false))
                    .reshape(n);
            double maxCos = Transforms.abs(dots.divi(norms), false).maxNumber().doubleValue();
            if (maxCos < delta / Math.sqrt(wc.size(1))) {
                return View.CHANNEL;
            }
        }
        double cos = Math.abs(w.mul(g).sumNumber().doubleValue())
                / (Math.max(w.norm2Number().doubleValue(), epsilon) * Math.max(g.norm2Number().doubleValue(), epsilon));
        return cos < delta / Math.sqrt(w.length()) ? View.LAYER : View.NONE;
    }

    /** Number of output units of {@code x}: the configured count, else from the shape (0: none). */
    static int channelCount(INDArray x, int units) {
        if (units > 0) {
            return units;
        }
        return x.rank() < 2 ? 0 : (int) (x.rank() == 2 ? x.size(1) : x.size(0));
    }

    /** The order in which DL4J lays out a tensor of this rank in the flat parameter vector. */
    static char storageOrder(INDArray x) {
        return x.rank() == 2 ? 'f' : 'c';
    }

    /** [units, elements per unit]: the units as consecutive segments of the flattened tensor. */
    static INDArray channels(INDArray x, int units) {
        INDArray flat = x.rank() == 1 ? x : x.reshape(storageOrder(x), new long[] {x.length()});
        return flat.reshape('c', new long[] {units, x.length() / units});
    }

    @Override
    public Map<String, Double> hyperparameters() {
        Map<String, Double> hp = new LinkedHashMap<>();
        hp.put("delta", delta);
        hp.put("epsilon", epsilon);
        hp.put("units", (double) units);
        return hp;
    }
}
