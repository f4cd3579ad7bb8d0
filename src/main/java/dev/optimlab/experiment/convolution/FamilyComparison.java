package dev.optimlab.experiment.convolution;

import java.util.ArrayList;
import java.util.List;

import dev.optimlab.analysis.Stats;
import dev.optimlab.run.TrialResult;

/**
 * A CNN against an MLP on the same data, paired by seed: for each seed both were trained with
 * the same seed (the same minibatch order; their initial weights differ since the architectures
 * do), and the difference of their test accuracies is taken per seed. The 95 % Student-t interval
 * of the mean difference decides: above 0, the CNN is more accurate; below 0, less; containing 0,
 * not separated at this n.
 */
record FamilyComparison(ConvolutionExperiment.ModelRun cnn, long cnnParams, ConvolutionExperiment.ModelRun mlp,
                        long mlpParams, Stats difference) {

    enum Outcome { CNN_BETTER, MLP_BETTER, NOT_SEPARATED }

    static FamilyComparison of(ConvolutionExperiment.ModelRun cnn, long cnnParams, ConvolutionExperiment.ModelRun mlp,
                               long mlpParams) {
        List<Double> diffs = new ArrayList<>();
        for (TrialResult c : cnn.trials()) {
            for (TrialResult m : mlp.trials()) {
                if (c.seed() == m.seed()) {
                    Double a = accuracy(c);
                    Double b = accuracy(m);
                    diffs.add(a == null || b == null ? null : a - b);
                }
            }
        }
        return new FamilyComparison(cnn, cnnParams, mlp, mlpParams, Stats.of(diffs));
    }

    static Double accuracy(TrialResult t) {
        return t.diverged() || t.last() == null ? null : t.last().testMetric();
    }

    double lower() {
        return difference.mean() - difference.ci95();
    }

    double upper() {
        return difference.mean() + difference.ci95();
    }

    Outcome outcome() {
        if (difference.n() < 2) {
            return Outcome.NOT_SEPARATED;
        }
        if (lower() > 0) {
            return Outcome.CNN_BETTER;
        }
        return upper() < 0 ? Outcome.MLP_BETTER : Outcome.NOT_SEPARATED;
    }

}
