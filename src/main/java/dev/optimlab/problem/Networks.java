package dev.optimlab.problem;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.regularization.Regularization;

import java.util.List;

import dev.optimlab.optim.OptimizerWiring;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

/**
 * Builds the network of a problem around a given updater. The seed alone fixes the initial
 * parameters (DL4J draws weight init from the seeded RNG at {@code init()}), so two arms built
 * with the same seed start from the same point; the runner records a hash to prove it.
 */
public final class Networks {

    private Networks() {
    }

    public static DataType dtype(Mlp model) {
        return model.dtype().equals("double") ? DataType.DOUBLE : DataType.FLOAT;
    }

    /**
     * The problem's MLP with {@code updater} on every parameter and the optimizer's per-tensor
     * {@code hooks} on every layer's weights (see {@link OptimizerWiring}).
     */
    public static MultiLayerNetwork mlp(Problem problem, int nIn, int nOut, IUpdater updater,
                                        List<Regularization> hooks, long seed) {
        Mlp model = problem.model();
        NeuralNetConfiguration.ListBuilder b = new NeuralNetConfiguration.Builder()
                .seed(seed)
                .dataType(dtype(model))
                .weightInit(WeightInit.XAVIER)
                .updater(updater)
                .list();
        int in = nIn;
        for (int width : model.hidden()) {
            b.layer(new DenseLayer.Builder().nIn(in).nOut(width).activation(activation(model.activation())).build());
            in = width;
        }
        LossFunction loss = switch (problem.loss()) {
            case "mse" -> LossFunction.MSE;
            case "mae" -> LossFunction.MEAN_ABSOLUTE_ERROR;
            case "mcxent" -> LossFunction.MCXENT;
            default -> throw new IllegalArgumentException("unknown loss '" + problem.loss() + "'");
        };
        b.layer(new OutputLayer.Builder(loss).nIn(in).nOut(nOut)
                .activation(problem.classification() ? Activation.SOFTMAX : Activation.IDENTITY).build());
        MultiLayerNetwork net = new MultiLayerNetwork(OptimizerWiring.apply(b.build(), updater, hooks));
        net.init();
        return net;
    }

    private static Activation activation(String name) {
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
