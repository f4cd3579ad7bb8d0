package dev.optimlab.regularize.norm;

/**
 * Layer normalization (Ba, Kiros &amp; Hinton, "Layer Normalization", arXiv:1607.06450, 2016, §3):
 * each example is normalized over all its features, (C) for dense and (C, H, W) for NCHW/NHWC input,
 * then a per-channel affine γ_c·x̂ + β_c is applied; the rule is {@link GroupwiseNormalization} with
 * G = 1. Hyperparameter {@code epsilon} ε, default 1e-5 (inside the square root, as PyTorch).
 *
 * <p>Time series [N, C, T] (or NWC) are normalized <em>per time step</em> over the C features, as
 * PyTorch's {@code nn.LayerNorm(C)} on [N, T, C] and the paper's RNN case (§3.1); masked steps give
 * output 0. (Per sequence over (C, T) is {@code GroupNorm} with G = 1.)
 *
 * <p>Versus DL4J's {@code DenseLayer.hasLayerNorm(true)}: that normalizes xW <em>before</em> the bias
 * with gain g, so act(g ⊙ LN(xW) + b) equals Dense(no bias, identity) → LayerNorm(γ = g, β = b) →
 * activation (tested), except that DL4J divides by (population std + ~1e-12) rather than √(σ² + ε).
 * Versus PyTorch's {@code nn.LayerNorm([C, H, W])}: PyTorch's affine is elementwise over (C, H, W);
 * here it is per channel (as in the paper's convolutional discussion and {@code GroupNorm(1, C)}).
 */
public class LayerNorm extends GroupwiseNormalization {

    /** Defaults; also needed by Jackson. */
    public LayerNorm() {
    }

    private LayerNorm(Builder builder) {
        super(builder);
    }

    @Override
    protected String componentName() {
        return "layer-norm";
    }

    @Override
    public long groupsFor(long channels) {
        return 1;
    }

    /** Sequences are normalized per time step over their C features, as PyTorch's {@code nn.LayerNorm(C)}. */
    @Override
    boolean perStep() {
        return true;
    }

    public static final class Builder extends ChannelNormalization.Builder<Builder> {
        @Override
        @SuppressWarnings("unchecked")
        public LayerNorm build() {
            return new LayerNorm(this);
        }
    }
}
