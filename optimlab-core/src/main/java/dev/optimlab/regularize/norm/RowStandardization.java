package dev.optimlab.regularize.norm;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Broadcast;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The arithmetic every normalization layer shares, on a matrix whose rows are the sets normalized
 * together (batch norm: one row per channel over N·H·W; group norm: one row per (example, group)
 * over its C/G·H·W values), plus the moves between activation layout and that row layout.
 *
 * <pre>
 *   forward:   μ = mean(x),  σ² = mean((x − μ)²)  (population variance),  s = √(σ² + ε),
 *              x̂ = (x − μ)/s
 *   backward:  ∂L/∂x = (1/s)·(∂L/∂x̂ − mean(∂L/∂x̂) − x̂·mean(∂L/∂x̂ ⊙ x̂))
 * </pre>
 *
 * (Ioffe &amp; Szegedy 2015, the closed form of the chain rule through μ and σ² in §3.)
 */
final class RowStandardization {

    /**
     * x̂ [R, M] and s [R, 1] of one forward pass; {@code weights} the 0/1 mask [R, M] (null: every
     * value counts) and {@code count} its row sums (at least 1, so a fully masked row gives x̂ = 0).
     */
    record Result(INDArray xHat, INDArray std, INDArray mean, INDArray variance, INDArray weights, INDArray count) {
    }

    private RowStandardization() {
    }

    static Result forward(INDArray rows, double epsilon) {
        INDArray mean = rows.mean(true, 1);
        INDArray centred = rows.subColumnVector(mean);
        INDArray variance = centred.mul(centred).mean(true, 1);
        INDArray std = Transforms.sqrt(variance.add(epsilon), false);
        return new Result(centred.diviColumnVector(std), std, mean, variance, null, null);
    }

    /**
     * The statistics over the values whose weight is 1 only (masked time steps excluded); x̂ is 0
     * where the weight is 0. Null weights: {@link #forward(INDArray, double)}, unchanged arithmetic.
     */
    static Result forward(INDArray rows, INDArray weights, double epsilon) {
        if (weights == null) {
            return forward(rows, epsilon);
        }
        INDArray count = Transforms.max(weights.sum(true, 1), 1.0, false);
        INDArray mean = rows.mul(weights).sum(true, 1).diviColumnVector(count);
        INDArray centred = rows.subColumnVector(mean);
        INDArray variance = centred.mul(centred).muli(weights).sum(true, 1).diviColumnVector(count);
        INDArray std = Transforms.sqrt(variance.add(epsilon), false);
        return new Result(centred.diviColumnVector(std).muli(weights), std, mean, variance, weights, count);
    }

    /** With weights, {@code dxHat} must already be 0 where the weight is 0 (masked upstream gradient). */
    static INDArray backward(INDArray dxHat, Result fwd) {
        if (fwd.weights() != null) {
            INDArray meanD = dxHat.sum(true, 1).diviColumnVector(fwd.count());
            INDArray meanDx = dxHat.mul(fwd.xHat()).sum(true, 1).diviColumnVector(fwd.count());
            return dxHat.subColumnVector(meanD).subi(fwd.xHat().mulColumnVector(meanDx))
                    .diviColumnVector(fwd.std()).muli(fwd.weights());
        }
        INDArray meanD = dxHat.mean(true, 1);
        INDArray meanDx = dxHat.mul(fwd.xHat()).mean(true, 1);
        return dxHat.subColumnVector(meanD).subi(fwd.xHat().mulColumnVector(meanDx)).diviColumnVector(fwd.std());
    }

    /** [N, C, ...] → [C, N·...]: one row per channel (a copy in 'c' order). */
    static INDArray channelRows(INDArray x) {
        return x.permute(swapFirstTwo(x.rank())).dup('c').reshape('c', x.size(1), x.length() / x.size(1));
    }

    /** Inverse of {@link #channelRows}, back to {@code shape}. */
    static INDArray fromChannelRows(INDArray rows, long[] shape) {
        long[] swapped = shape.clone();
        swapped[0] = shape[1];
        swapped[1] = shape[0];
        return rows.reshape('c', swapped).permute(swapFirstTwo(shape.length));
    }

    /** [N, C, ...] → [N·G, C/G·...]: one row per (example, group) of consecutive channels. */
    static INDArray groupRows(INDArray x, long groups) {
        long rows = x.size(0) * groups;
        return x.dup('c').reshape('c', rows, x.length() / rows);
    }

    /** y = a ⊙ v + b with per-channel v, b of length C broadcast along dimension 1. */
    static INDArray perChannelAffine(INDArray a, INDArray scale, INDArray shift) {
        INDArray out = a.ulike();
        Broadcast.mul(a, scale, out, 1);
        if (shift != null) {
            Broadcast.add(out, shift, out, 1);
        }
        return out;
    }

    /** Σ over every dimension but the channel dimension 1: [N, C, ...] → [C]. */
    static INDArray sumPerChannel(INDArray a) {
        int[] dims = new int[a.rank() - 1];
        dims[0] = 0;
        for (int d = 2; d < a.rank(); d++) {
            dims[d - 1] = d;
        }
        return a.sum(dims);
    }

    private static int[] swapFirstTwo(int rank) {
        int[] p = new int[rank];
        for (int i = 0; i < rank; i++) {
            p[i] = i;
        }
        p[0] = 1;
        p[1] = 0;
        return p;
    }
}
