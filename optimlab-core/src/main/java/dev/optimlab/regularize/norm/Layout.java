package dev.optimlab.regularize.norm;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The activation layouts the normalization layers accept, and the moves to and from channels-first
 * (channels on dimension 1), the only layout the row arithmetic of {@link RowStandardization} knows.
 * The moves are permutations, so NHWC and NWC give exactly the numbers of NCHW and NCW.
 */
public enum Layout {
    /** Dense [N, C]. */
    FF,
    /** Convolutional [N, C, H, W]. */
    NCHW,
    /** Convolutional [N, H, W, C]. */
    NHWC,
    /** Time series [N, C, T] (DL4J's default RNN format). */
    NCW,
    /** Time series [N, T, C]. */
    NWC;

    /** The layout of {@code type}, or null if the layers do not accept it. */
    static Layout of(InputType type) {
        return switch (type.getType()) {
            case FF -> FF;
            case CNNFlat -> NCHW;
            case CNN -> ((InputType.InputTypeConvolutional) type).getFormat() == CNN2DFormat.NHWC ? NHWC : NCHW;
            case RNN -> ((InputType.InputTypeRecurrent) type).getFormat() == RNNFormat.NWC ? NWC : NCW;
            default -> null;
        };
    }

    /** For layers configured without an input type: channels-first, by rank. */
    static Layout channelsFirstOfRank(int rank) {
        return switch (rank) {
            case 2 -> FF;
            case 3 -> NCW;
            case 4 -> NCHW;
            default -> null;
        };
    }

    int rank() {
        return switch (this) {
            case FF -> 2;
            case NCW, NWC -> 3;
            case NCHW, NHWC -> 4;
        };
    }

    boolean sequence() {
        return this == NCW || this == NWC;
    }

    /** Whether the data must be permuted to become channels-first. */
    boolean channelsLast() {
        return this == NHWC || this == NWC;
    }

    INDArray toChannelsFirst(INDArray a) {
        return switch (this) {
            case NHWC -> a.permute(0, 3, 1, 2);
            case NWC -> a.permute(0, 2, 1);
            default -> a;
        };
    }

    INDArray fromChannelsFirst(INDArray a) {
        return switch (this) {
            case NHWC -> a.permute(0, 2, 3, 1);
            case NWC -> a.permute(0, 2, 1);
            default -> a;
        };
    }
}
