package dev.optimlab.run;

import java.util.ArrayList;
import java.util.List;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.IUpdater;

import dev.optimlab.problem.Surface;

/**
 * An optimizer's path on a 2-D surface, driven through exactly the code path of training: the
 * updater's {@link GradientUpdater} on a 2-element parameter vector with its state in a
 * DL4J-style flat state array, the gradient overwritten by the update, then θ ← θ − u.
 *
 * @param points θ_0 … θ_T as {x, y, f}
 * @param stepsToTolerance first step with f(θ) − f* ≤ tolerance, or −1 if never (or f* = −∞)
 * @param diverged whether θ or f became non-finite or left a box of radius 1e6
 */
public record Trajectory(List<double[]> points, int stepsToTolerance, boolean diverged)
        implements java.io.Serializable {

    public double[] last() {
        return points.get(points.size() - 1);
    }

    public static Trajectory run(Surface surface, IUpdater updater, int steps, double tolerance) {
        long stateSize = updater.stateSize(2);
        INDArray state = stateSize == 0 ? null : Nd4j.zeros(DataType.DOUBLE, stateSize);
        GradientUpdater<?> u = updater.instantiate(state, true);
        double[] theta = surface.start();
        List<double[]> points = new ArrayList<>();
        points.add(new double[] {theta[0], theta[1], surface.value(theta[0], theta[1])});
        int reached = reached(surface, points.get(0)[2], tolerance) ? 0 : -1;
        for (int t = 0; t < steps; t++) {
            INDArray g = Nd4j.createFromArray(surface.gradient(theta[0], theta[1]));
            u.applyUpdater(g, t, 0);
            theta[0] -= g.getDouble(0);
            theta[1] -= g.getDouble(1);
            double f = surface.value(theta[0], theta[1]);
            if (!Double.isFinite(f) || Math.abs(theta[0]) > 1e6 || Math.abs(theta[1]) > 1e6) {
                return new Trajectory(points, reached, true);
            }
            points.add(new double[] {theta[0], theta[1], f});
            if (reached < 0 && reached(surface, f, tolerance)) {
                reached = t + 1;
            }
        }
        return new Trajectory(points, reached, false);
    }

    private static boolean reached(Surface s, double f, double tolerance) {
        return Double.isFinite(s.minValue()) && f - s.minValue() <= tolerance;
    }
}
