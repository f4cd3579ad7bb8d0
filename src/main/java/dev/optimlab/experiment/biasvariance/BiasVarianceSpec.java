package dev.optimlab.experiment.biasvariance;

import java.util.List;

import dev.optimlab.data.NoisyRegression;
import dev.optimlab.experiment.RegressionSpecs;
import dev.optimlab.experiment.SpecHeader;
import dev.optimlab.experiment.SpecNode;
import dev.optimlab.experiment.SpecParser;

/**
 * A validated {@code kind: bias-variance} spec: for every hidden width, {@code models} networks
 * are trained on independent training samples of {@code data} (no outliers: the noise variance
 * must be known) and their predictions on {@code testPoints} evenly spaced points are decomposed.
 *
 * @param data       the generator; {@code n} is the size of each training sample
 * @param widths     the capacities: widths of the single hidden layer
 * @param models     independent training samples (and networks) per width
 * @param testPoints evenly spaced test inputs over [xMin, xMax]
 * @param noiseDraws fresh noisy targets per model and test point for the measured expected error
 * @param seed       base seed of the training samples, initial weights and test noise
 */
public record BiasVarianceSpec(String name, String title, String description, NoisyRegression data,
                               String activation, List<Integer> widths, RegressionSpecs.Training training,
                               int models, int testPoints, int noiseDraws, long seed, String source, String text)
        implements SpecHeader.Described {

    public static BiasVarianceSpec parse(SpecNode root, String file, String text) {
        SpecHeader header = SpecHeader.parse(root, file, text);
        NoisyRegression data = RegressionSpecs.data(root.required("data"), null, false, 30);
        SpecNode model = root.required("model");
        List<Integer> widths = RegressionSpecs.widths(model.required("widths"));
        if (widths.isEmpty()) {
            throw model.get("widths").error("needs at least one width");
        }
        String activation = model.choice("activation", "tanh", SpecParser.ACTIVATIONS);
        model.rejectUnknownKeys();
        RegressionSpecs.Training training = RegressionSpecs.training(root.required("training"), data.n());
        int models = root.integer("models", 30, 2, 100_000);
        int testPoints = root.integer("testPoints", 100, 2, 1_000_000);
        int noiseDraws = root.integer("noiseDraws", 10, 1, 100_000);
        long seed = root.has("seed") ? root.get("seed").integer() : 1L;
        root.rejectUnknownKeys();
        return new BiasVarianceSpec(header.name(), header.title(), header.description(), data, activation, widths, training, models, testPoints,
                noiseDraws, seed, file, text);
    }
}
