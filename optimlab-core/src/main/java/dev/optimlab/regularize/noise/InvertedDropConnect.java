package dev.optimlab.regularize.noise;

import java.util.List;
import java.util.Map;

import dev.optimlab.optim.Hyperparameter;
import dev.optimlab.optim.Range;
import org.deeplearning4j.nn.conf.weightnoise.IWeightNoise;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.random.impl.BernoulliDistribution;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * DropConnect with inverted scaling (Wan, Zeiler, Zhang, LeCun &amp; Fergus, "Regularization of
 * Neural Networks using DropConnect", ICML 2013, §2–3):
 *
 * <pre>
 *   training:  W̃ = W ⊙ M / (1 − p),  M_ij ~ Bernoulli(1 − p) i.i.d., fresh every forward pass
 *   inference: W̃ = W
 * </pre>
 *
 * so E[W̃] = W and the expected pre-activation in training equals the inference one. The gradient
 * taken at W̃ is applied to W (DL4J's weight-noise contract, straight-through).
 *
 * <p>Hyperparameters: {@code p} = the <b>drop</b> probability in [0, 1), default 0.5;
 * {@code applyToBias}, default false.
 *
 * <p><b>Differs from DL4J's {@code DropConnect(retainProb)}</b>, which takes the retain probability
 * and does <em>not</em> rescale: its training activations are (1 − p)× the inference ones
 * (DL4J-NOTES §4.2), so a network trained with it sees a systematic shift at test time. The paper
 * avoids that shift with a Gaussian moment-matching approximation at inference (§3); the
 * inverted scaling here gets the same first moment at zero inference cost, the way inverted dropout
 * does.
 */
public final class InvertedDropConnect extends NoisyWeights {

    public static final Hyperparameter P = new Hyperparameter("p", 0.5, Range.UNIT_HALF_OPEN,
            "probability of dropping a weight (the kept ones rescaled by 1/(1 − p))");
    /** Declared once: read by the constructor check, the registry, {@code optimlab list}. */
    public static final List<Hyperparameter> HYPERPARAMETERS = List.of(P, APPLY_TO_BIAS);

    @JsonProperty
    private double p;

    /** Defaults; also needed by Jackson. */
    public InvertedDropConnect() {
        this(P.defaultValue(), APPLY_TO_BIAS.defaultValue() == 1);
    }

    public InvertedDropConnect(double p, boolean applyToBias) {
        super(applyToBias);
        this.p = P.check("dropconnect", p);
    }

    /** The drop probability. */
    public double getP() {
        return p;
    }

    @Override
    protected INDArray perturb(INDArray out, INDArray param) {
        Nd4j.getExecutioner().exec(new BernoulliDistribution(out, 1.0 - p));
        return out.muli(param).divi(1.0 - p);
    }

    @Override
    public IWeightNoise clone() {
        return new InvertedDropConnect(p, isApplyToBias());
    }

    @Override
    protected Map<String, Object> values() {
        return keyed(P, p, APPLY_TO_BIAS, isApplyToBias());
    }
}
