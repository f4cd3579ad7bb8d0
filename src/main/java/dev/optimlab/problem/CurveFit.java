package dev.optimlab.problem;

import java.util.Arrays;
import java.util.List;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.ILossFunction;

import dev.optimlab.data.LabeledData;
import dev.optimlab.data.Shuffle;
import dev.optimlab.optim.Optimizer;

/**
 * One regression network x → hidden layers → y fitted to a training set, in double precision:
 * the unit of work of the generalization experiments, which train hundreds of small models and
 * only need their predictions. Any {@link ILossFunction} goes on the output layer (DL4J's
 * {@code LossMSE} or the project's MAE and Huber), any {@link Optimizer} trains it.
 *
 * <p>Deterministic: {@code seed} fixes the initial weights (DL4J draws them from the seeded RNG
 * at {@code init()}) and the minibatch order of every epoch.
 *
 * @param hidden     widths of the hidden layers (may be empty: a linear model)
 * @param activation hidden activation, a DL4J {@link Activation} name in lower case (tanh, relu, ...)
 * @param epochs     passes over the training set
 * @param batchSize  examples per update; the whole set when it is at least the set's size
 */
public record CurveFit(List<Integer> hidden, String activation, ILossFunction loss, Optimizer optimizer,
                       int epochs, int batchSize) {

    public CurveFit {
        hidden = List.copyOf(hidden);
        activation(activation); // validates the name
        if (epochs < 1 || batchSize < 1) {
            throw new IllegalArgumentException("epochs and batchSize must be ≥ 1, got " + epochs + ", " + batchSize);
        }
    }

    /** The trained network. */
    public MultiLayerNetwork train(LabeledData data, long seed) {
        MultiLayerNetwork net = network(data.features(), data.outputs(), 1, loss, seed);
        int n = data.size();
        DataSet all = data.toDataSet(DataType.DOUBLE);
        for (int epoch = 0; epoch < epochs; epoch++) {
            if (batchSize >= n) {
                net.fit(all);
                continue;
            }
            int[] order = Shuffle.permutation(n, seed * 1_000_003L + epoch);
            for (int from = 0; from < n; from += batchSize) {
                net.fit(data.select(Arrays.copyOfRange(order, from, Math.min(n, from + batchSize)))
                        .toDataSet(DataType.DOUBLE));
            }
        }
        return net;
    }

    /**
     * The untrained network for {@code nIn} inputs and {@code nOut} outputs, every hidden width
     * multiplied by {@code copies} (room for that many block-diagonal copies, see {@link ParallelFits}).
     */
    MultiLayerNetwork network(int nIn, int nOut, int copies, ILossFunction outputLoss, long seed) {
        List<Integer> widths = hidden.stream().map(w -> w * copies).toList();
        NeuralNetConfiguration.ListBuilder b = Networks.denseStack(seed, nIn, widths, activation(activation));
        b.layer(new OutputLayer.Builder().lossFunction(outputLoss).nIn(Networks.outWidth(nIn, widths)).nOut(nOut)
                .activation(Activation.IDENTITY).build());
        // applyTo gives each layer its own copy: schedules and configs are never shared between models
        MultiLayerNetwork net = new MultiLayerNetwork(optimizer.applyTo(b.build()));
        net.init();
        return net;
    }

    /** The network's outputs (first output column) at each row of {@code x}. */
    public static double[] predict(MultiLayerNetwork net, double[][] x) {
        INDArray out = net.output(Nd4j.createFromArray(x).castTo(DataType.DOUBLE), false);
        double[] y = new double[x.length];
        for (int i = 0; i < y.length; i++) {
            y[i] = out.getDouble(i, 0);
        }
        return y;
    }

    private static Activation activation(String name) {
        try {
            return Activation.valueOf(name.toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown activation '" + name + "'");
        }
    }
}
