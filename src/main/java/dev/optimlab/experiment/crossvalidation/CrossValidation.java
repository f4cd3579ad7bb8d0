package dev.optimlab.experiment.crossvalidation;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import dev.optimlab.data.Datasets;
import dev.optimlab.data.LabeledData;
import dev.optimlab.experiment.Experiment;
import dev.optimlab.experiment.ReportSkeleton;

/**
 * Runs a {@code kind: cross-validation} spec: the tabular part (CV-chosen weight decay reported
 * once on the test set, against the weight decay the test set itself would pick, both checked on
 * an untouched fresh set) and the time-series part (rolling-origin against shuffled k-fold, both
 * checked against the error on the block that follows); {@link CrossValidationReport} writes the
 * report. Deterministic: same spec, same numbers.
 */
public final class CrossValidation extends Experiment.OfSpec<CrossValidationSpec> {

    public CrossValidation(CrossValidationSpec spec) {
        super(spec);
    }

    @Override
    public String describe() {
        List<String> parts = new ArrayList<>();
        if (spec.tabular() != null) {
            CrossValidationSpec.Tabular t = spec.tabular();
            parts.add(t.folds() + "-fold CV of " + t.weightDecay().size() + " weight decays on " + t.data());
        }
        if (spec.timeSeries() != null) {
            CrossValidationSpec.Forecast f = spec.timeSeries();
            parts.add("rolling origin vs shuffled " + f.folds() + "-fold on " + f.series().size() + " AR series");
        }
        return String.join("; ", parts) + "; " + spec.seeds().size() + " seeds";
    }

    @Override
    public Path run(Settings settings) throws IOException {
        Path dir = settings.resultsRoot().resolve(spec.name());
        Files.createDirectories(dir);
        long start = System.nanoTime();
        List<TabularSelection> tab = new ArrayList<>();
        int[] tabularShape = null;
        if (spec.tabular() != null) {
            LabeledData all = new Datasets(settings.dataRoot()).load(spec.tabular().data(), Integer.MAX_VALUE);
            // fails before any training if the sizes do not fit the table
            int fresh = TabularSelection.parts(all.size(), spec.tabular(), 0)[2].length;
            tabularShape = new int[] {all.features(), all.outputs(), fresh};
            // the seeds are independent units (each draws its own folds and trains its own networks)
            tab.addAll(settings.executor().map(spec.seeds(), seed -> {
                TabularSelection t = TabularSelection.run(all, spec.tabular(), seed);
                settings.log().printf(Locale.ROOT, "tabular seed %d done (%.0f s)%n", seed, (System.nanoTime() - start) / 1e9);
                return t;
            }));
        }
        List<ForecastValidation.Origin> ts = new ArrayList<>();
        if (spec.timeSeries() != null) {
            for (List<ForecastValidation.Origin> origins : settings.executor().map(spec.seeds(), seed -> {
                List<ForecastValidation.Origin> o = ForecastValidation.run(spec.timeSeries(), seed);
                settings.log().printf(Locale.ROOT, "time-series seed %d done (%.0f s)%n", seed, (System.nanoTime() - start) / 1e9);
                return o;
            })) {
                ts.addAll(origins);
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        Path report = new CrossValidationReport(spec, tabularShape, tab, ts, seconds).write(dir, settings.command());
        ReportSkeleton.refreshIndex(settings.resultsRoot());
        return report;
    }
}
