package dev.optimlab.optim;

import java.util.Map;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The last of {@link Lookahead}'s two hooks over a base with hooks: POST_UPDATER, after the
 * base's hooks, it adds this tensor's final update to the displacement d and, at a
 * synchronisation step, pulls the tensor back to φ + α·(θ − φ) (see {@link Lookahead} and
 * {@link LookaheadHandover}). No hyperparameters: α and the step come from the updater.
 */
public final class LookaheadSync extends ParameterHook {

    @Override
    public void apply(INDArray param, INDArray update, double lr, int iteration, int epoch) {
        LookaheadHandover.Pending p = LookaheadHandover.take(update);
        if (p == null) {
            throw new IllegalStateException("lookahead: no displacement handed over for this tensor; the "
                    + "updater must be Lookahead and LookaheadMark must be on the same tensor (OptimizerWiring "
                    + "with the registry's lookahead-* hooks does both)");
        }
        INDArray u = update.rank() == 1 ? update : update.reshape(update.ordering(), new long[] {update.length()});
        LookaheadHandover.step(u, p.d(), p.sync(), p.alpha());
        if (u.data() != update.data()) {
            update.assign(u.reshape(update.ordering(), update.shape()));
        }
    }

    @Override
    public Map<String, Double> hyperparameters() {
        return Map.of();
    }
}
