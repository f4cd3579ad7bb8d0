package dev.optimlab.regularize.norm;

import java.util.Arrays;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Broadcast;

/**
 * One layer input seen channels-first: {@code x} is [N, C, ...] (or, for per-step normalization of a
 * sequence, [N·T, C], one row per time step), {@code mask} the time-series mask [N, T] expanded to
 * the shape of {@code x} (null without a mask or for non-sequence input). {@link #apply} moves any
 * array of the input's shape (e.g. the upstream gradient) the same way, {@link #restore} moves back.
 * For FF, NCHW and unmasked NCW input nothing is copied or permuted, so those paths compute exactly
 * what they computed before layouts existed.
 */
final class ChannelsFirst {

    final INDArray x;
    final INDArray mask;
    private final Layout layout;
    private final boolean perStep;
    private final long[] channelsFirstShape;

    private ChannelsFirst(INDArray input, INDArray maskArray, Layout layout, boolean perStep) {
        this.layout = layout;
        this.perStep = perStep && layout.sequence();
        INDArray cf = layout.toChannelsFirst(input);
        this.channelsFirstShape = cf.shape();
        this.x = apply(input);
        this.mask = layout.sequence() && maskArray != null ? expand(maskArray.castTo(input.dataType())) : null;
    }

    /**
     * @param who       the layer, for messages
     * @param layout    the configured layout, or null to take channels-first by rank
     * @param perStep   a sequence is normalized per time step over its C features (layer norm)
     */
    static ChannelsFirst of(String who, INDArray input, INDArray maskArray, Layout layout, boolean perStep) {
        Layout l = layout != null ? layout : Layout.channelsFirstOfRank(input.rank());
        if (l == null || input.rank() != l.rank()) {
            throw new IllegalStateException(who + ": input of shape " + Arrays.toString(input.shape())
                    + " does not fit the layout " + (l == null ? "(none for rank " + input.rank() + ")" : l)
                    + "; accepted: [N, C], [N, C, H, W], [N, H, W, C], [N, C, T], [N, T, C]");
        }
        return new ChannelsFirst(input, maskArray, l, perStep);
    }

    /** An array shaped like the input, moved as {@code x} was. */
    INDArray apply(INDArray a) {
        INDArray cf = layout.toChannelsFirst(a);
        if (perStep) {
            long n = channelsFirstShape[0];
            long c = channelsFirstShape[1];
            long t = channelsFirstShape[2];
            return cf.permute(0, 2, 1).dup('c').reshape('c', n * t, c);
        }
        return cf;
    }

    /** Inverse of {@link #apply}: back to the input's layout, in 'c' order when anything moved. */
    INDArray restore(INDArray a) {
        INDArray cf = perStep
                ? a.reshape('c', channelsFirstShape[0], channelsFirstShape[2], channelsFirstShape[1]).permute(0, 2, 1)
                : a;
        INDArray out = layout.fromChannelsFirst(cf);
        return perStep || layout.channelsLast() ? out.dup('c') : out;
    }

    /** a ⊙ mask, or a itself without a mask. */
    INDArray masked(INDArray a) {
        return mask == null ? a : a.mul(mask);
    }

    private INDArray expand(INDArray mask2d) {
        long n = channelsFirstShape[0];
        long t = channelsFirstShape[2];
        if (mask2d.length() != n * t) {
            throw new IllegalStateException("time-series mask of shape " + Arrays.toString(mask2d.shape())
                    + " does not fit [N, T] = [" + n + ", " + t + "]");
        }
        INDArray m = mask2d.reshape('c', n, t);
        INDArray full = x.ulike().assign(0);
        if (perStep) {
            Broadcast.add(full, m.reshape('c', new long[] {n * t}), full, 0);
        } else {
            Broadcast.add(full, m, full, 0, 2);
        }
        return full;
    }
}
