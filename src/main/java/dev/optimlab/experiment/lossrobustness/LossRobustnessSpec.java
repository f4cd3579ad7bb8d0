package dev.optimlab.experiment.lossrobustness;

import java.util.ArrayList;
import java.util.List;

import dev.optimlab.data.NoisyRegression;
import dev.optimlab.experiment.RegressionSpecs;
import dev.optimlab.experiment.SpecHeader;
import dev.optimlab.experiment.SpecNode;
import dev.optimlab.experiment.SpecParser;

/**
 * A validated {@code kind: loss-robustness} spec: (1) the same networks trained under each loss on
 * data with a growing fraction of outliers, scored against the true function; (2) a target with one
 * tall and several small peaks, to see which peaks each loss fits.
 *
 * @param data             the outlier sweep's generator (its outlierFraction is taken from the sweep)
 * @param outlierFractions the sweep, each in [0, 1)
 * @param seeds            one training sample and one initialization per seed, shared by all losses
 * @param testPoints       evenly spaced clean test inputs (error against the true function)
 * @param peaks            the peaks part, or {@code null} to skip it
 */
public record LossRobustnessSpec(String name, String title, String description, NoisyRegression data,
                                 List<Double> outlierFractions, List<RegressionSpecs.Loss> losses, Model model,
                                 RegressionSpecs.Training training, List<Long> seeds, int testPoints, Peaks peaks,
                                 String source, String text) implements SpecHeader.Described {

    /** The network: hidden widths and their activation. */
    public record Model(List<Integer> hidden, String activation) {
    }

    /** The peaks part: its own data size and noise, network and training. */
    public record Peaks(NoisyRegression data, Model model, RegressionSpecs.Training training) {
    }

    public static LossRobustnessSpec parse(SpecNode root, String file, String text) {
        SpecHeader header = SpecHeader.parse(root, file, text);
        NoisyRegression data = RegressionSpecs.data(root.required("data"), null, true, 200);
        List<Double> fractions = new ArrayList<>();
        for (SpecNode f : root.required("outlierFractions").list()) {
            double v = f.number();
            if (!(v >= 0 && v < 1)) {
                throw f.error("outlier fraction must be in [0, 1), got " + v);
            }
            if (fractions.contains(v)) {
                throw f.error("duplicate outlier fraction " + v);
            }
            fractions.add(v);
        }
        if (fractions.isEmpty()) {
            throw root.get("outlierFractions").error("needs at least one fraction");
        }
        List<RegressionSpecs.Loss> losses = RegressionSpecs.losses(root.required("losses"));
        Model model = model(root.required("model"));
        RegressionSpecs.Training training = RegressionSpecs.training(root.required("training"), data.n());
        List<Long> seeds = SpecHeader.seeds(root);
        int testPoints = root.integer("testPoints", 200, 2, 1_000_000);
        Peaks peaks = null;
        if (root.has("peaks")) {
            SpecNode p = root.get("peaks");
            NoisyRegression pd = RegressionSpecs.data(p.required("data"), "peaks", false, 300);
            peaks = new Peaks(pd, model(p.required("model")), RegressionSpecs.training(p.required("training"), pd.n()));
            p.rejectUnknownKeys();
        }
        root.rejectUnknownKeys();
        return new LossRobustnessSpec(header.name(), header.title(), header.description(), data, fractions, losses, model, training, seeds,
                testPoints, peaks, file, text);
    }

    private static Model model(SpecNode m) {
        List<Integer> hidden = RegressionSpecs.widths(m.required("hidden"));
        String activation = m.choice("activation", "tanh", SpecParser.ACTIVATIONS);
        m.rejectUnknownKeys();
        return new Model(hidden, activation);
    }
}
