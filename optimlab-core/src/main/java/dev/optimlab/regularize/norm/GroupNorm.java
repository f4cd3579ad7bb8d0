package dev.optimlab.regularize.norm;

import dev.optimlab.optim.Hyperparameter;
import dev.optimlab.optim.Range;

/**
 * Group normalization with G groups of C/G consecutive channels (Wu &amp; He, ECCV 2018); the rule
 * is in {@link GroupwiseNormalization}. Hyperparameters: {@code groups} G ≥ 1 dividing C, default
 * 32 (the paper's default; small networks need fewer); {@code epsilon} ε, default 1e-5.
 *
 * <p>Same as PyTorch's {@code nn.GroupNorm(G, C, eps)} with affine parameters; DL4J M2.1 has no group
 * norm. G = 1 equals {@link LayerNorm} and G = C equals {@link InstanceNorm} (tested) on dense and
 * convolutional input. A sequence [N, C, T] is normalized per (example, group) over C/G channels ×
 * its unmasked time steps, as PyTorch's {@code GroupNorm} on [N, C, L] (per sequence, not per step:
 * there G = 1 differs from {@link LayerNorm}, which is per step).
 */
public class GroupNorm extends GroupwiseNormalization {

    public static final Hyperparameter GROUPS = new Hyperparameter("groups", 32, Range.AT_LEAST_ONE,
            "number of channel groups G (a whole number dividing the channels)");

    private int groups = (int) GROUPS.defaultValue();

    /** Defaults; also needed by Jackson. */
    public GroupNorm() {
    }

    private GroupNorm(Builder builder) {
        super(builder);
        this.groups = (int) GROUPS.check("group-norm", builder.groups);
        if (getNOut() > 0 && getNOut() % groups != 0) {
            throw new IllegalArgumentException("group-norm: groups must divide the " + getNOut()
                    + " channels, got " + groups);
        }
    }

    @Override
    protected String componentName() {
        return "group-norm";
    }

    public int getGroups() {
        return groups;
    }

    public void setGroups(int groups) {
        this.groups = groups;
    }

    @Override
    public long groupsFor(long channels) {
        if (channels % groups != 0) {
            throw new IllegalArgumentException("group-norm: groups must divide the " + channels
                    + " channels, got " + groups);
        }
        return groups;
    }

    /** Checks divisibility as soon as the channel count is known, i.e. when the configuration is built. */
    @Override
    public void setNIn(org.deeplearning4j.nn.conf.inputs.InputType inputType, boolean override) {
        super.setNIn(inputType, override);
        groupsFor(getNOut());
    }

    @Override
    public boolean equals(Object o) {
        return super.equals(o) && ((GroupNorm) o).groups == groups;
    }

    @Override
    public int hashCode() {
        return 31 * super.hashCode() + groups;
    }

    public static final class Builder extends ChannelNormalization.Builder<Builder> {
        private int groups = (int) GROUPS.defaultValue();

        public Builder groups(int groups) {
            this.groups = groups;
            return this;
        }

        @Override
        @SuppressWarnings("unchecked")
        public GroupNorm build() {
            return new GroupNorm(this);
        }
    }
}
