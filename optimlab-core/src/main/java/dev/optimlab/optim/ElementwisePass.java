package dev.optimlab.optim;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One step of an elementwise rule as a single pass over the gradient and the rule's state
 * vectors: the driver every loop-written rule shares, so that a rule is only its arithmetic,
 * once in float and once in double.
 *
 * <p>{@link #run} takes the arrays as {@link Lanes}; when all of them are FLOAT memory it streams
 * them through {@link FloatTiles} and calls {@link #floats} once per tile, else it calls
 * {@link #doubles} once over all elements (DOUBLE arrays and copies), then writes copies back.
 * {@link #floats} is a method of its own on purpose: compiled on its own, C2 (JDK 17) vectorizes
 * its loop; inlined into a larger method that OSR-compiles first it can stay scalar (measured
 * 11 ms instead of 1 ms per AdaBelief step on 1M parameters). Each tile loop must also stay
 * small: C2 (JDK 17) unrolls, and so vectorizes, only a loop body below its unroll limit
 * ({@code LoopUnrollLimit}); a rule over many lanes splits its tile into loops of its own that
 * hand values over in a scratch tile ({@link Adan}, {@link ScheduleFreeUpdater.Pass}), which
 * stays in L1 (one loop over Adan's five lanes ran scalar: 4x Adam's step). Scalars of the step
 * are fields of the pass, computed once before it runs, in float where the float rule needs them.
 */
abstract class ElementwisePass {

    /**
     * The rule in float arithmetic over one tile: {@code t[0]} is g, to be overwritten by the
     * update, then one tile per state vector in the order given to {@link #run}; {@code len}
     * elements of each are valid.
     */
    abstract void floats(float[][] t, int len);

    /** The same rule in double over all {@code n} elements of {@code l} (g first, then the states). */
    abstract void doubles(Lanes[] l, int n);

    /**
     * Whether the pass writes lanes {@code k} (0: g, then the states in order). A lane only read
     * (Prodigy's sums read g and x₀ − x) is not copied back from its tile: every bulk copy costs
     * about as much as the arithmetic of a tile, so a saved copy is a saved share of the step.
     */
    boolean writes(int k) {
        return true;
    }

    /** Runs the pass: {@code grad} is overwritten by the update, {@code state} advanced in place. */
    final void run(INDArray grad, INDArray... state) {
        Lanes[] l = new Lanes[state.length + 1];
        l[0] = Lanes.of(grad);
        for (int i = 0; i < state.length; i++) {
            l[i + 1] = Lanes.of(state[i]);
        }
        int n = l[0].length;
        if (Lanes.floats(l)) {
            FloatTiles tiles = new FloatTiles(l);
            boolean[] written = new boolean[l.length];
            for (int k = 0; k < l.length; k++) {
                written[k] = writes(k);
            }
            for (int base = 0; base < n; base += FloatTiles.SIZE) {
                int len = tiles.load(base);
                floats(tiles.all(), len);
                tiles.store(base, len, written);
            }
        } else {
            doubles(l, n);
        }
        for (int i = l.length - 1; i >= 0; i--) {
            l[i].commit();
        }
    }

    /** The scalars of a rule that keeps ρ-averages of squares ({@link RmsProp}, {@link AdaDelta}). */
    abstract static class Averaging extends ElementwisePass {
        /** ρ and 1 − ρ (both rounded to the array's precision where DL4J's twin does). */
        final double rho;
        final double c;
        final double lr;
        final double eps;
        final float frho;
        final float fc;
        final float flr;
        final float feps;

        Averaging(double rho, double c, double lr, double eps) {
            this.rho = rho;
            this.c = c;
            this.lr = lr;
            this.eps = eps;
            this.frho = (float) rho;
            this.fc = (float) c;
            this.flr = (float) lr;
            this.feps = (float) eps;
        }
    }
}
