package dev.optimlab.experiment.crossvalidation;

import java.util.ArrayList;
import java.util.List;

import dev.optimlab.data.KFoldSplit;
import dev.optimlab.data.LabeledData;
import dev.optimlab.data.RollingOriginSplit;
import dev.optimlab.data.TimeSeries;

/**
 * One repetition of the time-series comparison on a freshly sampled AR series. At every origin
 * {@code i} both schemes see exactly the same data, blocks {@code 0..i}, and estimate the same
 * thing: the error of a model trained on blocks {@code 0..i} when it forecasts the next block.
 * <ul>
 * <li>rolling origin: train on blocks {@code 0..i-1}, validate on block {@code i} (the future of
 *     its training data, as the forecast will be);</li>
 * <li>shuffled k-fold: the windows of blocks {@code 0..i} shuffled into k folds, so validation
 *     windows sit between training windows in time (the leak).</li>
 * </ul>
 * The truth: the model trained on blocks {@code 0..i}, scored on block {@code i+1}, which neither
 * scheme touched. Errors are MSE divided by σ² (1 is the best any forecaster can do).
 */
final class ForecastValidation {

    /** One origin of one repetition of one series. */
    record Origin(long seed, String series, int origin, double rolling, double shuffled, double truth)
            implements java.io.Serializable {
    }

    private ForecastValidation() {
    }

    static List<Origin> run(CrossValidationSpec.Forecast f, long seed) {
        double noise = f.sigma() * f.sigma();
        CvNetwork net = f.model().network(f.model().hidden());
        List<Origin> out = new ArrayList<>();
        for (CrossValidationSpec.Series process : f.series()) {
            double[] series = new TimeSeries(process.phi(), f.sigma(), f.length()).sample(seed);
            LabeledData windows = TimeSeries.windows(series, f.lags());
            RollingOriginSplit split = new RollingOriginSplit(windows.size(), f.blocks(), f.minTrainBlocks());
            for (RollingOriginSplit.Fold fold : split.folds()) {
                long s = seed * 1000 + fold.origin() * 10L;
                LabeledData train = windows.select(fold.train());
                LabeledData val = windows.select(fold.validation());
                LabeledData test = windows.select(fold.test());
                double rolling = CvNetwork.sumSquaredError(net.fitPredict(train, f.weightDecay(), s, val)[0], val)
                        / val.size() / noise;
                int[] dev = split.blocks(0, fold.origin() + 1);
                LabeledData development = windows.select(dev);
                KFoldSplit k = KFoldSplit.shuffled(dev.length, f.folds(), s + 1);
                double sse = 0;
                for (int j = 0; j < k.k(); j++) {
                    LabeledData v = development.select(k.validation(j));
                    sse += CvNetwork.sumSquaredError(
                            net.fitPredict(development.select(k.train(j)), f.weightDecay(), s + 2 + j, v)[0], v);
                }
                double shuffled = sse / dev.length / noise;
                double truth = CvNetwork.sumSquaredError(net.fitPredict(development, f.weightDecay(), s, test)[0], test)
                        / test.size() / noise;
                out.add(new Origin(seed, process.name(), fold.origin(), rolling, shuffled, truth));
            }
        }
        return out;
    }
}
