package dev.optimlab.optim;

import java.util.Random;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.AdaBeliefUpdater;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.IUpdater;

/**
 * Drives an updater the way a DL4J updater block does (one flat state view, rank-1 gradient,
 * 0-based iteration) over a fixed pseudo-random gradient sequence, and returns every update.
 */
final class UpdateSequence {

    private UpdateSequence() {
    }

    /** A reproducible gradient sequence: {@code steps × n}, scales varying over 4 decades. */
    static double[][] gradients(int steps, int n, long seed) {
        Random r = new Random(seed);
        double[][] g = new double[steps][n];
        for (int t = 0; t < steps; t++) {
            for (int i = 0; i < n; i++) {
                g[t][i] = r.nextGaussian() * Math.pow(10, (i % 5) - 2);
            }
        }
        return g;
    }

    /** The updates {@code u_t} that DL4J would subtract from the parameters. */
    static double[][] updates(IUpdater updater, double[][] gradients, DataType dtype) {
        int n = gradients[0].length;
        long stateSize = updater.stateSize(n);
        INDArray view = stateSize == 0 ? null : Nd4j.zeros(dtype, stateSize);
        GradientUpdater<?> u = instantiate(updater, view, n);
        double[][] out = new double[gradients.length][];
        for (int t = 0; t < gradients.length; t++) {
            INDArray g = Nd4j.createFromArray(gradients[t]).castTo(dtype);
            u.applyUpdater(g, t, 0);
            out[t] = g.castTo(DataType.DOUBLE).toDoubleVector();
        }
        return out;
    }

    /**
     * As a DL4J updater block would; except that DL4J 1.0.0-M2.1's AdaBelief cannot instantiate
     * itself (it indexes shape[1] of the rank-1 view), so its updater is given the {@code [1, 2n]}
     * view it expects directly.
     */
    static GradientUpdater<?> instantiate(IUpdater updater, INDArray view, int n) {
        if (updater instanceof org.nd4j.linalg.learning.config.AdaBelief cfg) {
            AdaBeliefUpdater u = new AdaBeliefUpdater(cfg);
            u.setStateViewArray(view.reshape(1, view.length()), new long[] {n}, 'c', true);
            return u;
        }
        return OptimizerCases.started(updater.instantiate(view, true), n);
    }

    /** One step of a reference rule: fills {@code u} with u_t from g_t, t counted from 1. */
    @FunctionalInterface
    interface ReferenceStep {
        void apply(int t, double[] g, double[] u);
    }

    /**
     * The updates of a reference rule over {@code gradients}; the rule's state lives in the
     * caller's arrays, captured by {@code step}.
     */
    static double[][] reference(double[][] gradients, ReferenceStep step) {
        double[][] u = new double[gradients.length][gradients[0].length];
        for (int t = 1; t <= gradients.length; t++) {
            step.apply(t, gradients[t - 1], u[t - 1]);
        }
        return u;
    }

    static double maxAbsDiff(double[][] a, double[][] b) {
        double max = 0;
        for (int t = 0; t < a.length; t++) {
            for (int i = 0; i < a[t].length; i++) {
                max = Math.max(max, Math.abs(a[t][i] - b[t][i]));
            }
        }
        return max;
    }

    /**
     * Step-wise relative difference: max over steps of ‖a_t − b_t‖∞ / ‖b_t‖∞. Elementwise
     * relative error is meaningless in float where a moment crosses zero (cancellation), so each
     * step is measured against the size of that step's update.
     */
    static double maxRelDiff(double[][] a, double[][] b) {
        double max = 0;
        for (int t = 0; t < a.length; t++) {
            double diff = 0;
            double scale = 0;
            for (int i = 0; i < a[t].length; i++) {
                diff = Math.max(diff, Math.abs(a[t][i] - b[t][i]));
                scale = Math.max(scale, Math.abs(b[t][i]));
            }
            max = Math.max(max, scale == 0 ? diff : diff / scale);
        }
        return max;
    }
}
