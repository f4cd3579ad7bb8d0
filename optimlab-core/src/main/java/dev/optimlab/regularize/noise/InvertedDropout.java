package dev.optimlab.regularize.noise;

import java.util.Map;

import dev.optimlab.optim.DeclaredValues;
import dev.optimlab.optim.Hyperparameter;
import dev.optimlab.optim.Range;
import org.deeplearning4j.nn.conf.dropout.IDropout;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.random.impl.BernoulliDistribution;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.shade.jackson.annotation.JsonIgnoreProperties;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * Inverted dropout (Srivastava, Hinton, Krizhevsky, Sutskever &amp; Salakhutdinov, "Dropout: A
 * Simple Way to Prevent Neural Networks from Overfitting", JMLR 15, 2014, §4, with the mask
 * r_j ~ Bernoulli(retain)). The paper scales the weights by the retain probability at test time
 * (its Figure 2); the "inverted" form used here and by DL4J, PyTorch and Keras scales by
 * 1/(1 − p) at training time instead, which gives the same expectation and a free inference pass:
 *
 * <pre>
 *   training:  y = x ⊙ m / (1 − p),   m_i ~ Bernoulli(1 − p) i.i.d.      ∂L/∂x = ∂L/∂y ⊙ m / (1 − p)
 *   inference: y = x
 * </pre>
 *
 * so E[y] = x and Var[y_i] = x_i²·p/(1 − p). Applied by DL4J to a layer's <em>input</em>
 * ({@code layerBuilder.dropOut(new InvertedDropout(p))}), and only when training.
 *
 * <p>Hyperparameter {@code p} = the <b>drop</b> probability in [0, 1), default 0.5, as in
 * PyTorch's {@code nn.Dropout(p)} and the JMLR paper's 1 − p. DL4J's {@code Dropout(x)} takes the
 * <b>retain</b> probability instead: {@code new InvertedDropout(p)} is
 * {@code new org.deeplearning4j.nn.conf.dropout.Dropout(1 − p)}, and p = 0 (no dropout) is allowed
 * here while DL4J rejects a retain probability of 0.
 */
@JsonIgnoreProperties({"mask"})
public final class InvertedDropout extends DeclaredValues implements IDropout {

    public static final Hyperparameter P = new Hyperparameter("p", 0.5, Range.UNIT_HALF_OPEN,
            "probability of dropping an input activation");

    @JsonProperty
    private double p;

    /** Lives from forward to backprop in the layer's INPUT workspace; never serialized. */
    private transient INDArray mask;

    /** Default drop probability; also needed by Jackson. */
    public InvertedDropout() {
        this(P.defaultValue());
    }

    public InvertedDropout(double p) {
        this.p = P.check("dropout", p);
    }

    /** The drop probability. */
    public double getP() {
        return p;
    }

    @Override
    public INDArray applyDropout(INDArray inputActivations, INDArray output, int iteration, int epoch,
                                 LayerWorkspaceMgr workspaceMgr) {
        mask = workspaceMgr.createUninitialized(ArrayType.INPUT, output.dataType(), output.shape(), output.ordering());
        Nd4j.getExecutioner().exec(new BernoulliDistribution(mask, 1.0 - p));
        mask.divi(1.0 - p);
        // output may be the input array itself (DL4J allows in-place modification), hence assign first.
        return output.assign(inputActivations).muli(mask);
    }

    @Override
    public INDArray backprop(INDArray gradAtOutput, INDArray gradAtInput, int iteration, int epoch) {
        gradAtInput.assign(gradAtOutput).muli(mask);
        mask = null;
        return gradAtInput;
    }

    @Override
    public void clear() {
        mask = null;
    }

    @Override
    public IDropout clone() {
        return new InvertedDropout(p);
    }

    @Override
    protected Map<String, Object> values() {
        return keyed(P, p);
    }
}
