package dev.optimlab.problem;

import java.util.ArrayList;
import java.util.List;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.dropout.IDropout;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.conf.weightnoise.IWeightNoise;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.regularization.Regularization;
import org.nd4j.linalg.lossfunctions.ILossFunction;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;
import org.nd4j.linalg.lossfunctions.impl.LossMSE;

import dev.optimlab.optim.Optimizer;
import dev.optimlab.regularize.Regularizers;

/**
 * Builds the network of a problem around a given optimizer and set of regularizers. The seed
 * alone fixes the initial parameters (DL4J draws weight init from the seeded RNG at
 * {@code init()}), so two arms with the same seed and architecture start from the same point;
 * the runner records a hash to prove it.
 *
 * <p>Where each regularizer goes: {@code gaussian-noise} on the network's input (the first
 * layer's {@code dropOut}), {@code dropout} on the input of every later dense and output layer
 * (i.e. on the hidden activations), weight noise and penalties on every weight layer (penalties
 * per layer, never globally: DL4J 1.0.0-M2.1 applies global custom regularizers twice), a norm
 * layer after every hidden layer (DL4J's layer norm instead inside each dense layer), a loss on
 * the output layer.
 */
public final class Networks {

    private Networks() {
    }

    public static DataType dtype(Mlp model) {
        return model.dtype().equals("double") ? DataType.DOUBLE : DataType.FLOAT;
    }

    /**
     * @param image {channels, height, width} of the flat input features, needed for convolutions
     *              (null for tabular data)
     */
    public static MultiLayerNetwork build(Problem problem, int nIn, int nOut, int[] image, Optimizer optimizer,
                                          List<Regularizer> regularizers, long seed) {
        Mlp model = problem.model();
        Activation act = activation(model.activation());
        NeuralNetConfiguration.ListBuilder b = new NeuralNetConfiguration.Builder()
                .seed(seed)
                .dataType(dtype(model))
                .weightInit(WeightInit.XAVIER)
                .updater(optimizer.updater()) // each layer's own copy replaces it in applyTo
                .list();
        Regularizer norm = find(regularizers, Regularizers.names(Regularizers.Kind.NORM));
        boolean builtinLayerNorm = norm != null && norm.builtin() && norm.name().equals("layer-norm");
        List<Layer.Builder<?>> weightLayers = new ArrayList<>();
        List<Object> layers = new ArrayList<>(); // builders of weight layers, or finished layers
        for (int channels : model.conv()) {
            ConvolutionLayer.Builder c = new ConvolutionLayer.Builder(3, 3).stride(1, 1).padding(1, 1)
                    .nOut(channels).activation(act);
            weightLayers.add(c);
            layers.add(c);
            addNorm(layers, norm, builtinLayerNorm);
            layers.add(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build());
        }
        for (int width : model.hidden()) {
            DenseLayer.Builder d = new DenseLayer.Builder().nOut(width).activation(act).hasLayerNorm(builtinLayerNorm);
            weightLayers.add(d);
            layers.add(d);
            addNorm(layers, norm, builtinLayerNorm);
        }
        OutputLayer.Builder out = new OutputLayer.Builder().nOut(nOut).lossFunction(loss(problem, regularizers))
                .activation(problem.classification() ? Activation.SOFTMAX : Activation.IDENTITY);
        weightLayers.add(out);
        layers.add(out);
        configureWeightLayers(weightLayers, regularizers);
        for (Object l : layers) {
            b.layer(l instanceof Layer.Builder<?> builder ? builder.build() : (Layer) l);
        }
        b.setInputType(image != null && !model.conv().isEmpty()
                ? InputType.convolutionalFlat(image[1], image[2], image[0]) : InputType.feedForward(nIn));
        MultiLayerNetwork net = new MultiLayerNetwork(optimizer.applyTo(b.build()));
        net.init();
        return net;
    }

    private static void addNorm(List<Object> layers, Regularizer norm, boolean builtinLayerNorm) {
        if (norm == null || builtinLayerNorm) {
            return;
        }
        layers.add(norm.builtin() ? BuiltinRegularizers.batchNorm(norm.hyperparameters())
                : Regularizers.normLayer(norm.name(), norm.hyperparameters()));
    }

    private static void configureWeightLayers(List<Layer.Builder<?>> weightLayers, List<Regularizer> regularizers) {
        Regularizer dropout = find(regularizers, java.util.Set.of("dropout"));
        Regularizer inputNoise = find(regularizers, java.util.Set.of("gaussian-noise"));
        Regularizer weightNoise = find(regularizers, Regularizers.names(Regularizers.Kind.WEIGHT_NOISE));
        for (int i = 0; i < weightLayers.size(); i++) {
            Layer.Builder<?> l = weightLayers.get(i);
            Regularizer d = i == 0 ? inputNoise : (weightLayers.get(i) instanceof ConvolutionLayer.Builder ? null : dropout);
            if (d != null) {
                IDropout drop = d.builtin() ? BuiltinRegularizers.dropout(d.name(), d.hyperparameters())
                        : Regularizers.dropout(d.name(), d.hyperparameters());
                l.dropOut(drop);
            }
            if (weightNoise != null) {
                IWeightNoise wn = weightNoise.builtin()
                        ? BuiltinRegularizers.weightNoise(weightNoise.name(), weightNoise.hyperparameters())
                        : Regularizers.weightNoise(weightNoise.name(), weightNoise.hyperparameters());
                ((org.deeplearning4j.nn.conf.layers.BaseLayer.Builder<?>) l).weightNoise(wn);
            }
            List<Regularization> penalties = new ArrayList<>();
            for (Regularizer r : regularizers) {
                if (Regularizers.names(Regularizers.Kind.PENALTY).contains(r.name())) {
                    penalties.addAll(r.builtin() ? BuiltinRegularizers.penalty(r.name(), r.hyperparameters())
                            : Regularizers.penalty(r.name(), r.hyperparameters()));
                }
            }
            if (!penalties.isEmpty()) {
                ((org.deeplearning4j.nn.conf.layers.BaseLayer.Builder<?>) l).regularization(penalties);
            }
        }
    }

    /** The training loss: a loss regularizer (e.g. label smoothing) if the arm has one, else the problem's. */
    private static ILossFunction loss(Problem problem, List<Regularizer> regularizers) {
        Regularizer r = find(regularizers, Regularizers.names(Regularizers.Kind.LOSS));
        if (r != null) {
            return Regularizers.loss(r.name(), r.hyperparameters());
        }
        return switch (problem.loss()) {
            case "mcxent" -> new LossMCXENT();
            case "mse" -> new LossMSE();
            default -> Regularizers.loss(problem.loss(), java.util.Map.of());
        };
    }

    private static Regularizer find(List<Regularizer> regularizers, java.util.Set<String> names) {
        return regularizers.stream().filter(r -> names.contains(r.name())).findFirst().orElse(null);
    }

    /**
     * A double-precision, Xavier-initialised layer list seeded with {@code seed}, holding one dense
     * layer per entry of {@code widths} (none: a linear model); the caller adds the output layer,
     * whose input width is the last of {@code widths} (or {@code nIn}).
     */
    public static NeuralNetConfiguration.ListBuilder denseStack(long seed, int nIn, List<Integer> widths, Activation act) {
        NeuralNetConfiguration.ListBuilder b = new NeuralNetConfiguration.Builder()
                .seed(seed)
                .dataType(DataType.DOUBLE)
                .weightInit(WeightInit.XAVIER)
                .list();
        int in = nIn;
        for (int width : widths) {
            b.layer(new DenseLayer.Builder().nIn(in).nOut(width).activation(act).build());
            in = width;
        }
        return b;
    }

    /** The input width of the layer after a {@link #denseStack} of {@code widths} on {@code nIn} inputs. */
    public static int outWidth(int nIn, List<Integer> widths) {
        return widths.isEmpty() ? nIn : widths.get(widths.size() - 1);
    }

    /** A hidden activation by its spec name (tanh, relu, sigmoid, identity, leakyrelu, elu). */
    public static Activation activation(String name) {
        return switch (name) {
            case "tanh" -> Activation.TANH;
            case "relu" -> Activation.RELU;
            case "sigmoid" -> Activation.SIGMOID;
            case "identity" -> Activation.IDENTITY;
            case "leakyrelu" -> Activation.LEAKYRELU;
            case "elu" -> Activation.ELU;
            default -> throw new IllegalArgumentException("unknown activation '" + name + "'");
        };
    }
}
