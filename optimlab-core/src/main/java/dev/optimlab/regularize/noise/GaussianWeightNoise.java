package dev.optimlab.regularize.noise;

import java.util.List;
import java.util.Map;

import dev.optimlab.optim.Hyperparameter;
import dev.optimlab.optim.Range;
import org.deeplearning4j.nn.conf.weightnoise.IWeightNoise;
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
public final class GaussianWeightNoise extends NoisyWeights {

    public static final Hyperparameter SIGMA = new Hyperparameter("sigma", 0.01, Range.NON_NEGATIVE,
            "standard deviation σ of the additive weight noise");
    /** Declared once: read by the constructor check, the registry, {@code optimlab list}. */
    public static final List<Hyperparameter> HYPERPARAMETERS = List.of(SIGMA, APPLY_TO_BIAS);

    @JsonProperty
    private double sigma;

    /** Defaults; also needed by Jackson. */
    public GaussianWeightNoise() {
        this(SIGMA.defaultValue(), APPLY_TO_BIAS.defaultValue() == 1);
    }

    public GaussianWeightNoise(double sigma, boolean applyToBias) {
        super(applyToBias);
        this.sigma = SIGMA.check("weight-noise", sigma);
    }

    public double getSigma() {
        return sigma;
    }

    @Override
    protected INDArray perturb(INDArray out, INDArray param) {
        Nd4j.getExecutioner().exec(new GaussianDistribution(out, 0.0, sigma));
        return out.addi(param);
    }

    @Override
    public IWeightNoise clone() {
        return new GaussianWeightNoise(sigma, isApplyToBias());
    }

    @Override
    protected Map<String, Object> values() {
        return keyed(SIGMA, sigma, APPLY_TO_BIAS, isApplyToBias());
    }
}
