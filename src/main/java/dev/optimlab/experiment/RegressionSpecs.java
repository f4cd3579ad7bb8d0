package dev.optimlab.experiment;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.nd4j.linalg.lossfunctions.ILossFunction;

import dev.optimlab.data.NoisyRegression;
import dev.optimlab.optim.Optimizer;
import dev.optimlab.optim.Optimizers;
import dev.optimlab.regularize.Regularizers;
import dev.optimlab.report.Markdown;

/**
 * The spec pieces shared by the 1-D regression experiments ({@code bias-variance},
 * {@code loss-robustness}): the noisy-regression data, the training settings and the losses,
 * each read and validated from its mapping; and the optimizer choice every kind that builds its
 * own networks reads (those two, sharpness, cross-validation, ensembles).
 */
public final class RegressionSpecs {

    /** Losses a regression output layer can use. */
    public static final List<String> LOSSES = List.of("mse", "mae", "huber");

    private RegressionSpecs() {
    }

    /** {@code {lr=0.01, beta1=0.9}} with numbers as the reports print them. */
    public static String label(Map<String, Double> hyperparameters) {
        StringBuilder b = new StringBuilder("{");
        hyperparameters.forEach((k, v) -> b.append(b.length() > 1 ? ", " : "").append(k).append('=')
                .append(Markdown.num(v)));
        return b.append('}').toString();
    }

    /** The data as the regression reports state it: {@code y = f(x) + ε, ε ~ N(0, σ²), x uniform on [xMin, xMax]}. */
    public static String describe(NoisyRegression data) {
        return String.format(Locale.ROOT, "y = %s + ε, ε ~ N(0, %s²), x uniform on [%s, %s]",
                NoisyRegression.formula(data.function()), Markdown.num(data.noise()), Markdown.num(data.xMin()),
                Markdown.num(data.xMax()));
    }

    /** How each network is trained: optimizer, its hyperparameters, epochs, minibatch size. */
    public record Training(String optimizer, Map<String, Double> hyperparameters, int epochs, int batchSize) {
        public Optimizer toOptimizer() {
            return Optimizers.optimizer(optimizer, hyperparameters);
        }

        public String describe() {
            return optimizer + " " + label(hyperparameters) + ", " + epochs + " full-batch epochs";
        }
    }

    /** A loss of the output layer, with its hyperparameters. */
    public record Loss(String name, Map<String, Double> hyperparameters) {
        public ILossFunction create() {
            return Regularizers.loss(name, hyperparameters);
        }

        public String label() {
            return hyperparameters.isEmpty() ? name : name + RegressionSpecs.label(hyperparameters).replace('{', '(').replace('}', ')');
        }
    }

    /**
     * {@code data:} of a noisy-regression experiment. {@code function} (when not {@code null})
     * is fixed by the experiment; outlier keys are only read when {@code outliers} is true.
     */
    public static NoisyRegression data(SpecNode d, String function, boolean outliers, int defaultN) {
        String f = function != null ? function : d.choice("function", "sin", NoisyRegression.FUNCTIONS);
        int n = d.integer("n", defaultN, 2, 1_000_000);
        double noise = d.number("noise", 0.3, 0, 1e6);
        double scale = outliers ? d.number("outlierScale", 10, 0, 1e6) : 0;
        double xMin = d.number("xMin", -3, -1e6, 1e6);
        double xMax = d.number("xMax", 3, -1e6, 1e6);
        if (!(xMax > xMin)) {
            throw d.get("xMax").error("must exceed xMin (" + xMin + "), got " + xMax);
        }
        d.rejectUnknownKeys();
        return new NoisyRegression(f, n, noise, 0, scale, xMin, xMax);
    }

    /** An optimizer by its registry name with its hyperparameters, as a spec chose them. */
    public record OptimizerChoice(String name, Map<String, Double> hyperparameters) {
    }

    /**
     * {@code optimizer} (default adam, one of {@code allowed}) and its {@code hyperparameters}
     * mapping, checked by building the optimizer once: a bad value is reported at its path.
     */
    public static OptimizerChoice optimizer(SpecNode n, List<String> allowed) {
        String optimizer = n.choice("optimizer", "adam", allowed);
        Map<String, Double> hp = n.has("hyperparameters") ? n.get("hyperparameters").numbers() : Map.of();
        try {
            Optimizers.optimizer(optimizer, hp);
        } catch (IllegalArgumentException e) {
            throw n.get("hyperparameters").error(e.getMessage());
        }
        return new OptimizerChoice(optimizer, hp);
    }

    /** {@link #optimizer(SpecNode, List)} over every registered optimizer. */
    public static OptimizerChoice optimizer(SpecNode n) {
        return optimizer(n, new ArrayList<>(Optimizers.names()));
    }

    /** {@code training:}; full batch only (every model's examples in each step) — see {@code ParallelFits}. */
    public static Training training(SpecNode t, int n) {
        OptimizerChoice optimizer = optimizer(t);
        int epochs = t.integer("epochs", 1000, 1, 1_000_000);
        int batchSize = t.integer("batchSize", n, 1, 1_000_000);
        if (batchSize < n) {
            throw t.get("batchSize").error("these experiments train full batch (models are packed into one network); "
                    + "batchSize must be ≥ the training set's n = " + n + ", got " + batchSize);
        }
        t.rejectUnknownKeys();
        return new Training(optimizer.name(), optimizer.hyperparameters(), epochs, batchSize);
    }

    /** Hidden widths, each in [1, 100000]. */
    public static List<Integer> widths(SpecNode list) {
        return list.integers("hidden width", 1, 100_000);
    }

    /** A list of losses: {@code mse} or {@code {name: huber, hyperparameters: {delta: 1}}}. */
    public static List<Loss> losses(SpecNode list) {
        List<Loss> out = new ArrayList<>();
        for (SpecNode l : list.list()) {
            Loss loss;
            if (l.isMapping()) {
                String name = l.choice("name", null, LOSSES);
                Map<String, Double> hp = l.has("hyperparameters") ? l.get("hyperparameters").numbers() : Map.of();
                l.rejectUnknownKeys();
                loss = new Loss(name, hp);
            } else {
                String name = l.string();
                if (!LOSSES.contains(name)) {
                    throw l.error("unknown loss '" + name + "'; allowed: " + String.join(", ", LOSSES));
                }
                loss = new Loss(name, Map.of());
            }
            try {
                loss.create();
            } catch (IllegalArgumentException e) {
                throw l.error(e.getMessage());
            }
            if (out.stream().anyMatch(o -> o.label().equals(loss.label()))) {
                throw l.error("duplicate loss '" + loss.label() + "'");
            }
            out.add(loss);
        }
        if (out.isEmpty()) {
            throw list.error("needs at least one loss");
        }
        return out;
    }
}
