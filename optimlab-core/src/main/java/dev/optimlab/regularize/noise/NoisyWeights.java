package dev.optimlab.regularize.noise;

import dev.optimlab.optim.DeclaredValues;
import dev.optimlab.optim.Hyperparameter;
import dev.optimlab.optim.Range;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.ParamInitializer;
import org.deeplearning4j.nn.conf.weightnoise.IWeightNoise;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * What the weight-noise classes ({@link GaussianWeightNoise}, {@link InvertedDropConnect}) share:
 * the {@code applyToBias} switch, which parameters get noise (weights, and biases if asked; never
 * at inference) and where the noisy copy lives. A subclass is only its noise ({@link #perturb}).
 *
 * <p>The field keeps its name ({@code applyToBias}): Jackson reads superclass fields too, so JSON
 * written before this class existed reads back unchanged.
 */
public abstract class NoisyWeights extends DeclaredValues implements IWeightNoise {

    /** Declared once for both rules (a switch, 0 or 1, so that it sits in a numeric spec). */
    public static final Hyperparameter APPLY_TO_BIAS = new Hyperparameter("applyToBias", 0, Range.UNIT_CLOSED,
            "1: perturb the biases too, 0: the weights only (a switch)");

    @JsonProperty
    private boolean applyToBias;

    protected NoisyWeights(boolean applyToBias) {
        this.applyToBias = applyToBias;
    }

    public boolean isApplyToBias() {
        return applyToBias;
    }

    /** Overwrites {@code out} (uninitialized, shaped like {@code param}) with the noisy parameter and returns it. */
    protected abstract INDArray perturb(INDArray out, INDArray param);

    /** A copy with the same values (the abstract redeclaration that Object's protected clone needs). */
    @Override
    public abstract IWeightNoise clone();

    @Override
    public final INDArray getParameter(Layer layer, String paramKey, int iteration, int epoch, boolean train,
                                       LayerWorkspaceMgr workspaceMgr) {
        INDArray param = layer.getParam(paramKey);
        if (!affected(layer, paramKey, train)) {
            return param;
        }
        // the noisy copy is read again in backprop, so it goes where DL4J's own weight noise puts it
        INDArray out = workspaceMgr.createUninitialized(ArrayType.INPUT, param.dataType(), param.shape(),
                param.ordering());
        return perturb(out, param);
    }

    /** Noise only when training, on weights, and on biases if asked (never at inference). */
    private boolean affected(Layer layer, String paramKey, boolean train) {
        if (!train) {
            return false;
        }
        org.deeplearning4j.nn.conf.layers.Layer conf = layer.conf().getLayer();
        ParamInitializer init = conf.initializer();
        return init.isWeightParam(conf, paramKey) || (applyToBias && init.isBiasParam(conf, paramKey));
    }
}
