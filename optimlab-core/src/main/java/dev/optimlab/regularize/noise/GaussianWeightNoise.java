package dev.optimlab.regularize.noise;

import java.util.List;

import dev.optimlab.optim.Hyperparameter;
import dev.optimlab.optim.Range;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.weightnoise.IWeightNoise;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.random.impl.GaussianDistribution;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * Additive Gaussian weight noise (Graves, "Practical Variational Inference for Neural Networks",
 * NIPS 2011, the fixed-σ case; An, "The Effects of Adding Noise During Backpropagation Training
 * on a Generalization Performance", Neural Computation 8(3), 1996):
 *
 * <pre>
 *   training:  W̃ = W + E,  E_ij ~ N(0, σ²) i.i.d., fresh every forward pass;  ∂L/∂W := ∂L/∂W̃
 *   inference: W̃ = W
 * </pre>
 *
 * The gradient is taken at the noisy weights and applied to the clean ones (DL4J's weight-noise
 * contract). Hyperparameters: {@code sigma} σ ≥ 0, default 0.01; {@code applyToBias}, default false.
 *
 * <p>Equals DL4J's {@code WeightNoise(new NormalDistribution(0, σ), applyToBias, additive=true)},
 * except that M2.1's condition {@code train && isWeight || (applyToBias && isBias)} also perturbs the
 * biases <em>at inference</em> when applyToBias is set; here inference is always noise-free.
 */
public final class GaussianWeightNoise implements IWeightNoise {

    public static final Hyperparameter SIGMA = new Hyperparameter("sigma", 0.01, Range.NON_NEGATIVE,
            "standard deviation σ of the additive weight noise");
    /** Shared with {@link InvertedDropConnect}. */
    public static final Hyperparameter APPLY_TO_BIAS = new Hyperparameter("applyToBias", 0, Range.UNIT_CLOSED,
            "1: perturb the biases too, 0: the weights only (a switch)");
    /** Declared once: read by the constructor check, the registry, {@code optimlab list}. */
    public static final List<Hyperparameter> HYPERPARAMETERS = List.of(SIGMA, APPLY_TO_BIAS);

    @JsonProperty
    private double sigma;
    @JsonProperty
    private boolean applyToBias;

    /** Defaults; also needed by Jackson. */
    public GaussianWeightNoise() {
        this(SIGMA.defaultValue(), APPLY_TO_BIAS.defaultValue() == 1);
    }

    public GaussianWeightNoise(double sigma, boolean applyToBias) {
        this.sigma = SIGMA.check("weight-noise", sigma);
        this.applyToBias = applyToBias;
    }

    public double getSigma() {
        return sigma;
    }

    public boolean isApplyToBias() {
        return applyToBias;
    }

    @Override
    public INDArray getParameter(Layer layer, String paramKey, int iteration, int epoch, boolean train,
                                 LayerWorkspaceMgr workspaceMgr) {
        INDArray param = layer.getParam(paramKey);
        if (!NoisyParams.affected(layer, paramKey, train, applyToBias)) {
            return param;
        }
        INDArray out = NoisyParams.scratch(param, workspaceMgr);
        Nd4j.getExecutioner().exec(new GaussianDistribution(out, 0.0, sigma));
        return out.addi(param);
    }

    @Override
    public IWeightNoise clone() {
        return new GaussianWeightNoise(sigma, applyToBias);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GaussianWeightNoise other && Double.compare(other.sigma, sigma) == 0
                && other.applyToBias == applyToBias;
    }

    @Override
    public int hashCode() {
        return 31 * Double.hashCode(sigma) + Boolean.hashCode(applyToBias);
    }

    @Override
    public String toString() {
        return "GaussianWeightNoise(sigma=" + sigma + ", applyToBias=" + applyToBias + ")";
    }
}
