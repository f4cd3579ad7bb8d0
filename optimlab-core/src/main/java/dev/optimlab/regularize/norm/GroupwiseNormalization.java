package dev.optimlab.regularize.norm;

import org.deeplearning4j.nn.api.ParamInitializer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Normalization within each example over groups of consecutive channels (Wu &amp; He, "Group
 * Normalization", ECCV 2018, §3.1, with the set S_i = {k | k_N = i_N, ⌊k_C/(C/G)⌋ = ⌊i_C/(C/G)⌋}):
 *
 * <pre>
 *   for example n and group g (C/G channels × all positions):
 *     x̂ = (x − μ_ng)/√(σ²_ng + ε)         σ² the population variance
 *     y_c = γ_c·x̂_c + β_c                   per-channel affine
 * </pre>
 *
 * Same in training and inference (no running statistics, no dependence on the batch). The group
 * count decides the method: G = 1 is {@link LayerNorm} over (C, H, W), G = C is {@link InstanceNorm},
 * anything between is {@link GroupNorm}. Parameters γ (init 1), β (init 0) of length C; ε default
 * 1e-5 as in PyTorch's {@code GroupNorm}.
 */
public abstract class GroupwiseNormalization extends ChannelNormalization {

    protected GroupwiseNormalization() {
    }

    protected GroupwiseNormalization(Builder<?> builder) {
        super(builder);
    }

    /** The number of groups G for C channels; C must be a multiple of G. */
    public abstract long groupsFor(long channels);

    /**
     * Rejects, at build, input where each normalized group would hold a single value (x̂ = 0, the
     * output the constant β): dense input with G = C (instance norm), or a per-step layer norm over
     * one feature.
     */
    @Override
    protected String rejection(InputType inputType, Layout layout) {
        long channels = switch (inputType.getType()) {
            case FF -> ((InputType.InputTypeFeedForward) inputType).getSize();
            case RNN -> ((InputType.InputTypeRecurrent) inputType).getSize();
            case CNN -> ((InputType.InputTypeConvolutional) inputType).getChannels();
            default -> ((InputType.InputTypeConvolutionalFlat) inputType).getDepth();
        };
        long groups = groupsFor(channels);
        long positions = switch (layout) {
            case FF -> 1;
            case NCW, NWC -> perStep() ? 1 : stepsOrTwo((InputType.InputTypeRecurrent) inputType);
            default -> inputType.arrayElementsPerExample() / channels;
        };
        if (channels / groups * positions >= 2) {
            return null;
        }
        return "where each of its " + groups + " groups per example" + (perStep() ? " and time step" : "")
                + " holds a single value, so the output would be the constant β";
    }

    /** The declared sequence length; an unknown one (≤ 0) is assumed long enough. */
    private static long stepsOrTwo(InputType.InputTypeRecurrent type) {
        return type.getTimeSeriesLength() > 0 ? type.getTimeSeriesLength() : 2;
    }

    @Override
    protected String acceptedInputs() {
        return "convolutional NCHW/NHWC or recurrent NCW/NWC [N, C, T] input, or feed-forward [N, C] input"
                + " with at least 2 channels per group";
    }

    @Override
    ChannelNormalizationLayer<?> newLayer(NeuralNetConfiguration conf, DataType dataType) {
        return new GroupwiseNormalizationLayer(conf, dataType);
    }

    @Override
    public ParamInitializer initializer() {
        return ChannelParams.AFFINE;
    }
}
