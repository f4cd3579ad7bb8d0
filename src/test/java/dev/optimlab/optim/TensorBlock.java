package dev.optimlab.optim;

import java.util.List;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.regularization.Regularization;

/**
 * Drives an updater and its per-tensor hooks over one merged updater block of several tensors,
 * as DL4J's {@code UpdaterBlock} does: the updater sees the whole rank-1 block, each
 * POST_UPDATER hook sees one tensor (a matrix view, 'f' order like DL4J's dense weights) and
 * its update view; then {@code params -= update}. Returns the parameters after every step.
 */
final class TensorBlock {

    private TensorBlock() {
    }

    /**
     * @param shapes the tensors' shapes {rows, cols}, laid out one after another in the block
     * @param w0 the initial block parameters
     * @param gradients a fixed gradient sequence over the block
     */
    static double[][] trajectory(IUpdater updater, List<Regularization> hooks, int[][] shapes,
                                 double[] w0, double[][] gradients) {
        int n = w0.length;
        INDArray params = Nd4j.createFromArray(w0.clone());
        long stateSize = updater.stateSize(n);
        GradientUpdater<?> u = updater.instantiate(stateSize == 0 ? null : Nd4j.zeros(DataType.DOUBLE, stateSize), true);
        double[][] out = new double[gradients.length][];
        for (int t = 0; t < gradients.length; t++) {
            INDArray g = Nd4j.createFromArray(gradients[t].clone());
            u.applyUpdater(g, t, 0);
            double lr = updater.getLearningRate(t, 0);
            long offset = 0;
            for (int[] s : shapes) {
                long len = (long) s[0] * s[1];
                INDArray p = params.get(NDArrayIndex.interval(offset, offset + len)).reshape('f', s[0], s[1]);
                INDArray gv = g.get(NDArrayIndex.interval(offset, offset + len)).reshape('f', s[0], s[1]);
                for (Regularization h : hooks) {
                    h.apply(p, gv, lr, t, 0);
                }
                offset += len;
            }
            params.subi(g);
            out[t] = params.toDoubleVector();
        }
        return out;
    }

    /** Random initial parameters of length n (fixed seed). */
    static double[] initial(int n, long seed) {
        java.util.Random r = new java.util.Random(seed);
        double[] w = new double[n];
        for (int i = 0; i < n; i++) {
            w[i] = r.nextGaussian() * 0.5;
        }
        return w;
    }
}
