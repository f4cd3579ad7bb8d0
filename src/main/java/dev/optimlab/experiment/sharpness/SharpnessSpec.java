package dev.optimlab.experiment.sharpness;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.optimlab.experiment.RegressionSpecs;
import dev.optimlab.experiment.SpecHeader;
import dev.optimlab.experiment.SpecNode;
import dev.optimlab.experiment.SpecParser;

/**
 * A validated {@code kind: sharpness} spec: one MLP trained from the same initialisation with a
 * small and a large batch to a target training loss, for several seeds, then probed for sharpness
 * (Keskar's φ, top Hessian eigenvalue) and interpolated between the two solutions.
 *
 * @param trainSize training examples (the first ones of the official training part)
 * @param evalSize the first examples of the training set on which f is probed (φ, λmax, interpolation)
 * @param testSize the first examples of the official test part
 * @param hidden hidden-layer widths (ReLU-free activations allowed, see {@link SpecParser#ACTIVATIONS})
 * @param targetLoss training stops at the end of the first epoch whose full training loss is ≤ this
 * @param maxEpochs per arm; an arm that does not reach the target is reported as such
 * @param steps ascent steps of the φ maximisation
 * @param fdStep finite-difference step of the Hessian-vector products
 */
public record SharpnessSpec(String name, String title, String description, String source, int trainSize,
                            int evalSize, int testSize, List<Integer> hidden, String activation, String optimizer,
                            Map<String, Double> hyperparameters, int smallBatch, int largeBatch, double targetLoss,
                            int maxEpochs, List<Long> seeds, List<Double> epsilons, int subspaceDim, int steps,
                            int hessianIterations, double fdStep, double from, double to, int points,
                            String file, String text) implements SpecHeader.Named {

    public static SharpnessSpec parse(SpecNode root, String file, String text) {
        SpecHeader header = SpecHeader.parse(root, file, text);

        SpecNode d = root.required("data");
        String source = d.choice("source", null, List.of("mnist", "fashion-mnist"));
        int trainSize = d.integer("trainSize", 10_000, 10, 60_000);
        int evalSize = d.integer("evalSize", Math.min(2_000, trainSize), 10, 60_000);
        if (evalSize > trainSize) {
            throw d.get("evalSize").error("must be ≤ trainSize (" + trainSize + "), got " + evalSize);
        }
        int testSize = d.integer("testSize", 10_000, 10, 10_000);
        d.rejectUnknownKeys();

        SpecNode m = root.required("model");
        List<Integer> hidden = m.required("hidden").integers("hidden width", 1, 4096);
        String activation = m.choice("activation", "relu", SpecParser.ACTIVATIONS);
        m.rejectUnknownKeys();

        RegressionSpecs.OptimizerChoice optimizer = RegressionSpecs.optimizer(root);

        int small = root.integer("smallBatch", 128, 1, 60_000);
        int large = root.integer("largeBatch", trainSize / 10, 1, 60_000);
        if (large <= small) {
            throw root.get("largeBatch").error("must be larger than smallBatch (" + small + "), got " + large);
        }
        if (large > trainSize) {
            throw root.get("largeBatch").error("must be ≤ data.trainSize (" + trainSize + "), got " + large);
        }
        double target = root.number("targetLoss", 0.02, 0, 1e3);
        int maxEpochs = root.integer("maxEpochs", 200, 1, 100_000);

        List<Long> seeds = SpecHeader.seeds(root);

        Probe probe = probe(root.has("sharpness") ? root.get("sharpness") : null);
        Line line = line(root.has("interpolation") ? root.get("interpolation") : null);
        root.rejectUnknownKeys();
        return new SharpnessSpec(header.name(), header.title(), header.description(), source, trainSize, evalSize, testSize, List.copyOf(hidden),
                activation, optimizer.name(), java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(optimizer.hyperparameters())), small, large, target, maxEpochs, List.copyOf(seeds),
                probe.epsilons(), probe.subspaceDim(), probe.steps(), probe.hessianIterations(), probe.fdStep(),
                line.from(), line.to(), line.points(), file, text);
    }

    /** The sharpness probe's settings ({@code sharpness:}), defaults where the block or a key is absent. */
    private record Probe(List<Double> epsilons, int subspaceDim, int steps, int hessianIterations, double fdStep) {
    }

    private static Probe probe(SpecNode sh) {
        List<Double> eps = new ArrayList<>(List.of(1e-3, 5e-4));
        if (sh == null || sh.isMissing()) {
            return new Probe(List.copyOf(eps), 100, 20, 20, 1e-5);
        }
        if (sh.has("epsilons")) {
            eps.clear();
            for (SpecNode e : sh.get("epsilons").list()) {
                double v = e.number();
                if (!(v > 0 && v <= 1)) {
                    throw e.error("must be in (0, 1], got " + v);
                }
                eps.add(v);
            }
            if (eps.isEmpty()) {
                throw sh.get("epsilons").error("needs at least one epsilon");
            }
        }
        Probe p = new Probe(List.copyOf(eps), sh.integer("subspaceDim", 100, 1, 10_000), sh.integer("steps", 20, 1, 10_000),
                sh.integer("hessianIterations", 20, 1, 10_000), sh.number("fdStep", 1e-5, 1e-9, 1e-2));
        sh.rejectUnknownKeys();
        return p;
    }

    /** The interpolation line's range and points ({@code interpolation:}). */
    private record Line(double from, double to, int points) {
    }

    private static Line line(SpecNode in) {
        if (in == null || in.isMissing()) {
            return new Line(-1, 2, 31);
        }
        double from = in.number("from", -1, -100, 100);
        double to = in.number("to", 2, -100, 100);
        if (!(to > from)) {
            throw in.get("to").error("must be larger than from (" + from + "), got " + to);
        }
        Line line = new Line(from, to, in.integer("points", 31, 2, 10_000));
        in.rejectUnknownKeys();
        return line;
    }
}
