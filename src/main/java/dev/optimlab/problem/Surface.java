package dev.optimlab.problem;

import java.util.Arrays;
import java.util.List;

/**
 * Two-dimensional test functions for optimizer trajectories, with analytic gradients, a
 * conventional start point, the global minimum (where one exists) and a plotting window.
 */
public enum Surface {

    /** Rosenbrock's banana valley (Rosenbrock 1960): f = (1 − x)² + 100(y − x²)², min f(1, 1) = 0. */
    ROSENBROCK("rosenbrock", -1.2, 1.0, 1.0, 1.0, 0.0, -2, 2, -1, 3) {
        @Override
        public double value(double x, double y) {
            return (1 - x) * (1 - x) + 100 * (y - x * x) * (y - x * x);
        }

        @Override
        public double[] gradient(double x, double y) {
            return new double[] {-2 * (1 - x) - 400 * x * (y - x * x), 200 * (y - x * x)};
        }
    },
    /** Beale's function: f = (1.5 − x + xy)² + (2.25 − x + xy²)² + (2.625 − x + xy³)², min f(3, 0.5) = 0. */
    BEALE("beale", 1.0, 1.5, 3.0, 0.5, 0.0, -1, 4.5, -2, 2.5) {
        @Override
        public double value(double x, double y) {
            double a = 1.5 - x + x * y;
            double b = 2.25 - x + x * y * y;
            double c = 2.625 - x + x * y * y * y;
            return a * a + b * b + c * c;
        }

        @Override
        public double[] gradient(double x, double y) {
            double a = 1.5 - x + x * y;
            double b = 2.25 - x + x * y * y;
            double c = 2.625 - x + x * y * y * y;
            return new double[] {
                2 * a * (y - 1) + 2 * b * (y * y - 1) + 2 * c * (y * y * y - 1),
                2 * a * x + 2 * b * 2 * x * y + 2 * c * 3 * x * y * y};
        }
    },
    /** An ill-conditioned quadratic, condition number 50: f = ½(x² + 50y²), min f(0, 0) = 0. */
    ILL_CONDITIONED("ill-conditioned", -4.0, 1.0, 0.0, 0.0, 0.0, -5, 5, -2, 2) {
        @Override
        public double value(double x, double y) {
            return 0.5 * (x * x + 50 * y * y);
        }

        @Override
        public double[] gradient(double x, double y) {
            return new double[] {x, 50 * y};
        }
    },
    /** The saddle f = x² − y²: a stationary point at the origin that is not a minimum; f is unbounded below. */
    SADDLE("saddle", 1.5, 1e-3, Double.NaN, Double.NaN, Double.NEGATIVE_INFINITY, -2, 2, -2, 2) {
        @Override
        public double value(double x, double y) {
            return x * x - y * y;
        }

        @Override
        public double[] gradient(double x, double y) {
            return new double[] {2 * x, -2 * y};
        }
    },
    /** Rastrigin's function (A = 10): f = 20 + Σ (z² − 10 cos 2πz), many local minima, min f(0, 0) = 0. */
    RASTRIGIN("rastrigin", 3.2, -2.7, 0.0, 0.0, 0.0, -5.12, 5.12, -5.12, 5.12) {
        @Override
        public double value(double x, double y) {
            return 20 + x * x - 10 * Math.cos(2 * Math.PI * x) + y * y - 10 * Math.cos(2 * Math.PI * y);
        }

        @Override
        public double[] gradient(double x, double y) {
            return new double[] {2 * x + 20 * Math.PI * Math.sin(2 * Math.PI * x),
                2 * y + 20 * Math.PI * Math.sin(2 * Math.PI * y)};
        }
    };

    private final String id;
    private final double[] start;
    private final double[] minimum;
    private final double minValue;
    private final double[] window;

    Surface(String id, double x0, double y0, double xMin, double yMin, double fMin,
            double left, double right, double bottom, double top) {
        this.id = id;
        this.start = new double[] {x0, y0};
        this.minimum = new double[] {xMin, yMin};
        this.minValue = fMin;
        this.window = new double[] {left, right, bottom, top};
    }

    public abstract double value(double x, double y);

    public abstract double[] gradient(double x, double y);

    /** Spec name. */
    public String id() {
        return id;
    }

    public double[] start() {
        return start.clone();
    }

    /** The global minimizer, or NaNs where there is none (the saddle). */
    public double[] minimum() {
        return minimum.clone();
    }

    /** The global minimum value; −∞ when f is unbounded below. */
    public double minValue() {
        return minValue;
    }

    /** Plot window {left, right, bottom, top}. */
    public double[] window() {
        return window.clone();
    }

    public static List<String> ids() {
        return Arrays.stream(values()).map(Surface::id).toList();
    }

    public static Surface byId(String id) {
        for (Surface s : values()) {
            if (s.id.equals(id)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown surface '" + id + "'; allowed: " + String.join(", ", ids()));
    }
}
