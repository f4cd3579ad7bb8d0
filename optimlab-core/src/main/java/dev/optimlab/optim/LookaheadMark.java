package dev.optimlab.optim;

import java.util.Map;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The first of {@link Lookahead}'s two hooks over a base with hooks: BEFORE_UPDATER, it only
 * records that this tensor's Lookahead step is left to {@link LookaheadSync}, which runs after
 * the base's hooks. See {@link LookaheadHandover} for the protocol. No hyperparameters.
 */
public final class LookaheadMark extends ParameterHook {

    @Override
    public ApplyStep applyStep() {
        return ApplyStep.BEFORE_UPDATER;
    }

    @Override
    public void apply(INDArray param, INDArray gradient, double lr, int iteration, int epoch) {
        LookaheadHandover.mark(gradient);
    }

    @Override
    public Map<String, Double> hyperparameters() {
        return Map.of();
    }
}
