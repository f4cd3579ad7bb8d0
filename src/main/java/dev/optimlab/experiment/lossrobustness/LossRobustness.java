package dev.optimlab.experiment.lossrobustness;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.DoubleUnaryOperator;

import dev.optimlab.data.LabeledData;
import dev.optimlab.data.NoisyRegression;
import dev.optimlab.problem.CurveFit;
import dev.optimlab.problem.ParallelFits;
import dev.optimlab.run.TrialExecutor;
import dev.optimlab.run.UnitEngine;
import dev.optimlab.report.ResultsIndex;
import dev.optimlab.experiment.Experiment;
import dev.optimlab.experiment.RegressionSpecs;

/**
 * Runs a {@code loss-robustness} spec. Part 1: for each loss, the same networks (same initial
 * weights per seed) on the same noisy samples with a growing fraction of outliers, scored by the
 * mean squared error against the <em>true</em> function on clean, evenly spaced test inputs.
 * Part 2: a target with one tall and three small peaks; the error is measured separately in each
 * peak's region, with the fraction of each peak's height the fit recovers.
 *
 * <p>All networks of one loss train together as one block-diagonal network ({@link ParallelFits}),
 * which equals training them one by one.
 */
public final class LossRobustness extends Experiment.OfSpec<LossRobustnessSpec> {

    /** A peak of the {@code peaks} target: centre, half-width of its region, and its height. */
    public record Peak(String label, double centre, double halfWidth) {
    }

    /** The peaks of {@link NoisyRegression}'s {@code peaks} function; the first is the tall one. */
    public static final List<Peak> PEAKS = List.of(new Peak("big (x=0)", 0, 0.6), new Peak("small (x=−2)", -2, 0.5),
            new Peak("small (x=1)", 1, 0.4), new Peak("small (x=2)", 2, 0.5));

    /** Part 1: {@code error[loss][fraction][seed]}; the fits of the first seed; its samples per fraction. */
    public record Sweep(double[][][] error, double[][][] firstSeedFits, List<LabeledData> firstSeedSamples,
                        double[][] grid) {
    }

    /**
     * Part 2: {@code regionError[loss][peak][seed]} (MSE against the truth in the peak's region),
     * {@code height[loss][peak][seed]} (fit at the centre / true height), first seed's fit per loss.
     */
    public record PeakFits(double[][][] regionError, double[][][] height, double[][] firstSeedFits,
                           LabeledData firstSeedSample, double[][] grid) {
    }


    /** Grid points on which each peak's region error and recovered height are measured. */
    static final int PEAK_GRID = 1201;

    public LossRobustness(LossRobustnessSpec spec) {
        super(spec);
    }

    @Override
    public String describe() {
        return spec.losses().size() + " losses × " + spec.outlierFractions().size() + " outlier fractions × "
                + spec.seeds().size() + " seeds" + (spec.peaks() == null ? "" : ", plus the peaks target");
    }

    public Sweep sweep(PrintStream log) {
        return sweep(log, new TrialExecutor(1));
    }

    /** Part 1, the losses trained on {@code executor}'s workers. */
    public Sweep sweep(PrintStream log, UnitEngine executor) {
        NoisyRegression base = spec.data();
        double[][] grid = base.grid(spec.testPoints());
        double[] truth = truth(base.function(), grid);
        int nf = spec.outlierFractions().size();
        int ns = spec.seeds().size();
        List<LabeledData> samples = new ArrayList<>();
        long[] initSeeds = new long[nf * ns];
        for (int f = 0; f < nf; f++) {
            NoisyRegression d = new NoisyRegression(base.function(), base.n(), base.noise(), spec.outlierFractions().get(f),
                    base.outlierScale(), base.xMin(), base.xMax());
            for (int s = 0; s < ns; s++) {
                samples.add(d.sample(spec.seeds().get(s)));
                initSeeds[f * ns + s] = spec.seeds().get(s);
            }
        }
        double[][][] error = new double[spec.losses().size()][nf][ns];
        double[][][] fits = new double[spec.losses().size()][nf][];
        // the losses are independent units: each trains its own packed networks on the same samples
        List<double[][]> predictions = executor.map(spec.losses(), loss -> {
            long start = System.nanoTime();
            CurveFit fit = new CurveFit(spec.model().hidden(), spec.model().activation(), loss.create(),
                    spec.training().toOptimizer(), spec.training().epochs(), spec.training().batchSize());
            double[][] p = new ParallelFits(fit).train(samples, initSeeds).predict(grid);
            log.printf(Locale.ROOT, "  %s: %d networks (%.1f s)%n", loss.label(), samples.size(), (System.nanoTime() - start) / 1e9);
            return p;
        });
        for (int l = 0; l < spec.losses().size(); l++) {
            double[][] p = predictions.get(l);
            for (int f = 0; f < nf; f++) {
                for (int s = 0; s < ns; s++) {
                    error[l][f][s] = mse(p[f * ns + s], truth, 0, truth.length);
                }
                fits[l][f] = p[f * ns];
            }
        }
        List<LabeledData> first = new ArrayList<>();
        for (int f = 0; f < nf; f++) {
            first.add(samples.get(f * ns));
        }
        return new Sweep(error, fits, first, grid);
    }

    public PeakFits peaks(PrintStream log) {
        return peaks(log, new TrialExecutor(1));
    }

    /** Part 2, the losses trained on {@code executor}'s workers. */
    public PeakFits peaks(PrintStream log, UnitEngine executor) {
        LossRobustnessSpec.Peaks pk = spec.peaks();
        double[][] grid = pk.data().grid(PEAK_GRID);
        double[] truth = truth("peaks", grid);
        int ns = spec.seeds().size();
        List<LabeledData> samples = new ArrayList<>();
        long[] initSeeds = new long[ns];
        for (int s = 0; s < ns; s++) {
            samples.add(pk.data().sample(spec.seeds().get(s)));
            initSeeds[s] = spec.seeds().get(s);
        }
        int nl = spec.losses().size();
        double[][][] regionError = new double[nl][PEAKS.size()][ns];
        double[][][] height = new double[nl][PEAKS.size()][ns];
        double[][] fits = new double[nl][];
        DoubleUnaryOperator f = NoisyRegression.truth("peaks");
        double[][] centres = new double[PEAKS.size()][1];
        for (int k = 0; k < PEAKS.size(); k++) {
            centres[k][0] = PEAKS.get(k).centre();
        }
        // the losses are independent units; each returns its fits on the grid and at the peaks' centres
        List<double[][][]> predictions = executor.map(spec.losses(), loss -> {
            long start = System.nanoTime();
            CurveFit fit = new CurveFit(pk.model().hidden(), pk.model().activation(), loss.create(),
                    pk.training().toOptimizer(), pk.training().epochs(), pk.training().batchSize());
            ParallelFits.Packed packed = new ParallelFits(fit).train(samples, initSeeds);
            double[][][] out = {packed.predict(grid), packed.predict(centres)};
            log.printf(Locale.ROOT, "  peaks, %s: %d networks (%.1f s)%n", loss.label(), ns, (System.nanoTime() - start) / 1e9);
            return out;
        });
        for (int l = 0; l < nl; l++) {
            double[][] p = predictions.get(l)[0];
            double[][] atCentres = predictions.get(l)[1];
            for (int k = 0; k < PEAKS.size(); k++) {
                Peak peak = PEAKS.get(k);
                int from = 0;
                while (grid[from][0] < peak.centre() - peak.halfWidth()) {
                    from++;
                }
                int to = from;
                while (to < grid.length && grid[to][0] <= peak.centre() + peak.halfWidth()) {
                    to++;
                }
                for (int s = 0; s < ns; s++) {
                    regionError[l][k][s] = mse(p[s], truth, from, to);
                    height[l][k][s] = atCentres[s][k] / f.applyAsDouble(peak.centre());
                }
            }
            fits[l] = p[0];
        }
        return new PeakFits(regionError, height, fits, samples.get(0), grid);
    }

    private static double[] truth(String function, double[][] grid) {
        DoubleUnaryOperator f = NoisyRegression.truth(function);
        double[] t = new double[grid.length];
        for (int j = 0; j < t.length; j++) {
            t[j] = f.applyAsDouble(grid[j][0]);
        }
        return t;
    }

    /** Mean squared difference over indices [from, to). */
    static double mse(double[] p, double[] t, int from, int to) {
        double s = 0;
        for (int j = from; j < to; j++) {
            s += (p[j] - t[j]) * (p[j] - t[j]);
        }
        return s / (to - from);
    }

    @Override
    public Path run(Settings settings) throws IOException {
        Path dir = settings.resultsRoot().resolve(spec.name());
        Files.createDirectories(dir);
        long start = System.nanoTime();
        Sweep sweep = sweep(settings.log(), settings.executor());
        PeakFits peaks = spec.peaks() == null ? null : peaks(settings.log(), settings.executor());
        double seconds = (System.nanoTime() - start) / 1e9;
        LossRobustnessReport.write(spec, sweep, peaks, dir, settings.command(), seconds);
        ResultsIndex.write(settings.resultsRoot());
        return dir.resolve("REPORT.md");
    }
}
