package dev.optimlab.optim;

import java.util.Map;
import java.util.Objects;

import org.deeplearning4j.nn.conf.layers.Layer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.regularization.Regularization;

/**
 * The per-tensor part of an optimizer that needs the weights (decoupled weight decay, LAMB's
 * trust ratio, ...): a {@link Regularization} that DL4J runs {@link ApplyStep#POST_UPDATER},
 * once per parameter tensor, after the elementwise {@link OptimLabUpdater} has turned the
 * gradient into the update {@code u}. It rewrites that tensor's update view in place given the
 * tensor {@code w}; DL4J then does {@code w -= u}.
 *
 * <p>Why a regularization hook and not the updater: {@code GradientUpdater.applyUpdater} sees
 * only the gradient slice of an updater block, which may concatenate several tensors (all of a
 * network when the configurations are equal), and never the parameters. The POST_UPDATER hook
 * is the one place where DL4J 1.0.0-M2.1 hands over a single tensor together with its parameter
 * values, so every rule that needs weights or per-tensor norms lives here, whatever the block
 * layout.
 *
 * <p>Wiring: per layer, on the weights' list only (see {@link OptimizerWiring}); never on the
 * global {@code NeuralNetConfiguration.Builder}, which adds custom regularizations twice in
 * M2.1. The hook adds nothing to the network score: the reported loss stays the data loss, so
 * that runs with and without decay are comparable (DL4J's {@code WeightDecay} adds
 * {@code ½λ‖w‖²}).
 *
 * <p>Subclasses keep their hyperparameters in fields annotated with the shaded
 * {@code org.nd4j.shade.jackson.annotation.JsonProperty} (Regularization has no field
 * auto-detection), have a public no-argument constructor, and list the values in
 * {@link #hyperparameters()}, which defines equality.
 */
public abstract class ParameterHook implements Regularization, Cloneable {

    /** Rewrites {@code update}, the update of the single tensor {@code param}, in place. */
    @Override
    public abstract void apply(INDArray param, INDArray update, double lr, int iteration, int epoch);

    /** The hyperparameters under their spec names; defines equality and {@link #toString()}. */
    public abstract Map<String, Double> hyperparameters();

    /**
     * POST_UPDATER: the hook rewrites the update. A hook that must see the raw gradient (AdamP's
     * cosine test, {@link AdamPProbe}) runs BEFORE_UPDATER instead and only observes.
     */
    @Override
    public ApplyStep applyStep() {
        return ApplyStep.POST_UPDATER;
    }

    @Override
    public double score(INDArray param, int iteration, int epoch) {
        return 0.0;
    }

    /**
     * Whether each element of the rewritten update depends on that element alone (decoupled
     * decay), not on norms or shapes of the whole tensor (trust ratios, projections): then a
     * tensor packed with others block-diagonally steps exactly as alone ({@code ParallelFits}).
     */
    public boolean elementwise() {
        return false;
    }

    /** A copy: a field-by-field copy, which is all a hook configured by numbers needs. */
    @Override
    public ParameterHook clone() {
        try {
            return (ParameterHook) super.clone();
        } catch (CloneNotSupportedException e) {
            throw new AssertionError("ParameterHook is Cloneable", e);
        }
    }

    /**
     * This hook as configured for the weights of {@code layer}: a copy, specialised where the rule
     * needs the tensor's geometry (AdamP's output units), because DL4J hands hooks flat views.
     */
    public ParameterHook forLayer(Layer layer) {
        return clone();
    }

    @Override
    public boolean equals(Object o) {
        return o != null && o.getClass() == getClass()
                && hyperparameters().equals(((ParameterHook) o).hyperparameters());
    }

    @Override
    public int hashCode() {
        return Objects.hash(getClass(), hyperparameters());
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + hyperparameters();
    }
}
