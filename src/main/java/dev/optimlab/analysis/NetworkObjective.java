package dev.optimlab.analysis;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The mean loss of a DL4J network on a fixed data set, as a function of its flat parameter
 * vector (the layout of {@code net.params()}). Each call loads w with {@code setParams} (a copy
 * into the network's flat view, so the network stays valid) and runs a full-batch forward (and
 * backward) pass.
 *
 * <p>Why the division: {@code computeGradientAndScore()} leaves the minibatch <em>sum</em> of
 * gradients while {@code score()} is the <em>mean</em> loss (DL4J-NOTES §1.4, §9); the gradient
 * is divided by the number of examples so that it is the gradient of {@link #value}. The
 * network's own parameters are left at the last w evaluated; callers that need them must keep a
 * copy. Use a DOUBLE network: the finite-difference Hessian needs the precision.
 */
public final class NetworkObjective implements Objective {

    private final MultiLayerNetwork net;
    private final DataSet data;
    private final int n;

    public NetworkObjective(MultiLayerNetwork net, DataSet data) {
        this.net = net;
        this.data = data;
        this.n = (int) net.numParams();
    }

    @Override
    public int dimension() {
        return n;
    }

    private void load(double[] w) {
        net.setParams(Nd4j.createFromArray(w).reshape(1, n).castTo(net.params().dataType()));
    }

    @Override
    public double value(double[] w) {
        load(w);
        return net.score(data, false);
    }

    @Override
    public double valueAndGradient(double[] w, double[] gradient) {
        load(w);
        net.setInput(data.getFeatures());
        net.setLabels(data.getLabels());
        net.computeGradientAndScore();
        double[] g = net.gradient().gradient().castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE)
                .reshape(n).toDoubleVector();
        double batch = data.numExamples();
        for (int i = 0; i < n; i++) {
            gradient[i] = g[i] / batch;
        }
        return net.score();
    }

    /** Fraction of examples whose arg-max output is the arg-max label (classification). */
    public double accuracy(double[] w) {
        load(w);
        INDArray out = net.output(data.getFeatures(), false);
        INDArray predicted = out.argMax(1);
        INDArray truth = data.getLabels().argMax(1);
        long correct = predicted.eq(truth).castTo(org.nd4j.linalg.api.buffer.DataType.INT).sumNumber().longValue();
        return (double) correct / data.numExamples();
    }

    /** The network's current parameters as a flat double vector. */
    public static double[] parameters(MultiLayerNetwork net) {
        return net.params().castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE).reshape(net.numParams()).toDoubleVector();
    }
}
