package dev.optimlab.optim;

import java.util.List;
import java.util.function.BiFunction;

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
 * BEFORE_UPDATER hook (the raw gradient) and POST_UPDATER hook (the update) sees one tensor (a matrix view, 'f' order like DL4J's dense weights) and
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
        return trajectory(updater, hooks, shapes, w0, gradients.length, (w, t) -> gradients[t]);
    }

    /** As above, with the gradient a function of the current block parameters and the 0-based step. */
    static double[][] trajectory(IUpdater updater, List<Regularization> hooks, int[][] shapes,
                                 double[] w0, int steps, BiFunction<double[], Integer, double[]> gradient) {
        return trajectory(updater, hooks, shapes, w0, steps, gradient, DataType.DOUBLE);
    }

    /** As above, with parameters, gradient and state in {@code type}. */
    static double[][] trajectory(IUpdater updater, List<Regularization> hooks, int[][] shapes, double[] w0,
                                 int steps, BiFunction<double[], Integer, double[]> gradient, DataType type) {
        int n = w0.length;
        INDArray params = Nd4j.createFromArray(w0.clone()).castTo(type);
        double[][] out = new double[steps][];
        INDArray[] pViews = new INDArray[shapes.length];
        INDArray[] gViews = new INDArray[shapes.length];
        INDArray[] gFlat = new INDArray[shapes.length];
        INDArray g = Nd4j.zeros(type, n);
        long offset = 0;
        for (int k = 0; k < shapes.length; k++) {
            long len = (long) shapes[k][0] * shapes[k][1];
            pViews[k] = params.get(NDArrayIndex.interval(offset, offset + len)).reshape('f', shapes[k][0], shapes[k][1]);
            gFlat[k] = g.get(NDArrayIndex.interval(offset, offset + len));
            gViews[k] = gFlat[k].reshape('f', shapes[k][0], shapes[k][1]);
            offset += len;
        }
        GradientUpdater<?>[] updaters = instantiate(updater, shapes, params, type);
        for (int t = 0; t < steps; t++) {
            g.assign(Nd4j.createFromArray(gradient.apply(params.toDoubleVector(), t).clone()).castTo(type));
            double lr = updater.getLearningRate(t, 0);
            runHooks(hooks, Regularization.ApplyStep.BEFORE_UPDATER, pViews, gViews, lr, t);
            if (updaters.length == 1) {
                updaters[0].applyUpdater(g, t, 0);
            } else {
                for (int k = 0; k < shapes.length; k++) {
                    updaters[k].applyUpdater(gFlat[k], t, 0);
                }
            }
            runHooks(hooks, Regularization.ApplyStep.POST_UPDATER, pViews, gViews, lr, t);
            params.subi(g);
            out[t] = params.toDoubleVector();
        }
        return out;
    }

    /**
     * One updater over the block, or, for a {@link OptimLabUpdater.Requirement#PER_LAYER_WIRING}
     * prototype, one per tensor with the configuration its wiring gives a hidden [nOut × nIn]
     * matrix (as OptimizerWiring does, each tensor then its own block); a state that must start
     * at the initial weights is started at {@code params}, as ScheduleFree.start does.
     */
    private static GradientUpdater<?>[] instantiate(IUpdater updater, int[][] shapes, INDArray params, DataType type) {
        java.util.Set<OptimLabUpdater.Requirement> req = updater instanceof OptimLabUpdater o
                ? o.requirements() : java.util.Set.of();
        if (req.contains(OptimLabUpdater.Requirement.PER_LAYER_WIRING)) {
            GradientUpdater<?>[] us = new GradientUpdater<?>[shapes.length];
            for (int k = 0; k < shapes.length; k++) {
                IUpdater c = ((OptimLabUpdater) updater).forWeightMatrix(shapes[k][1], shapes[k][0], k);
                us[k] = single(c, (long) shapes[k][0] * shapes[k][1], type);
            }
            return us;
        }
        GradientUpdater<?> u = single(updater, params.length(), type);
        if (req.contains(OptimLabUpdater.Requirement.START_AT_INITIAL_WEIGHTS)) {
            ((ScheduleFreeUpdater.State<?>) u).start(params);
        }
        return new GradientUpdater<?>[] {u};
    }

    private static GradientUpdater<?> single(IUpdater updater, long n, DataType type) {
        long stateSize = updater.stateSize(n);
        return updater.instantiate(stateSize == 0 ? null : Nd4j.zeros(type, stateSize), true);
    }

    private static void runHooks(List<Regularization> hooks, Regularization.ApplyStep step, INDArray[] p,
                                 INDArray[] g, double lr, int t) {
        for (int k = 0; k < p.length; k++) {
            for (Regularization h : hooks) {
                if (h.applyStep() == step) {
                    h.apply(p[k], g[k], lr, t, 0);
                }
            }
        }
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
