package dev.optimlab.experiment.convolution;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BaseOutputLayer;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

import dev.optimlab.optim.Optimizers;
import dev.optimlab.optim.Variant;
import dev.optimlab.problem.Networks;
import dev.optimlab.problem.Problem;

/**
 * What a trained network is, read back from the DL4J configuration that {@code Networks.build}
 * made (not from the spec): each layer's type, kernel, stride, padding, widths and activation, the
 * volume it outputs (DL4J's own shape inference), and DL4J's parameter count per layer.
 */
final class NetworkDescription {

    /** One layer as DL4J configured it. */
    record Row(String layer, String output, long params) {
    }

    private NetworkDescription() {
    }

    /** The network of {@code problem} as the experiment trains it (initial weights of seed 0; only the shapes matter). */
    static MultiLayerNetwork build(Problem problem, int[] image, int classes, String optimizer) {
        return Networks.build(problem, image[0] * image[1] * image[2], classes, image,
                Optimizers.optimizer(optimizer, Map.of(), Variant.PAPER), List.of(), 0);
    }

    /** The input type {@code Networks.build} declares for this network. */
    static InputType input(Problem problem, int[] image) {
        return problem.model().conv().isEmpty() ? InputType.feedForward((long) image[0] * image[1] * image[2])
                : InputType.convolutionalFlat(image[1], image[2], image[0]);
    }

    static List<Row> rows(MultiLayerNetwork net, InputType input) {
        MultiLayerConfiguration conf = net.getLayerWiseConfigurations();
        List<Row> rows = new ArrayList<>();
        InputType t = input;
        for (int i = 0; i < conf.getConfs().size(); i++) {
            InputPreProcessor pre = conf.getInputPreProcess(i);
            if (pre != null) {
                t = pre.getOutputType(t);
            }
            Layer l = conf.getConf(i).getLayer();
            InputType out = l.getOutputType(i, t);
            rows.add(new Row(describe(l), shape(out), net.getLayer(i).numParams()));
            t = out;
        }
        return rows;
    }

    /** The network in one line: input volume, then each layer and the volume it outputs. */
    static String oneLine(InputType input, List<Row> rows) {
        StringBuilder s = new StringBuilder("input ").append(shape(input));
        for (Row r : rows) {
            s.append(" → ").append(r.layer()).append(" → ").append(r.output());
        }
        return s.toString();
    }

    private static String describe(Layer l) {
        if (l instanceof ConvolutionLayer c) {
            return String.format("conv %d×%d /%d pad %d, %d→%d ch, %s", c.getKernelSize()[0], c.getKernelSize()[1],
                    c.getStride()[0], c.getPadding()[0], c.getNIn(), c.getNOut(), c.getActivationFn());
        }
        if (l instanceof SubsamplingLayer p) {
            return String.format("%s-pool %d×%d /%d", p.getPoolingType().toString().toLowerCase(), p.getKernelSize()[0],
                    p.getKernelSize()[1], p.getStride()[0]);
        }
        if (l instanceof BaseOutputLayer o) {
            return String.format("output dense %d→%d, %s, %s", o.getNIn(), o.getNOut(), o.getActivationFn(),
                    o.getLossFn().getClass().getSimpleName().replace("Loss", "").toLowerCase());
        }
        if (l instanceof FeedForwardLayer d) {
            return String.format("dense %d→%d, %s", d.getNIn(), d.getNOut(), d.getActivationFn());
        }
        return l.getClass().getSimpleName();
    }

    static String shape(InputType t) {
        if (t instanceof InputType.InputTypeConvolutional c) {
            return c.getHeight() + "×" + c.getWidth() + "×" + c.getChannels();
        }
        if (t instanceof InputType.InputTypeConvolutionalFlat f) {
            return f.getHeight() + "×" + f.getWidth() + "×" + f.getDepth() + " (flat " + f.getFlattenedSize() + ")";
        }
        if (t instanceof InputType.InputTypeFeedForward f) {
            return Long.toString(f.getSize());
        }
        return t.toString();
    }
}
