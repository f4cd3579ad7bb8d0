package dev.optimlab.regularize;


import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Shared bits of the regularizer tests: fixed data, param copying, diffs. */
final class NetworkFixtures {

    private NetworkFixtures() {
    }

    static INDArray randn(long seed, long... shape) {
        Nd4j.getRandom().setSeed(seed);
        return Nd4j.randn(DataType.DOUBLE, shape);
    }

    /** One-hot labels, example i in class i mod classes. */
    static INDArray oneHot(int n, int classes) {
        INDArray y = Nd4j.zeros(DataType.DOUBLE, n, classes);
        for (int i = 0; i < n; i++) {
            y.putScalar(i, i % classes, 1.0);
        }
        return y;
    }

    static double maxAbsDiff(INDArray a, INDArray b) {
        if (!java.util.Arrays.equals(a.shape(), b.shape())) {
            throw new AssertionError("shapes differ: " + java.util.Arrays.toString(a.shape()) + " vs "
                    + java.util.Arrays.toString(b.shape()));
        }
        return a.sub(b).amaxNumber().doubleValue();
    }

    /** Copies every parameter of {@code from} into the same-keyed parameter of {@code to}. */
    static void copyParams(MultiLayerNetwork from, MultiLayerNetwork to) {
        for (String key : from.paramTable().keySet()) {
            to.getParam(key).assign(from.getParam(key).reshape(to.getParam(key).shape()));
        }
    }

    /** Prints a measured quantity so that runs document their numbers (surefire keeps stdout). */
    static double measured(String what, double value) {
        System.out.printf("[measured] %s = %.3e%n", what, value);
        return value;
    }
}
