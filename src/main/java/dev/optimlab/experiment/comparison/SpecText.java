package dev.optimlab.experiment.comparison;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.learning.config.Sgd;

import dev.optimlab.data.Datasets;
import dev.optimlab.optim.Optimizer;
import dev.optimlab.problem.Networks;
import dev.optimlab.problem.Problem;
import dev.optimlab.run.Arm;

/**
 * Report text generated from the spec rather than written by hand: the network as DL4J builds it
 * for the problem, and what the arms of a spec differ in.
 */
final class SpecText {

    private SpecText() {
    }

    /**
     * The plain network of the problem (no regularizer) read back from its DL4J configuration,
     * e.g. "a network 784 → dense 256 (relu) → output 10 (softmax), 203,530 parameters".
     */
    static String architecture(Problem problem, int nIn, int nOut) {
        int[] image = Datasets.imageShape(problem.data().source());
        MultiLayerNetwork net = Networks.build(problem, nIn, nOut, image, Optimizer.of(new Sgd(0.1)), List.of(), 0);
        List<String> parts = new ArrayList<>();
        parts.add(image != null && !problem.model().conv().isEmpty()
                ? image[1] + "×" + image[2] + "×" + image[0] + " image" : String.valueOf(nIn));
        for (NeuralNetConfiguration c : net.getLayerWiseConfigurations().getConfs()) {
            parts.add(layer(c.getLayer()));
        }
        boolean cnn = net.getLayerWiseConfigurations().getConfs().stream()
                .anyMatch(c -> c.getLayer() instanceof ConvolutionLayer);
        return String.format(java.util.Locale.ROOT, "%s %s, %,d parameters, %s", cnn ? "a CNN" : "an MLP",
                String.join(" → ", parts), net.numParams(), problem.model().dtype());
    }

    private static String layer(Layer l) {
        String act = l instanceof BaseLayer b && b.getActivationFn() != null ? " (" + b.getActivationFn() + ")" : "";
        if (l instanceof ConvolutionLayer c) {
            return c.getKernelSize()[0] + "×" + c.getKernelSize()[1] + " conv " + c.getNOut() + act;
        }
        if (l instanceof SubsamplingLayer s) {
            return s.getKernelSize()[0] + "×" + s.getKernelSize()[1] + " " + s.getPoolingType().name().toLowerCase() + "-pool";
        }
        if (l instanceof org.deeplearning4j.nn.conf.layers.OutputLayer o) {
            return "output " + o.getNOut() + act;
        }
        if (l instanceof FeedForwardLayer f) {
            return "dense " + f.getNOut() + act;
        }
        return l.getClass().getSimpleName();
    }

    /** The aspects in which the arms differ, e.g. "the optimizer's implementation and its epsilon". */
    static String differences(List<Arm> arms) {
        List<String> out = new ArrayList<>();
        varies(arms, Arm::optimizer, "the optimizer", out);
        varies(arms, a -> a.impl() + a.variant(), "the optimizer's implementation (OptimLab or DL4J)", out);
        Set<String> hps = new LinkedHashSet<>();
        for (String k : arms.get(0).effectiveHyperparameters().keySet()) {
            if (arms.stream().map(a -> a.effectiveHyperparameters().get(k)).distinct().count() > 1) {
                hps.add(k);
            }
        }
        if (!hps.isEmpty()) {
            out.add(out.contains("the optimizer") ? "its hyperparameters" : "the optimizer's " + String.join(", ", hps));
        }
        varies(arms, a -> Objects.toString(a.training()), "the training options (SAM, clipping, schedule)", out);
        varies(arms, a -> a.regularizers().stream().map(r -> r.name() + r.hyperparameters()).toList(),
                "the regularization technique", out);
        varies(arms, a -> a.regularizers().stream().map(r -> r.impl()).toList(),
                "the regularizer's implementation (OptimLab or DL4J)", out);
        if (out.isEmpty()) {
            return "The arms are identical in everything but their names.";
        }
        String list = out.size() == 1 ? out.get(0)
                : String.join(", ", out.subList(0, out.size() - 1)) + " and " + out.get(out.size() - 1);
        return "The arms differ only in " + list + ".";
    }

    private static void varies(List<Arm> arms, Function<Arm, Object> f, String label, List<String> out) {
        if (arms.stream().map(f).distinct().count() > 1) {
            out.add(label);
        }
    }
}
