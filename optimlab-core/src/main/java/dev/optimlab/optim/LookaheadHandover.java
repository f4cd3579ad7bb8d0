package dev.optimlab.optim;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The hand-over between {@link Lookahead}'s updater and its per-tensor hooks over a base with
 * hooks ({@code lookahead-adamw}, {@code lookahead-lamb}, {@code lookahead-adamp}).
 *
 * <p>Why: Lookahead's displacement d must add the <em>final</em> update of each tensor, but a
 * base's POST_UPDATER hooks (decay, trust ratio, projection) rewrite the update after the
 * updater, and they must see the base's own update, not one already pulled back to the slow
 * weights. So for the hooked tensors the Lookahead step moves behind the hooks:
 * <ol>
 * <li>{@link LookaheadMark} (BEFORE_UPDATER, first) records the tensor's gradient view;</li>
 * <li>the updater runs the base over the block, does the Lookahead step itself on the unmarked
 *     ranges (biases, norm gains: no hooks) and leaves, for each marked range, its slice of d
 *     and whether this is a synchronisation step;</li>
 * <li>the base's hooks run on the untouched base update;</li>
 * <li>{@link LookaheadSync} (POST_UPDATER, last) does the Lookahead step on the final update.</li>
 * </ol>
 * DL4J's {@code UpdaterBlock} runs these in sequence on one thread and builds fresh view objects
 * for each call, but the gradient views of a tensor and of its block share one buffer, so a
 * tensor is known by its place (buffer address, offset, length) in thread-local tables, as for
 * {@link AdamPProbe}. d stays in the updater's state array, so nothing else needs saving.
 */
final class LookaheadHandover {

    /** Where a gradient view lives in its buffer. */
    record Place(long address, long offset, long length) {
        static Place of(INDArray x) {
            return new Place(x.data().address(), x.offset(), x.length());
        }
    }

    /** What the hook needs for one tensor: its slice of d, the sync flag and α. */
    record Pending(INDArray d, boolean sync, double alpha) {
    }

    private static final ThreadLocal<Set<Place>> MARKED = ThreadLocal.withInitial(HashSet::new);
    private static final ThreadLocal<Map<Place, Pending>> PENDING = ThreadLocal.withInitial(HashMap::new);

    private LookaheadHandover() {
    }

    static void mark(INDArray gradient) {
        MARKED.get().add(Place.of(gradient));
    }

    /** The marked places inside {@code block}, removed from the table, by offset. */
    static List<Place> takeMarked(INDArray block) {
        Place b = Place.of(block);
        List<Place> inside = new ArrayList<>();
        for (Place p : MARKED.get()) {
            if (p.address() == b.address() && p.offset() >= b.offset()
                    && p.offset() + p.length() <= b.offset() + b.length()) {
                inside.add(p);
            }
        }
        MARKED.get().removeAll(inside);
        inside.sort((x, y) -> Long.compare(x.offset(), y.offset()));
        return inside;
    }

    static void leave(Place p, Pending pending) {
        PENDING.get().put(p, pending);
    }

    static Pending take(INDArray update) {
        return PENDING.get().remove(Place.of(update));
    }

    /**
     * The Lookahead step on one update u with its displacement d (both flat views of equal length):
     * d += u; at a synchronisation step u −= (1 − α)·d and d ← 0.
     */
    static void step(INDArray u, INDArray d, boolean sync, double alpha) {
        d.addi(u);
        if (sync) {
            u.subi(d.mul(1 - alpha));
            d.assign(0);
        }
    }
}
