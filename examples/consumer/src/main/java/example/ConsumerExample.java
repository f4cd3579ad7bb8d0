package example;

import java.util.Map;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import dev.optimlab.optim.Optimizers;
import dev.optimlab.regularize.Regularizers;
import dev.optimlab.regularize.loss.LabelSmoothingCrossEntropy;
import dev.optimlab.regularize.noise.InvertedDropout;

/**
 * What a DL4J user writes to use OptimLab: networks built with DL4J's own builders, an OptimLab
 * optimizer (one value: updater and per-tensor hooks) wired in with one call, OptimLab's layers and hooks where DL4J's would go. Each method
 * returns an initialised network; {@code ConsumerExampleTest} trains them.
 */
public final class ConsumerExample {

    private ConsumerExample() {
    }

    /** Two inputs merged into one dense block, trained with AdamW (its decoupled decay included). */
    public static ComputationGraph mergedInputsGraph(long seed) {
        ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder()
                .seed(seed).dataType(DataType.FLOAT)
                .graphBuilder()
                .addInputs("a", "b")
                .addVertex("merge", new MergeVertex(), "a", "b")
                .addLayer("dense", new DenseLayer.Builder().nIn(6).nOut(16).activation(Activation.TANH).build(), "merge")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nIn(16).nOut(1)
                        .activation(Activation.IDENTITY).build(), "dense")
                .setOutputs("out")
                .build();
        Optimizers.optimizer("adamw", Map.of("lr", 1e-2, "weightDecay", 1e-2)).applyTo(conf);
        ComputationGraph net = new ComputationGraph(conf);
        net.init();
        return net;
    }

    /** A sequence model: LSTM then a per-step output, trained with RAdam. */
    public static MultiLayerNetwork lstm(long seed) {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder()
                .seed(seed).dataType(DataType.FLOAT)
                .list()
                .layer(new LSTM.Builder().nIn(1).nOut(12).activation(Activation.TANH).build())
                .layer(new RnnOutputLayer.Builder(LossFunctions.LossFunction.MSE).nIn(12).nOut(1)
                        .activation(Activation.IDENTITY).build())
                .build();
        Optimizers.optimizer("radam", Map.of("lr", 1e-2)).applyTo(conf);
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    /**
     * A small CNN for 1×12×12 images: convolution, OptimLab's group norm, pooling, a dense layer with
     * OptimLab's inverted dropout, label smoothing, trained with AdamW.
     */
    public static MultiLayerNetwork cnn(long seed) {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder()
                .seed(seed).dataType(DataType.FLOAT)
                .list()
                .layer(new ConvolutionLayer.Builder(3, 3).nOut(8).activation(Activation.IDENTITY).build())
                .layer(Regularizers.normLayer("group-norm", Map.of("groups", 4.0)))
                .layer(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build())
                .layer(new DenseLayer.Builder().nOut(32).activation(Activation.RELU)
                        .dropOut(new InvertedDropout(0.2)).build())
                .layer(new OutputLayer.Builder().lossFunction(new LabelSmoothingCrossEntropy(0.1)).nOut(3)
                        .activation(Activation.SOFTMAX).build())
                .setInputType(InputType.convolutional(12, 12, 1))
                .build();
        Optimizers.optimizer("adamw", Map.of("lr", 3e-3, "weightDecay", 1e-2)).applyTo(conf);
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    /** A dense regression network with LAMB (layer-wise trust ratio), for the save/restore check. */
    public static MultiLayerNetwork dense(String optimizer, long seed) {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder()
                .seed(seed).dataType(DataType.DOUBLE)
                .list()
                .layer(new DenseLayer.Builder().nIn(3).nOut(10).activation(Activation.TANH).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nIn(10).nOut(1)
                        .activation(Activation.IDENTITY).build())
                .build();
        Optimizers.optimizer(optimizer, Map.of("lr", 1e-2)).applyTo(conf);
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }
}
