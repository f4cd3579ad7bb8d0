package dev.optimlab.experiment.ensembles;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import dev.optimlab.ensemble.NetworkLearner;
import dev.optimlab.optim.Optimizers;
import dev.optimlab.experiment.RegressionSpecs;
import dev.optimlab.experiment.SpecHeader;
import dev.optimlab.experiment.SpecNode;

/**
 * A validated {@code kind: ensembles} spec: for each task (a data set), one network, a bagged
 * ensemble of the same networks and a boosted ensemble of stumps (AdaBoost/SAMME for a
 * classification set, least-squares gradient boosting for a regression set), over several seeds,
 * scored on one held-out test set with bootstrap intervals.
 *
 * @param seeds training seeds (network initialisation, minibatch order, bootstrap draws, boosting
 *              subsamples); the train/test split is fixed per task by {@code Task.splitSeed}
 */
public record EnsemblesSpec(String name, String title, String description, List<Task> tasks, List<Long> seeds,
                           Intervals intervals, String source, String text) implements SpecHeader.Described {

    /** Data sets a task may use: the small tables (the image sets would not fit the time budget). */
    public static final List<String> SOURCES = List.of("iris", "wine", "breast-cancer", "digits", "diabetes");

    /**
     * @param testFraction share of the set held out for testing (never used for fitting or choices)
     * @param members M, networks in the bagged ensemble
     * @param rounds boosting rounds (stumps)
     * @param boostingRate AdaBoost's η (default 1) or gradient boosting's shrinkage ν (default 0.1)
     * @param subsample gradient boosting's subsample fraction (ignored by AdaBoost)
     * @param minLeaf gradient boosting's smallest leaf (ignored by AdaBoost)
     */
    public record Task(String name, String data, long splitSeed, double testFraction, int limit,
                       NetworkLearner network, int members, int rounds, double boostingRate, double subsample,
                       int minLeaf) {

        public boolean classification() {
            return !data.equals("diabetes");
        }
    }

    /** Percentile bootstrap over the test set: B resamples, coverage, seed. */
    public record Intervals(int resamples, double level, long seed) {
    }

    public static EnsemblesSpec parse(SpecNode root, String file, String text) {
        SpecHeader header = SpecHeader.parse(root, file, text);
        List<Task> tasks = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (SpecNode t : root.required("tasks").list()) {
            Task task = task(t);
            if (!names.add(task.name())) {
                throw t.get("name").error("duplicate task name '" + task.name() + "'; task names must be unique");
            }
            tasks.add(task);
        }
        if (tasks.isEmpty()) {
            throw root.get("tasks").error("needs at least one task");
        }
        List<Long> seeds = SpecHeader.seeds(root);
        Intervals intervals = new Intervals(1000, 0.95, 0);
        if (root.has("bootstrap")) {
            SpecNode b = root.get("bootstrap");
            intervals = new Intervals(b.integer("resamples", 1000, 10, 1_000_000), b.number("level", 0.95, 0.5, 0.999),
                    b.has("seed") ? b.get("seed").integer() : 0L);
            b.rejectUnknownKeys();
        }
        root.rejectUnknownKeys();
        return new EnsemblesSpec(header.name(), header.title(), header.description(), List.copyOf(tasks), List.copyOf(seeds), intervals, file, text);
    }

    private static Task task(SpecNode t) {
        SpecNode d = t.required("data");
        String source = d.choice("source", null, SOURCES);
        long splitSeed = d.has("seed") ? d.get("seed").integer() : 0L;
        double testFraction = d.number("testFraction", 0.25, 0.05, 0.9);
        int limit = d.integer("limit", Integer.MAX_VALUE, 20, Integer.MAX_VALUE);
        d.rejectUnknownKeys();
        String name = t.string("name", source);
        if (!name.matches("[a-z0-9][a-z0-9-]*")) {
            throw t.get("name").error("must be lower-case letters, digits and '-', got '" + name + "'");
        }
        NetworkLearner network = network(t.required("network"));
        int members = t.integer("members", 10, 1, 1000);
        int rounds = t.integer("rounds", 100, 1, 100_000);
        boolean classification = !source.equals("diabetes");
        double rate;
        double subsample = 1;
        int minLeaf = 5;
        if (t.has("boosting")) {
            SpecNode b = t.get("boosting");
            rate = b.number("learningRate", classification ? 1.0 : 0.1, 1e-6, classification ? 100 : 1);
            if (!classification) {
                subsample = b.number("subsample", 1.0, 0.01, 1);
                minLeaf = b.integer("minLeaf", 5, 1, 1_000_000);
            }
            b.rejectUnknownKeys();
        } else {
            rate = classification ? 1.0 : 0.1;
        }
        t.rejectUnknownKeys();
        return new Task(name, source, splitSeed, testFraction, limit, network, members, rounds, rate, subsample, minLeaf);
    }

    private static NetworkLearner network(SpecNode m) {
        List<Integer> hidden = m.required("hidden").integers("hidden width", 1, 10_000);
        String activation = m.choice("activation", "tanh", NetworkLearner.ACTIVATIONS);
        List<String> optimizers = new ArrayList<>(Optimizers.names());
        optimizers.remove("sam"); // SAM needs its own two-pass training step, which these networks do not run
        RegressionSpecs.OptimizerChoice optimizer = RegressionSpecs.optimizer(m, optimizers);
        int epochs = m.integer("epochs", 20, 1, 100_000);
        int batchSize = m.integer("batchSize", 32, 1, 1_000_000);
        m.rejectUnknownKeys();
        return new NetworkLearner(List.copyOf(hidden), activation, optimizer.name(),
                java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(optimizer.hyperparameters())), epochs, batchSize);
    }
}
