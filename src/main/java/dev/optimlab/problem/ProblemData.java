package dev.optimlab.problem;

import java.nio.file.Path;

import dev.optimlab.data.DataException;
import dev.optimlab.data.Datasets;
import dev.optimlab.data.HoldoutSplit;
import dev.optimlab.data.LabeledData;
import dev.optimlab.data.NoisyRegression;

/**
 * The materialized data of a problem: training, validation and test parts, standardized with the
 * training part's moments (never the others'), plus, for 1-D synthetic regression, the generator
 * (for the true curve in charts).
 */
public record ProblemData(LabeledData train, LabeledData validation, LabeledData test, NoisyRegression generator) {

    /** Loads or generates the data of {@code source}; shipped files are read from {@code dataRoot}. */
    public static ProblemData of(DataSource source, Path dataRoot) {
        if (source.synthetic()) {
            NoisyRegression gen = new NoisyRegression(source.function(), source.n(), source.noise(),
                    source.outlierFraction(), source.outlierScale(), source.xMin(), source.xMax());
            LabeledData all = gen.sample(source.seed());
            HoldoutSplit s = HoldoutSplit.of(all.size(), source.validationFraction(), source.testFraction(), source.seed());
            // The exercise keeps x in its natural units so the fitted curves can be drawn over the data.
            ProblemData d = new ProblemData(all.select(s.train()), all.select(s.validation()), all.select(s.test()), gen);
            requireRows(source, d.train(), d.validation(), d.test());
            return d;
        }
        Datasets catalogue = new Datasets(dataRoot);
        LabeledData all = catalogue.load(source.source(), source.limit());
        LabeledData train;
        LabeledData validation;
        LabeledData test;
        if (Datasets.hasOfficialTestSet(source.source())) {
            HoldoutSplit s = HoldoutSplit.of(all.size(), source.validationFraction(), 0, source.seed());
            train = all.select(s.train());
            validation = all.select(s.validation());
            test = catalogue.loadTest(source.source(), source.testLimit());
        } else {
            HoldoutSplit s = HoldoutSplit.of(all.size(), source.validationFraction(), source.testFraction(), source.seed());
            train = all.select(s.train());
            validation = all.select(s.validation());
            test = all.select(s.test());
        }
        requireRows(source, train, validation, test);
        if (source.source().equals("mnist") || source.source().equals("fashion-mnist") || source.source().equals("digits")) {
            return new ProblemData(train, validation, test, null); // pixels are already in [0, 1]
        }
        double[][] moments = train.moments();
        return new ProblemData(train.standardized(moments), validation.standardized(moments),
                test.standardized(moments), null);
    }

    /**
     * Every part needs rows: an empty part cannot be standardized, gives null losses, or (training)
     * a network with no inputs. Only the loaded size can tell for a file data set without a limit.
     */
    private static void requireRows(DataSource source, LabeledData train, LabeledData validation, LabeledData test) {
        if (train.size() < 1 || validation.size() < 1 || test.size() < 1) {
            throw new DataException("data '" + source.source() + "' with validationFraction " + source.validationFraction()
                    + " and testFraction " + source.testFraction() + " gives " + train.size() + " training, "
                    + validation.size() + " validation and " + test.size() + " test rows; every part needs at least one "
                    + "row: raise the fraction, limit or n");
        }
    }
}
