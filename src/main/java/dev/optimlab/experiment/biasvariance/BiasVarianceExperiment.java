package dev.optimlab.experiment.biasvariance;

import static dev.optimlab.report.Markdown.num;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.DoubleUnaryOperator;

import dev.optimlab.run.TrialExecutor;
import dev.optimlab.run.UnitEngine;
import dev.optimlab.analysis.BiasVariance;
import dev.optimlab.data.LabeledData;
import dev.optimlab.data.NoisyRegression;
import dev.optimlab.problem.CurveFit;
import dev.optimlab.problem.ParallelFits;
import dev.optimlab.regularize.Regularizers;
import dev.optimlab.report.ResultsIndex;
import dev.optimlab.experiment.Experiment;

/**
 * Runs a {@code bias-variance} spec: for each hidden width, trains {@code models} networks (MSE
 * loss) on independent noisy samples of a known function, decomposes their error at evenly spaced
 * test points with {@link BiasVariance}, checks that bias² + variance + noise adds up to the
 * expected error exactly and to the error measured on fresh noisy targets within four standard
 * errors, and charts the test error with its decomposition against capacity.
 *
 * <p>The models of one width are trained together as one block-diagonal network
 * ({@link ParallelFits}), which is exactly the same as training them one by one, only faster.
 * Common random numbers: model m of every width sees the same training sample, the same
 * initial-weight seed and the same test noise, so the curves differ by capacity alone.
 */
public final class BiasVarianceExperiment extends Experiment.OfSpec<BiasVarianceSpec> {

    /** How far the measured error may sit from bias² + variance + noise, in standard errors. */
    static final double MEASURED_TOLERANCE_SE = 4.0;
    /** How far bias² + variance + noise may sit from the directly averaged expected error. */
    static final double IDENTITY_TOLERANCE = 1e-9;


    public BiasVarianceExperiment(BiasVarianceSpec spec) {
        super(spec);
    }

    @Override
    public String describe() {
        return spec.widths().size() + " widths × " + spec.models() + " independent training samples of "
                + spec.data().n() + " points (" + spec.data().function() + ")";
    }

    /** The decomposition at one width, with the training error and the check against noisy targets. */
    public record Row(int width, double trainError, BiasVariance decomposition, BiasVariance.Estimate measured,
                      double[][] predictions, LabeledData firstSample) implements java.io.Serializable {

        double identityGap() {
            return Math.abs(decomposition.sum() - decomposition.expectedError());
        }

        boolean measuredAgrees() {
            return Math.abs(measured.mean() - decomposition.sum()) <= MEASURED_TOLERANCE_SE * measured.standardError();
        }
    }

    /** Trains and decomposes every width (no files written). */
    public List<Row> measure(java.io.PrintStream log) {
        return measure(log, new TrialExecutor(1));
    }

    /** As {@link #measure(java.io.PrintStream)}, the widths trained on {@code executor}'s workers. */
    public List<Row> measure(java.io.PrintStream log, UnitEngine executor) {
        NoisyRegression data = spec.data();
        double[][] grid = data.grid(spec.testPoints());
        DoubleUnaryOperator f = NoisyRegression.truth(data.function());
        double[] truth = new double[grid.length];
        for (int j = 0; j < grid.length; j++) {
            truth[j] = f.applyAsDouble(grid[j][0]);
        }
        double sigma2 = data.noise() * data.noise();
        double[][][] targets = testTargets(truth);
        List<LabeledData> samples = new ArrayList<>();
        for (int m = 0; m < spec.models(); m++) {
            samples.add(data.sample(spec.seed() * 1_000_003L + m));
        }
        // the widths are independent units: each trains its own packed networks on the same samples
        return executor.map(spec.widths(), width -> measureWidth(width, samples, grid, truth, sigma2, targets, log));
    }

    private Row measureWidth(int width, List<LabeledData> samples, double[][] grid, double[] truth, double sigma2,
                             double[][][] targets, java.io.PrintStream log) {
        long start = System.nanoTime();
        CurveFit fit = new CurveFit(List.of(width), spec.activation(),
                Regularizers.loss("mse", java.util.Map.of()), spec.training().toOptimizer(),
                spec.training().epochs(), spec.training().batchSize());
        long[] seeds = new long[spec.models()];
        for (int m = 0; m < seeds.length; m++) {
            seeds[m] = spec.seed() * 7_919L + m;
        }
        ParallelFits.Packed packed = new ParallelFits(fit).train(samples, seeds);
        double[][] predictions = packed.predict(grid);
        double[][] own = packed.predictOwn(samples);
        double trainError = 0;
        for (int m = 0; m < spec.models(); m++) {
            for (int i = 0; i < own[m].length; i++) {
                double r = own[m][i] - samples.get(m).y()[i][0];
                trainError += r * r / own[m].length / spec.models();
            }
        }
        BiasVariance bv = BiasVariance.of(predictions, truth, sigma2);
        Row row = new Row(width, trainError, bv, BiasVariance.measure(predictions, targets), predictions, samples.get(0));
        log.printf(Locale.ROOT, "  width %d: bias² %s, variance %s, expected %s, measured %s ± %s (%.1f s)%n", width,
                num(bv.bias2()), num(bv.variance()), num(bv.expectedError()), num(row.measured().mean()),
                num(row.measured().standardError()), (System.nanoTime() - start) / 1e9);
        return row;
    }

    /** Fresh noisy targets per model, independent of every training sample (their own seeds). */
    private double[][][] testTargets(double[] truth) {
        double sigma = spec.data().noise();
        double[][][] t = new double[spec.models()][spec.noiseDraws()][truth.length];
        for (int m = 0; m < spec.models(); m++) {
            Random r = new Random(~(spec.seed() * 1_000_003L + m));
            for (double[] draw : t[m]) {
                for (int j = 0; j < truth.length; j++) {
                    draw[j] = truth[j] + sigma * r.nextGaussian();
                }
            }
        }
        return t;
    }

    @Override
    public Path run(Settings settings) throws IOException {
        Path dir = settings.resultsRoot().resolve(spec.name());
        Files.createDirectories(dir);
        long start = System.nanoTime();
        List<Row> rows = measure(settings.log(), settings.executor());
        double seconds = (System.nanoTime() - start) / 1e9;
        BiasVarianceReport.write(spec, rows, dir, settings.command(), seconds);
        ResultsIndex.write(settings.resultsRoot());
        return dir.resolve("REPORT.md");
    }
}
