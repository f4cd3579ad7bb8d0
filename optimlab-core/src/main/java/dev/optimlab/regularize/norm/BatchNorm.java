package dev.optimlab.regularize.norm;

import dev.optimlab.optim.Hyperparameter;
import dev.optimlab.optim.Range;
import org.deeplearning4j.nn.api.ParamInitializer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.NoOp;

/**
 * Batch normalization (Ioffe &amp; Szegedy, "Batch Normalization: Accelerating Deep Network Training
 * by Reducing Internal Covariate Shift", ICML 2015, Algorithm 1 and, for inference, Algorithm 2 with
 * running averages instead of population statistics). Per channel c, over the examples (dense
 * [N, C]) or over examples and positions (NCHW [N, C, H, W]):
 *
 * <pre>
 *   training:   μ_B, σ²_B = mean and population variance of the batch
 *               y = γ·(x − μ_B)/√(σ²_B + ε) + β
 *               mean ← d·mean + (1 − d)·μ_B,   var ← d·var + (1 − d)·σ²_B
 *   inference:  y = γ·(x − mean)/√(var + ε) + β
 * </pre>
 *
 * Hyperparameters: {@code decay} d in [0, 1], default 0.9; {@code epsilon} ε &gt; 0, default 1e-5.
 * Parameters γ (init 1), β (init 0), running mean (init 0) and var (init 1), all of length C.
 *
 * <p>Matches DL4J's {@code BatchNormalization} with {@code useLogStd(false)} in double precision
 * (outputs, gradients, running statistics; tested), including DL4J's mechanics: the running
 * statistics are updated in backprop, i.e. by {@code fit}, not by {@code output(x, true)}, through a
 * {@link NoOp} "gradient" (1 − d)·(running − batch) that skips minibatch division. Two differences
 * from PyTorch's {@code BatchNorm1d/2d}: PyTorch's {@code momentum} is 1 − d (default 0.1, the same
 * value), and PyTorch keeps the <em>unbiased</em> batch variance in the running average while DL4J and
 * this class keep the population one.
 *
 * <p>Formats ({@link ChannelNormalization}): NCHW and NHWC; time series [N, C, T] (and NWC) are
 * normalized per channel over all (example, step) pairs, as PyTorch's {@code BatchNorm1d} on [N, C, L];
 * with a time-series mask, masked steps are left out of the batch statistics (so of the running
 * averages too) and their output is 0. DL4J's {@code BatchNormalization} takes no time series.
 */
public class BatchNorm extends ChannelNormalization {

    public static final Hyperparameter DECAY = new Hyperparameter("decay", 0.9, Range.UNIT_CLOSED,
            "decay of the running mean and variance used at inference");

    private double decay = DECAY.defaultValue();

    /** Defaults; also needed by Jackson. */
    public BatchNorm() {
    }

    private BatchNorm(Builder builder) {
        super(builder);
        this.decay = DECAY.check(componentName(), builder.decay);
    }

    @Override
    protected String componentName() {
        return "batch-norm";
    }

    public double getDecay() {
        return decay;
    }

    public void setDecay(double decay) {
        this.decay = decay;
    }

    @Override
    ChannelNormalizationLayer<?> newLayer(NeuralNetConfiguration conf, DataType dataType) {
        return new BatchNormLayer(conf, dataType);
    }

    @Override
    public ParamInitializer initializer() {
        return ChannelParams.AFFINE_AND_RUNNING_STATS;
    }

    @Override
    public IUpdater getUpdaterByParam(String paramName) {
        // The running statistics are not trained: their "gradient" is the exact EMA step.
        if (ChannelParams.MEAN.equals(paramName) || ChannelParams.VAR.equals(paramName)) {
            return new NoOp();
        }
        return super.getUpdaterByParam(paramName);
    }

    @Override
    public boolean equals(Object o) {
        return super.equals(o) && Double.compare(((BatchNorm) o).decay, decay) == 0;
    }

    @Override
    public int hashCode() {
        return 31 * super.hashCode() + Double.hashCode(decay);
    }

    public static final class Builder extends ChannelNormalization.Builder<Builder> {
        private double decay = DECAY.defaultValue();

        /** Decay d of the running averages (PyTorch's momentum is 1 − d). */
        public Builder decay(double decay) {
            this.decay = decay;
            return this;
        }

        @Override
        @SuppressWarnings("unchecked")
        public BatchNorm build() {
            return new BatchNorm(this);
        }
    }
}
