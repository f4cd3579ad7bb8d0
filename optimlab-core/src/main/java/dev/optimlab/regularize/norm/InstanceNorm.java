package dev.optimlab.regularize.norm;

/**
 * Instance normalization (Ulyanov, Vedaldi &amp; Lempitsky, "Instance Normalization: The Missing
 * Ingredient for Fast Stylization", arXiv:1607.08022, 2016, §2): each (example, channel) feature
 * map is normalized over its H·W positions, then γ_c·x̂ + β_c; the rule is
 * {@link GroupwiseNormalization} with G = C. Hyperparameter {@code epsilon} ε, default 1e-5.
 *
 * <p>Only meaningful for convolutional (NCHW/NHWC) or time-series input: on dense [N, C] input each
 * group holds a single value, x̂ = 0 and the output is β, so dense input is rejected when the
 * configuration is built. Same as PyTorch's {@code nn.InstanceNorm2d(C, affine=True,
 * track_running_stats=False)}; on a sequence [N, C, T], each (example, channel) is normalized over its
 * unmasked time steps, as {@code nn.InstanceNorm1d} over the whole sequence (PyTorch has no mask).
 * DL4J M2.1 has none.
 */
public class InstanceNorm extends GroupwiseNormalization {

    /** Defaults; also needed by Jackson. */
    public InstanceNorm() {
    }

    private InstanceNorm(Builder builder) {
        super(builder);
    }

    @Override
    protected String componentName() {
        return "instance-norm";
    }

    @Override
    public long groupsFor(long channels) {
        return channels;
    }

    public static final class Builder extends ChannelNormalization.Builder<Builder> {
        @Override
        @SuppressWarnings("unchecked")
        public InstanceNorm build() {
            return new InstanceNorm(this);
        }
    }
}
