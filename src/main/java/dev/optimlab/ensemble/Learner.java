package dev.optimlab.ensemble;

import dev.optimlab.data.LabeledData;

/** Fits a {@link Model} to data; the seed fixes every random choice of the fit. */
public interface Learner {
    Model fit(LabeledData data, long seed);
}
