package dev.optimlab.experiment.benchmark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.List;

import org.apache.commons.math3.linear.EigenDecomposition;
import org.apache.commons.math3.linear.MatrixUtils;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;

import dev.optimlab.problem.Mlp;
import dev.optimlab.problem.Problem;

/**
 * quadratic-deep as a DL4J network computes DeepOBS's loss and its gradient: checked against a
 * plain double loop over ½(θ − x)ᵀQ(θ − x) and its gradient Q(θ − x), and against central finite
 * differences of the network's own score.
 */
class QuadraticDeepTest {

    private static final long SEED = 42;

    @Test
    void spectrumIs90PercentInZeroOneAnd10PercentIn30To60() {
        double[] ev = new EigenDecomposition(MatrixUtils.createRealMatrix(QuadraticDeep.hessian(SEED))).getRealEigenvalues();
        assertEquals(90, Arrays.stream(ev).filter(v -> v > 0 && v < 1).count());
        assertEquals(10, Arrays.stream(ev).filter(v -> v > 30 && v < 60).count());
    }

    @Test
    void networkLossAndGradientMatchThePlainLoopAndFiniteDifferences() {
        Problem problem = new Problem(QuadraticDeep.source(SEED, 8), new Mlp(List.of(), List.of(), "identity", "double"),
                "quadratic", 1, 8);
        MultiLayerNetwork net = QuadraticDeep.network(problem, 1, QuadraticDeep.DIM, null,
                dev.optimlab.optim.Optimizer.of(new Sgd(0.1)), List.of(), 1);
        double[] theta = new double[QuadraticDeep.DIM];
        java.util.Random r = new java.util.Random(5);
        for (int i = 0; i < theta.length; i++) {
            theta[i] = r.nextGaussian();
        }
        net.setParams(Nd4j.createFromArray(theta).reshape(1, QuadraticDeep.DIM));
        double[][] x = QuadraticDeep.noise(9, 4);
        double[][] a = QuadraticDeep.transform(SEED);
        double[][] labels = new double[4][QuadraticDeep.DIM];
        for (int n = 0; n < 4; n++) {
            for (int i = 0; i < QuadraticDeep.DIM; i++) {
                for (int j = 0; j < QuadraticDeep.DIM; j++) {
                    labels[n][i] += a[i][j] * x[n][j];
                }
            }
        }
        INDArray features = Nd4j.ones(DataType.DOUBLE, 4, 1);
        INDArray y = Nd4j.createFromArray(labels);
        net.setInput(features);
        net.setLabels(y);
        net.computeGradientAndScore();
        // DL4J's gradient is the minibatch SUM; its updater divides by the minibatch size (miniBatch = true)
        double[] grad = net.gradient().gradient().div(4).toDoubleVector();

        double[][] q = QuadraticDeep.hessian(SEED);
        double loss = 0;
        double[] expected = new double[QuadraticDeep.DIM];
        for (double[] xn : x) {
            for (int i = 0; i < QuadraticDeep.DIM; i++) {
                for (int j = 0; j < QuadraticDeep.DIM; j++) {
                    loss += 0.5 * (theta[i] - xn[i]) * q[i][j] * (theta[j] - xn[j]) / 4;
                    expected[i] += q[i][j] * (theta[j] - xn[j]) / 4;
                }
            }
        }
        assertEquals(loss, net.score(), 1e-9 * loss);
        for (int i = 0; i < QuadraticDeep.DIM; i++) {
            assertEquals(expected[i], grad[i], 1e-9 * (1 + Math.abs(expected[i])), "dθ" + i);
        }
        for (int i : new int[] {0, 17, 95, 99}) {
            assertEquals(expected[i], finiteDifference(net, theta, i, features, y), 1e-5 * (1 + Math.abs(expected[i])), "fd " + i);
        }
    }

    private static double finiteDifference(MultiLayerNetwork net, double[] theta, int i, INDArray features, INDArray y) {
        double h = 1e-5;
        double[] plus = theta.clone();
        double[] minus = theta.clone();
        plus[i] += h;
        minus[i] -= h;
        return (score(net, plus, features, y) - score(net, minus, features, y)) / (2 * h);
    }

    private static double score(MultiLayerNetwork net, double[] theta, INDArray features, INDArray y) {
        net.setParams(Nd4j.createFromArray(theta).reshape(1, QuadraticDeep.DIM));
        return net.score(new org.nd4j.linalg.dataset.DataSet(features, y), false);
    }
}
