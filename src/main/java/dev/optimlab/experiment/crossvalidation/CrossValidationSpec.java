package dev.optimlab.experiment.crossvalidation;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.optimlab.experiment.RegressionSpecs;
import dev.optimlab.experiment.SpecHeader;
import dev.optimlab.experiment.SpecNode;

/**
 * A validated {@code kind: cross-validation} spec, in up to two parts run over the same seeds:
 * {@code tabular} (k-fold CV choosing weight decay on the training part only, against choosing it
 * on the test set) and {@code timeSeries} (rolling-origin against shuffled k-fold on lagged windows
 * of an AR series). Each seed is one repetition: a new split of the table, a new series.
 */
public record CrossValidationSpec(String name, String title, String description, List<Long> seeds,
                                  Tabular tabular, Forecast timeSeries, String source, String text)
        implements SpecHeader.Described {

    public static final List<String> TABULAR_DATA = List.of("iris", "wine", "breast-cancer", "digits");

    /** The model every fold trains: hidden width, epochs (full batch) and optimizer. */
    public record Model(int hidden, int epochs, String optimizer, Map<String, Double> hyperparameters) {
        CvNetwork network(int width) {
            return new CvNetwork(width, epochs, optimizer, hyperparameters);
        }
    }

    /**
     * @param train examples CV may see (the training set), {@code test} reported once,
     *              {@code fresh} never touched by anyone: the stand-in for the population, to tell
     *              an estimate from the truth
     */
    public record Tabular(String data, int train, int test, int fresh, int folds, boolean stratified, Model model,
                          List<Double> weightDecay) {
    }

    /** One AR process {@code s_t = Σ φ_i s_{t−i} + σ ε_t}, by name. */
    public record Series(String name, double[] phi) {
    }

    /**
     * @param series the processes compared, each its own table row and chart
     */
    public record Forecast(List<Series> series, double sigma, int length, int lags, int blocks, int minTrainBlocks,
                           int folds, Model model, double weightDecay) {
    }

    public static CrossValidationSpec parse(SpecNode root, String file, String text) {
        SpecHeader header = SpecHeader.parse(root, file, text);
        List<Long> seeds = SpecHeader.seeds(root, 2, "needs at least two seeds (spread across repetitions is the point)");
        Tabular tabular = root.has("tabular") ? tabular(root.get("tabular")) : null;
        Forecast forecast = root.has("timeSeries") ? forecast(root.get("timeSeries")) : null;
        if (tabular == null && forecast == null) {
            throw root.error("needs a 'tabular' part, a 'timeSeries' part or both");
        }
        root.rejectUnknownKeys();
        return new CrossValidationSpec(header.name(), header.title(), header.description(), seeds, tabular, forecast, file, text);
    }

    private static Model model(SpecNode n, int defaultHidden, boolean readHidden) {
        int hidden = readHidden ? n.integer("hidden", defaultHidden, 1, 4096) : defaultHidden;
        int epochs = n.integer("epochs", 200, 1, 100_000);
        RegressionSpecs.OptimizerChoice optimizer = RegressionSpecs.optimizer(n);
        return new Model(hidden, epochs, optimizer.name(), optimizer.hyperparameters());
    }

    private static Tabular tabular(SpecNode t) {
        String data = t.choice("data", null, TABULAR_DATA);
        int train = t.integer("train", 300, 10, 1_000_000);
        int test = t.integer("test", 100, 1, 1_000_000);
        int fresh = t.integer("fresh", 0, 0, 1_000_000);
        int folds = t.integer("folds", 5, 2, 100);
        if (folds > train) {
            throw t.get("folds").error("must not exceed train (" + train + "), got " + folds);
        }
        boolean stratified = t.choice("stratified", "true", List.of("true", "false")).equals("true");
        Model model = model(t, 32, true);
        List<Double> grid = new ArrayList<>();
        for (SpecNode w : t.required("weightDecay").list()) {
            double v = w.number();
            if (!(v > 0 && v < 100)) {
                throw w.error("weight decay must be in (0, 100) (the chart is on a log axis), got " + v);
            }
            if (grid.contains(v)) {
                throw w.error("duplicate weight decay " + v);
            }
            if (!grid.isEmpty() && v < grid.get(grid.size() - 1)) {
                throw w.error("list weight decays in increasing order");
            }
            grid.add(v);
        }
        if (grid.size() < 2) {
            throw t.get("weightDecay").error("needs at least two values to choose from");
        }
        t.rejectUnknownKeys();
        return new Tabular(data, train, test, fresh, folds, stratified, model, grid);
    }

    private static Forecast forecast(SpecNode s) {
        List<Series> series = new ArrayList<>();
        int maxOrder = 1;
        for (SpecNode e : s.required("series").list()) {
            String id = e.required("name").string();
            if (!id.matches("[a-z0-9][a-z0-9-]*")) {
                throw e.get("name").error("must be lower-case letters, digits and '-', got '" + id + "'");
            }
            if (series.stream().anyMatch(x -> x.name().equals(id))) {
                throw e.get("name").error("duplicate series name '" + id + "'");
            }
            List<SpecNode> p = e.required("phi").list();
            if (p.isEmpty()) {
                throw e.get("phi").error("needs at least one AR coefficient");
            }
            double[] phi = new double[p.size()];
            for (int i = 0; i < phi.length; i++) {
                phi[i] = p.get(i).number();
            }
            maxOrder = Math.max(maxOrder, phi.length);
            e.rejectUnknownKeys();
            series.add(new Series(id, phi));
        }
        if (series.isEmpty()) {
            throw s.get("series").error("needs at least one series");
        }
        double sigma = s.number("sigma", 1.0, 1e-9, 1e6);
        int length = s.integer("length", 1200, 20, 10_000_000);
        int lags = s.integer("lags", maxOrder, 1, 1000);
        int blocks = s.integer("blocks", 6, 3, 1000);
        int minTrain = s.integer("minTrainBlocks", 2, 1, 1000);
        if (blocks < minTrain + 2) {
            throw s.get("blocks").error("must be ≥ minTrainBlocks + 2 (train, validate, test), got " + blocks);
        }
        int folds = s.integer("folds", 5, 2, 100);
        if ((length - lags) / blocks * minTrain < 4 * folds) {
            throw s.get("length").error("too short for " + blocks + " blocks and " + folds + " folds");
        }
        Model model = model(s, 32, true);
        double wd = s.number("weightDecay", 0, 0, 100);
        s.rejectUnknownKeys();
        return new Forecast(series, sigma, length, lags, blocks, minTrain, folds, model, wd);
    }
}
