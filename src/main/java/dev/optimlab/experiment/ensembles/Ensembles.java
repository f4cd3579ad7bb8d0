package dev.optimlab.experiment.ensembles;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import dev.optimlab.data.Datasets;
import dev.optimlab.data.HoldoutSplit;
import dev.optimlab.data.LabeledData;
import dev.optimlab.ensemble.AdaBoost;
import dev.optimlab.ensemble.Bagging;
import dev.optimlab.ensemble.GradientBoosting;
import dev.optimlab.ensemble.Metric;
import dev.optimlab.ensemble.Model;
import dev.optimlab.report.ResultsIndex;
import dev.optimlab.experiment.Experiment;

/**
 * Runs an ensembles spec. For every task (data set) and seed: one network on the whole training
 * set, a bagged ensemble of M such networks on bootstrap draws, and a boosted ensemble of stumps
 * (AdaBoost/SAMME for classification, gradient boosting for regression), all scored on the same
 * held-out test set. Then {@link EnsemblesReport} adds bootstrap intervals over that test set and
 * writes the report. Deterministic: seeds fix every random choice; nothing is resumed (the whole
 * run is a few minutes).
 */
public final class Ensembles extends Experiment.OfSpec<EnsemblesSpec> {

    public Ensembles(EnsemblesSpec spec) {
        super(spec);
    }

    @Override
    public String describe() {
        int nets = 0;
        for (EnsemblesSpec.Task t : spec.tasks()) {
            nets += (1 + t.members()) * spec.seeds().size();
        }
        return spec.tasks().size() + " tasks × " + spec.seeds().size() + " seeds: single network, bagging, boosting ("
                + nets + " networks in all)";
    }

    /** One model kind on one seed: its per-example test values and a few summary numbers. */
    public record Run(double[] perExample, double trainScore, Double outOfBag, double seconds, int members)
            implements java.io.Serializable {
    }

    /** One model kind over all seeds. */
    public record Method(String name, String description, List<Run> runs) {
    }

    /**
     * A task's outcome: methods in the order single network, bagging, boosting; staged test
     * scores {@code [seed][m-1]} of the ensembles with their first m members.
     */
    public record TaskResult(EnsemblesSpec.Task task, Metric metric, int trainSize, int testSize, int numClasses,
                             List<Method> methods, double[][] baggingTest, double[][] boostingTest,
                             double[][] boostingTrain) {
    }

    @Override
    public Path run(Settings settings) throws IOException {
        Datasets datasets = new Datasets(settings.dataRoot());
        List<TaskResult> results = new ArrayList<>();
        for (EnsemblesSpec.Task task : spec.tasks()) {
            results.add(runTask(task, datasets, settings));
        }
        Path report = new EnsemblesReport(spec, results).write(settings.resultsRoot().resolve(spec.name()),
                settings.command());
        ResultsIndex.write(settings.resultsRoot());
        return report;
    }

    TaskResult runTask(EnsemblesSpec.Task task, Datasets datasets, Settings settings) {
        LabeledData all = datasets.load(task.data(), task.limit());
        HoldoutSplit split = HoldoutSplit.of(all.size(), 0, task.testFraction(), task.splitSeed());
        LabeledData rawTrain = all.select(split.train());
        double[][] moments = rawTrain.moments();
        LabeledData train = rawTrain.standardized(moments);
        LabeledData test = all.select(split.test()).standardized(moments);
        Metric metric = Metric.of(task.classification());
        int[] trainLabels = Metric.argmax(train.y());
        // the seeds are independent units (each fits its own network, bag and boosted ensemble)
        List<SeedRuns> perSeed = settings.executor().map(spec.seeds(),
                seed -> seedRuns(task, train, test, metric, trainLabels, seed, settings));
        int seeds = perSeed.size();
        List<Run> single = new ArrayList<>();
        List<Run> bagged = new ArrayList<>();
        List<Run> boosted = new ArrayList<>();
        double[][] baggingTest = new double[seeds][];
        double[][] boostingTest = new double[seeds][];
        double[][] boostingTrain = new double[seeds][];
        for (int s = 0; s < seeds; s++) {
            SeedRuns r = perSeed.get(s);
            single.add(r.single());
            bagged.add(r.bagged());
            boosted.add(r.boosted());
            baggingTest[s] = r.baggingTest();
            boostingTest[s] = r.boostingTest();
            boostingTrain[s] = r.boostingTrain();
        }
        String weak = task.classification() ? "AdaBoost (SAMME), decision stumps" : "gradient boosting, regression stumps";
        List<Method> methods = List.of(
                new Method("single network", "one network on the whole training set", single),
                new Method("bagging", task.members() + " networks on bootstrap draws, outputs averaged", bagged),
                new Method("boosting", weak + ", " + task.rounds() + " rounds", boosted));
        return new TaskResult(task, metric, train.size(), test.size(), train.numClasses(), methods, baggingTest,
                boostingTest, boostingTrain);
    }

    /** The three model kinds on one seed, with the ensembles' staged scores. */
    private record SeedRuns(Run single, Run bagged, Run boosted, double[] baggingTest, double[] boostingTest,
                            double[] boostingTrain) implements java.io.Serializable {
    }

    private SeedRuns seedRuns(EnsemblesSpec.Task task, LabeledData train, LabeledData test, Metric metric,
                              int[] trainLabels, long seed, Settings settings) {
        long t0 = System.nanoTime();
        Model net = task.network().fit(train, seed);
        Run single = new Run(metric.perExample(net.predict(test.x()), test.y()),
                metric.score(metric.perExample(net.predict(train.x()), train.y())), null, seconds(t0), 1);

        t0 = System.nanoTime();
        Bagging bag = Bagging.fit(train, test.x(), task.members(), task.network(), seed);
        double[] baggingTest = new double[task.members()];
        for (int m = 1; m <= task.members(); m++) {
            baggingTest[m - 1] = metric.score(metric.perExample(bag.test(m), test.y()));
        }
        Run bagged = new Run(metric.perExample(bag.test(task.members()), test.y()),
                metric.score(metric.perExample(bag.train(task.members()), train.y())),
                outOfBagScore(metric, bag.outOfBag(), train.y()), seconds(t0), task.members());

        t0 = System.nanoTime();
        double[][] stagedTest = new double[task.rounds()][];
        double[][] stagedTrain = new double[task.rounds()][];
        int fitted = task.classification()
                ? adaBoost(task, train, test, trainLabels, stagedTest, stagedTrain)
                : gradientBoosting(task, train, test, seed, stagedTest, stagedTrain);
        double[] boostingTest = new double[task.rounds()];
        double[] boostingTrain = new double[task.rounds()];
        for (int m = 0; m < task.rounds(); m++) {
            boostingTest[m] = metric.score(stagedTest[m]);
            boostingTrain[m] = metric.score(stagedTrain[m]);
        }
        Run boosted = new Run(stagedTest[task.rounds() - 1], boostingTrain[task.rounds() - 1], null, seconds(t0),
                fitted);
        settings.log().printf("%s seed %d: single %.4f, bagging %.4f, boosting %.4f (%s)%n", task.name(), seed,
                metric.score(single.perExample()), metric.score(bagged.perExample()),
                metric.score(boosted.perExample()), metric.label());
        return new SeedRuns(single, bagged, boosted, baggingTest, boostingTest, boostingTrain);
    }

    /** AdaBoost's staged per-example correctness on test and train; returns the rounds fitted. */
    private static int adaBoost(EnsemblesSpec.Task task, LabeledData train, LabeledData test, int[] trainLabels,
                                double[][] stagedTest, double[][] stagedTrain) {
        // Stumps on a fixed training set are deterministic: every seed gets the same ensemble.
        AdaBoost ada = AdaBoost.fit(train.x(), trainLabels, train.numClasses(), task.rounds(), task.boostingRate());
        int[][] pt = ada.staged(test.x(), task.rounds());
        int[][] pr = ada.staged(train.x(), task.rounds());
        int[] testLabels = Metric.argmax(test.y());
        for (int m = 0; m < task.rounds(); m++) {
            stagedTest[m] = Metric.correct(pt[m], testLabels);
            stagedTrain[m] = Metric.correct(pr[m], trainLabels);
        }
        return ada.rounds().size();
    }

    /** Gradient boosting's staged per-example squared errors on test and train; returns the stumps fitted. */
    private static int gradientBoosting(EnsemblesSpec.Task task, LabeledData train, LabeledData test, long seed,
                                        double[][] stagedTest, double[][] stagedTrain) {
        GradientBoosting gb = GradientBoosting.fit(train.x(), column(train.y()), task.rounds(),
                task.boostingRate(), task.subsample(), task.minLeaf(), seed);
        double[][] pt = gb.staged(test.x(), task.rounds());
        double[][] pr = gb.staged(train.x(), task.rounds());
        for (int m = 0; m < task.rounds(); m++) {
            stagedTest[m] = Metric.squaredError(pt[m], column(test.y()));
            stagedTrain[m] = Metric.squaredError(pr[m], column(train.y()));
        }
        return gb.stumps().size();
    }

    /** The score of the out-of-bag predictions over the training examples that have one. */
    private static Double outOfBagScore(Metric metric, double[][] oob, double[][] truth) {
        List<double[]> rows = new ArrayList<>();
        List<double[]> labels = new ArrayList<>();
        for (int i = 0; i < oob.length; i++) {
            if (!Double.isNaN(oob[i][0])) {
                rows.add(oob[i]);
                labels.add(truth[i]);
            }
        }
        if (rows.isEmpty()) {
            return null;
        }
        return metric.score(metric.perExample(rows.toArray(double[][]::new), labels.toArray(double[][]::new)));
    }

    private static double[] column(double[][] y) {
        double[] c = new double[y.length];
        for (int i = 0; i < y.length; i++) {
            c[i] = y[i][0];
        }
        return c;
    }

    private static double seconds(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }
}
