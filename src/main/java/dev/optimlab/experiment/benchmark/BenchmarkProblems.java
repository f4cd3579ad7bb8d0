package dev.optimlab.experiment.benchmark;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.optimlab.problem.DataSource;
import dev.optimlab.problem.Mlp;
import dev.optimlab.problem.Problem;

/**
 * The benchmark's problem set, by id, each with a fixed budget and its target. Sizes are chosen so
 * one trial takes about a second on one core here (see {@code results/benchmark/REPORT.md} for the
 * measured times); the {@code quick} sizes are for the test suite only and have no committed target.
 *
 * <p>Targets follow AlgoPerf: the tuned baselines (sgd, momentum, adam, OptimLab's) are each run
 * over the seeds at their chosen learning rate; the target is the median over seeds of the final
 * validation metric of the best of them. A run of {@code experiments/benchmark.yaml} with
 * {@code targets: baselines} computes them (its report's Problems table lists them); committed here
 * ({@code target} not NaN), they no longer move when the baselines' code changes. The five problems of
 * {@code experiments/benchmark.yaml} carry the targets of its first full run (commit 967f371, 1,900
 * trials; the values are the exact medians from its trial files, which the report shows rounded);
 * {@code fmnist-2c2d} has none yet (it is not in the committed benchmark: its trials cost minutes here).
 */
public final class BenchmarkProblems {

    /** How every committed target was obtained. */
    public static final String TARGET_COMMAND = "./optimlab run experiments/benchmark.yaml";

    /** The commit whose run of {@link #TARGET_COMMAND} (with {@code targets: baselines}) gave the committed targets. */
    public static final String TARGET_COMMIT = "967f371";

    private static final int ALL = Integer.MAX_VALUE;

    private BenchmarkProblems() {
    }

    /** The problem ids in their canonical order. */
    public static List<String> ids() {
        return List.copyOf(full().keySet());
    }

    /** The problem {@code id} at full size (with its committed target) or at the test suite's quick size (no target). */
    public static BenchmarkProblem get(String id, boolean quick) {
        BenchmarkProblem p = (quick ? quick() : full()).get(id);
        if (p == null) {
            throw new IllegalArgumentException("unknown benchmark problem '" + id + "'; allowed: " + String.join(", ", ids()));
        }
        return p;
    }

    private static Map<String, BenchmarkProblem> full() {
        Map<String, BenchmarkProblem> m = new LinkedHashMap<>();
        add(m, "quadratic-deep", "DeepOBS's noisy 100-D quadratic (eigenvalues 90 % in (0,1), 10 % in (30,60))",
                new Problem(QuadraticDeep.source(42, QuadraticDeep.SAMPLES), flat("float"), "quadratic", 30, 128),
                "loss", false, QuadraticDeep.METRIC_SCALE, 81.69022687694864, "momentum");
        add(m, "mnist-logreg", "MNIST, multinomial logistic regression (2,000 training images, 1,000 test)",
                new Problem(file("mnist", 2000, 1000), flat("float"), "mcxent", 10, 64),
                "accuracy", true, 1, 0.8825, "adam");
        add(m, "fmnist-mlp", "Fashion-MNIST, MLP 784-64-10 (relu; 2,000 training images, 1,000 test)",
                new Problem(file("fashion-mnist", 2000, 1000), new Mlp(List.of(64), "relu", "float"), "mcxent", 10, 64),
                "accuracy", true, 1, 0.8175, "adam");
        add(m, "digits-mlp", "scikit-learn's 8×8 digits, MLP 64-64-10 (relu)",
                new Problem(new DataSource("digits", 7, ALL, ALL, 0.2, 0.2, "sin", 0, 0, 0, 0, 0, 0),
                        new Mlp(List.of(64), "relu", "float"), "mcxent", 20, 32),
                "accuracy", true, 1, 0.9707520891364902, "momentum");
        add(m, "regression-sin", "the lecture's exercise: y = 2 sin(2x) + 0.5x + noise, MLP 1-32-1 (tanh)",
                new Problem(sin(300), new Mlp(List.of(32), "tanh", "float"), "mse", 100, 20),
                "mse", false, 1, 0.25825289652304284, "adam");
        add(m, "fmnist-2c2d", "Fashion-MNIST, 2 conv (8, 16 channels) + 2 dense (32, 10), 1,000 training images",
                new Problem(file("fashion-mnist", 1000, 500), new Mlp(List.of(8, 16), List.of(32), "relu", "float"),
                        "mcxent", 5, 64),
                "accuracy", true, 1, Double.NaN, null);
        return m;
    }

    /** Tiny sizes for the test suite's end-to-end run; no targets (the quick run computes them from its baselines). */
    private static Map<String, BenchmarkProblem> quick() {
        Map<String, BenchmarkProblem> m = new LinkedHashMap<>();
        for (BenchmarkProblem p : full().values()) {
            Problem f = p.problem();
            DataSource d = f.data();
            DataSource small = d.synthetic() ? sin(60) : d.source().equals(QuadraticDeep.SOURCE)
                    ? QuadraticDeep.source(d.seed(), 200)
                    : new DataSource(d.source(), d.seed(), Math.min(d.limit(), 300), Math.min(d.testLimit(), 200),
                    d.validationFraction(), d.testFraction(), d.function(), d.n(), d.noise(), d.outlierFraction(),
                    d.outlierScale(), d.xMin(), d.xMax());
            m.put(p.id(), new BenchmarkProblem(p.id(), p.description() + " (quick sizes)",
                    new Problem(small, f.model(), f.loss(), Math.min(f.epochs(), 3), f.batchSize()), p.metric(),
                    p.higherIsBetter(), p.metricScale(), Double.NaN, "none at quick sizes"));
        }
        return m;
    }

    /** {@code from}: the baseline whose median gave the committed target (null when none is committed). */
    private static void add(Map<String, BenchmarkProblem> m, String id, String description, Problem problem, String metric,
                            boolean higherIsBetter, double scale, double target, String from) {
        String source = Double.isNaN(target) ? "not committed yet" : "committed: AlgoPerf's rule, the median over 10 seeds of "
                + "the final validation " + metric + " of tuned `" + from + "`, the best of sgd, momentum, adam (`"
                + TARGET_COMMAND + "` with `targets: baselines`, commit " + TARGET_COMMIT + ")";
        m.put(id, new BenchmarkProblem(id, description, problem, metric, higherIsBetter, scale, target, source));
    }

    private static Mlp flat(String dtype) {
        return new Mlp(List.of(), List.of(), "identity", dtype);
    }

    private static DataSource file(String source, int limit, int testLimit) {
        return new DataSource(source, 11, limit, testLimit, 0.2, 0, "sin", 0, 0, 0, 0, 0, 0);
    }

    private static DataSource sin(int n) {
        return new DataSource(DataSource.SYNTHETIC, 2024, ALL, ALL, 0.2, 0.2, "sin", n, 0.3, 0, 10, -3, 3);
    }
}
