package dev.optimlab.regularize.noise;

import java.util.Map;

import dev.optimlab.optim.DeclaredValues;
import dev.optimlab.optim.Hyperparameter;
import dev.optimlab.optim.Range;
import org.deeplearning4j.nn.conf.dropout.IDropout;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.random.impl.GaussianDistribution;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * Additive Gaussian noise on a layer's input (Bishop, "Training with Noise is Equivalent to
 * Tikhonov Regularization", Neural Computation 7(1), 1995: to first order, training with small
 * input noise of variance σ² adds a Tikhonov penalty proportional to σ²):
 *
 * <pre>
 *   training:  y = x + ε,  ε_i ~ N(0, σ²) i.i.d.      ∂L/∂x = ∂L/∂y
 *   inference: y = x
 * </pre>
 *
 * <p>Hyperparameter {@code sigma} σ ≥ 0 (a standard deviation, not a variance), default 0.1.
 * Same rule and parameterization as DL4J's {@code GaussianNoise(σ)} and Keras'
 * {@code GaussianNoise(stddev)}; PyTorch has no built-in. Not to be confused with DL4J's
 * {@code GaussianDropout}, which is multiplicative. Since the noise is additive, backprop needs no
 * stored state.
 */
public final class GaussianInputNoise extends DeclaredValues implements IDropout {

    public static final Hyperparameter SIGMA = new Hyperparameter("sigma", 0.1, Range.NON_NEGATIVE,
            "standard deviation σ of the additive input noise");

    @JsonProperty
    private double sigma;

    /** Default σ; also needed by Jackson. */
    public GaussianInputNoise() {
        this(SIGMA.defaultValue());
    }

    public GaussianInputNoise(double sigma) {
        this.sigma = SIGMA.check("gaussian-noise", sigma);
    }

    public double getSigma() {
        return sigma;
    }

    @Override
    public INDArray applyDropout(INDArray inputActivations, INDArray output, int iteration, int epoch,
                                 LayerWorkspaceMgr workspaceMgr) {
        // DL4J passes output == input when input modification is allowed (e.g. in score()), so the
        // noise must not be drawn into output before the input is read. The noise is a temporary:
        // backprop of additive noise needs nothing from the forward pass.
        INDArray noise = inputActivations.ulike();
        Nd4j.getExecutioner().exec(new GaussianDistribution(noise, 0.0, sigma));
        return output.assign(inputActivations).addi(noise);
    }

    @Override
    public INDArray backprop(INDArray gradAtOutput, INDArray gradAtInput, int iteration, int epoch) {
        return gradAtInput.assign(gradAtOutput);
    }

    @Override
    public void clear() {
        // stateless
    }

    @Override
    public IDropout clone() {
        return new GaussianInputNoise(sigma);
    }

    @Override
    protected Map<String, Object> values() {
        return keyed(SIGMA, sigma);
    }
}
