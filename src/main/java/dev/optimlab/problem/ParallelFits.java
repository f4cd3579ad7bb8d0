package dev.optimlab.problem;

import static org.nd4j.linalg.indexing.NDArrayIndex.interval;

import java.util.ArrayList;
import java.util.List;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.ILossFunction;
import org.nd4j.shade.jackson.annotation.JsonProperty;

import dev.optimlab.data.LabeledData;
import dev.optimlab.optim.Optimizer;

/**
 * K independent full-batch fits of one {@link CurveFit}, trained at once as a single
 * block-diagonal DL4J network. The bias–variance and loss experiments train hundreds of tiny
 * networks, and DL4J's fixed cost per {@code fit} call (about 2 ms here) dwarfs their arithmetic;
 * packing K copies side by side pays it once per step for all of them.
 *
 * <p>Why it is exact: copy k owns input column k, the k-th block of every hidden layer and output
 * k. The blocks off the diagonal start at zero and are set back to zero after every update, so no
 * copy ever sees another's activations; the loss is summed (not averaged) over the K outputs, so
 * each copy's gradient is the one it would get alone; and the optimizer is elementwise (SGD,
 * Momentum, Adam, AdamW's decoupled decay, ...), so each parameter's update depends on its own
 * gradient history only. An optimizer that is not ({@link Optimizer#elementwise()} false: LAMB's
 * trust ratio, AdamP, Muon, Shampoo) trains each copy alone instead, packed afterwards. Each
 * copy starts from the weights of the separately built network with its own seed. The result
 * equals K separate {@link CurveFit#train} runs to rounding (see {@code ParallelFitsTest}).
 * Full batch only: separate minibatch runs would each shuffle in their own order.
 */
public final class ParallelFits {

    private final CurveFit fit;

    public ParallelFits(CurveFit fit) {
        this.fit = fit;
    }

    /** K trained copies, packed; copy k was trained on {@code samples.get(k)} from initial weights of {@code seeds[k]}. */
    public Packed train(List<LabeledData> samples, long[] seeds) {
        int k = samples.size();
        if (k == 0 || seeds.length != k) {
            throw new IllegalArgumentException("need one seed per sample, got " + seeds.length + " for " + k);
        }
        int n = samples.get(0).size();
        for (LabeledData s : samples) {
            if (s.size() != n || s.features() != 1 || s.outputs() != 1) {
                throw new IllegalArgumentException("samples must all have " + n + " examples, one input and one output");
            }
        }
        if (fit.batchSize() < n) {
            throw new IllegalArgumentException("parallel fits are full batch: batchSize " + fit.batchSize()
                    + " < " + n + " examples");
        }
        MultiLayerNetwork net = fit.network(k, k, k, new SummedOverOutputs(fit.loss(), k), seeds[0]);
        List<INDArray> masks = new ArrayList<>();
        for (int layer = 0; layer < net.getnLayers(); layer++) {
            INDArray w = net.getParam(layer + "_W");
            INDArray mask = Nd4j.zeros(DataType.DOUBLE, w.shape());
            long a = w.size(0) / k;
            long b = w.size(1) / k;
            for (int c = 0; c < k; c++) {
                mask.get(interval(c * a, (c + 1) * a), interval(c * b, (c + 1) * b)).assign(1);
            }
            masks.add(mask);
            net.getParam(layer + "_b").assign(0);
            w.assign(0);
        }
        if (!fit.optimizer().elementwise()) {
            // per-tensor norms or matrix steps would mix the copies: train each alone, then pack
            for (int c = 0; c < k; c++) {
                place(net, fit.train(samples.get(c), seeds[c]), c);
            }
            return new Packed(net, k);
        }
        for (int c = 0; c < k; c++) {
            place(net, fit.network(1, 1, 1, fit.loss(), seeds[c]), c);
        }
        double[][] x = new double[n][k];
        double[][] y = new double[n][k];
        for (int c = 0; c < k; c++) {
            for (int i = 0; i < n; i++) {
                x[i][c] = samples.get(c).x()[i][0];
                y[i][c] = samples.get(c).y()[i][0];
            }
        }
        DataSet all = new DataSet(Nd4j.createFromArray(x), Nd4j.createFromArray(y));
        for (int epoch = 0; epoch < fit.epochs(); epoch++) {
            net.fit(all);
            for (int layer = 0; layer < net.getnLayers(); layer++) {
                net.getParam(layer + "_W").muli(masks.get(layer));
            }
        }
        return new Packed(net, k);
    }

    /** Copies the weights and biases of the one-copy network {@code alone} into block {@code c} of {@code net}. */
    private static void place(MultiLayerNetwork net, MultiLayerNetwork alone, int c) {
        for (int layer = 0; layer < net.getnLayers(); layer++) {
            INDArray w = alone.getParam(layer + "_W");
            INDArray bias = alone.getParam(layer + "_b");
            long a = w.size(0);
            long b = w.size(1);
            net.getParam(layer + "_W").get(interval(c * a, (c + 1) * a), interval(c * b, (c + 1) * b)).assign(w);
            INDArray packedBias = net.getParam(layer + "_b");
            // DL4J keeps biases as [nOut] or [1, nOut] depending on the layer; the copy's slice either way
            (packedBias.rank() == 1 ? packedBias.get(interval(c * b, (c + 1) * b))
                    : packedBias.get(interval(0, 1), interval(c * b, (c + 1) * b))).assign(bias.reshape(packedBias.rank() == 1
                    ? new long[] {b} : new long[] {1, b}));
        }
    }

    /** The K trained copies inside one network. */
    public record Packed(MultiLayerNetwork network, int copies) {

        /** {@code [K][P]}: every copy's prediction at each row of {@code x} (one input column). */
        public double[][] predict(double[][] x) {
            double[][] in = new double[x.length][copies];
            for (int i = 0; i < x.length; i++) {
                java.util.Arrays.fill(in[i], x[i][0]);
            }
            return columns(network.output(Nd4j.createFromArray(in), false));
        }

        /** {@code [K][n]}: copy k's predictions at its own sample's inputs. */
        public double[][] predictOwn(List<LabeledData> samples) {
            int n = samples.get(0).size();
            double[][] in = new double[n][copies];
            for (int c = 0; c < copies; c++) {
                for (int i = 0; i < n; i++) {
                    in[i][c] = samples.get(c).x()[i][0];
                }
            }
            return columns(network.output(Nd4j.createFromArray(in), false));
        }

        private double[][] columns(INDArray out) {
            double[][] p = new double[copies][(int) out.size(0)];
            for (int c = 0; c < copies; c++) {
                for (int i = 0; i < p[c].length; i++) {
                    p[c][i] = out.getDouble(i, c);
                }
            }
            return p;
        }
    }

    /**
     * A loss summed over the outputs: {@code outputs} × a loss that averages over them (DL4J's and
     * the project's regression losses all do), so that each output's gradient is the single-output one.
     */
    public static final class SummedOverOutputs implements ILossFunction {

        @JsonProperty
        private ILossFunction inner;
        @JsonProperty
        private int outputs;

        /** For Jackson. */
        public SummedOverOutputs() {
        }

        public SummedOverOutputs(ILossFunction inner, int outputs) {
            this.inner = inner;
            this.outputs = outputs;
        }

        @Override
        public double computeScore(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask,
                                   boolean average) {
            return outputs * inner.computeScore(labels, preOutput, activationFn, mask, average);
        }

        @Override
        public INDArray computeScoreArray(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask) {
            return inner.computeScoreArray(labels, preOutput, activationFn, mask).muli(outputs);
        }

        @Override
        public INDArray computeGradient(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask) {
            return inner.computeGradient(labels, preOutput, activationFn, mask).muli(outputs);
        }

        @Override
        public Pair<Double, INDArray> computeGradientAndScore(INDArray labels, INDArray preOutput,
                                                              IActivation activationFn, INDArray mask, boolean average) {
            return new Pair<>(computeScore(labels, preOutput, activationFn, mask, average),
                    computeGradient(labels, preOutput, activationFn, mask));
        }

        @Override
        public String name() {
            return "sum-over-outputs(" + inner.name() + ")";
        }

        @Override
        public String toString() {
            return name();
        }
    }
}
