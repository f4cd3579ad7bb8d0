package dev.optimlab.experiment.crossvalidation;

import java.util.Arrays;
import java.util.List;

import dev.optimlab.data.KFoldSplit;
import dev.optimlab.data.LabeledData;
import dev.optimlab.data.Shuffle;

/**
 * One repetition of "choose weight decay by k-fold CV on the training set, retrain on all of
 * it, report the test set once", beside the shortcut of choosing on the test set. A third,
 * untouched {@code fresh} set stands in for the population: it is what each claim should have
 * been, so the optimism of each protocol is measured rather than argued.
 *
 * @param cv      pooled k-fold validation error per grid value (training set only)
 * @param test    test error of the model retrained on the whole training set, per grid value
 * @param fresh   fresh-set error of that same retrained model, per grid value
 * @param byCv    grid index CV chooses; {@code byTest} the index the test set would choose
 */
record TabularSelection(long seed, double[] cv, double[] test, double[] fresh, int byCv, int byTest)
        implements java.io.Serializable {

    /** The three disjoint parts of one repetition: train, test, fresh (a seeded shuffle of the table). */
    static int[][] parts(int n, CrossValidationSpec.Tabular t, long seed) {
        int fresh = t.fresh() > 0 ? t.fresh() : n - t.train() - t.test();
        if (fresh < 1 || t.train() + t.test() + fresh > n) {
            throw new IllegalArgumentException("data '" + t.data() + "' has " + n + " examples; train " + t.train()
                    + " + test " + t.test() + " + fresh " + fresh + " do not fit");
        }
        int[] p = Shuffle.permutation(n, seed);
        return new int[][] {
            Arrays.copyOfRange(p, 0, t.train()),
            Arrays.copyOfRange(p, t.train(), t.train() + t.test()),
            Arrays.copyOfRange(p, t.train() + t.test(), t.train() + t.test() + fresh)};
    }

    static TabularSelection run(LabeledData all, CrossValidationSpec.Tabular t, long seed) {
        int[][] parts = parts(all.size(), t, seed);
        LabeledData train = all.select(parts[0]);
        LabeledData test = all.select(parts[1]);
        LabeledData fresh = all.select(parts[2]);
        KFoldSplit folds = t.stratified()
                ? KFoldSplit.stratified(KFoldSplit.labels(train), t.folds(), seed + 1)
                : KFoldSplit.shuffled(train.size(), t.folds(), seed + 1);
        CvNetwork net = t.model().network(t.model().hidden());
        List<Double> grid = t.weightDecay();
        double[] cv = new double[grid.size()];
        double[] te = new double[grid.size()];
        double[] fr = new double[grid.size()];
        for (int g = 0; g < grid.size(); g++) {
            double wrong = 0;
            for (int f = 0; f < folds.k(); f++) {
                LabeledData val = train.select(folds.validation(f));
                double[][] p = net.fitPredict(train.select(folds.train(f)), grid.get(g), seed * 1000 + f, val)[0];
                wrong += CvNetwork.errorRate(p, val) * val.size();
            }
            cv[g] = wrong / train.size();
            double[][][] p = net.fitPredict(train, grid.get(g), seed * 1000 + 999, test, fresh);
            te[g] = CvNetwork.errorRate(p[0], test);
            fr[g] = CvNetwork.errorRate(p[1], fresh);
        }
        return new TabularSelection(seed, cv, te, fr, argmin(cv), argmin(te));
    }

    /**
     * The index of the smallest value; ties go to the larger index (the stronger weight decay,
     * the simpler model), so a flat stretch of the curve does not pick the least regularized end.
     */
    static int argmin(double[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) {
            if (v[i] <= v[best]) {
                best = i;
            }
        }
        return best;
    }
}
