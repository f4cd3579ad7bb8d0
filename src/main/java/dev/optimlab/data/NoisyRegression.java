package dev.optimlab.data;

import java.util.List;
import java.util.Random;
import java.util.function.DoubleUnaryOperator;

/**
 * The lecture's exercise data: {@code y = f(x) + ε}, x uniform on [xMin, xMax], ε ~ N(0, σ²),
 * and a fraction of outliers whose noise is {@code outlierScale}·σ·|N(0,1)| with a random sign
 * (heavy, one-sided per point, so that MSE and MAE fits part visibly).
 *
 * <p>Functions: {@code linear} (2x + 1), {@code cubic} (x³ − 2x), {@code sin} (sin(2x)·2 + 0.5x),
 * {@code peaks} (one tall and three small Gaussian bumps — the "MSE fits the big peak" target).
 */
public record NoisyRegression(String function, int n, double noise, double outlierFraction,
                              double outlierScale, double xMin, double xMax) {

    public static final List<String> FUNCTIONS = List.of("linear", "cubic", "sin", "peaks");

    public NoisyRegression {
        truth(function); // validates the name
        if (n < 1) {
            throw new IllegalArgumentException("n must be ≥ 1, got " + n);
        }
        if (noise < 0) {
            throw new IllegalArgumentException("noise must be ≥ 0, got " + noise);
        }
        if (outlierFraction < 0 || outlierFraction > 1) {
            throw new IllegalArgumentException("outlierFraction must be in [0, 1], got " + outlierFraction);
        }
        if (!(xMax > xMin)) {
            throw new IllegalArgumentException("xMax must exceed xMin, got [" + xMin + ", " + xMax + "]");
        }
    }

    /** The noise-free target function. */
    public static DoubleUnaryOperator truth(String function) {
        return switch (function) {
            case "linear" -> x -> 2 * x + 1;
            case "cubic" -> x -> x * x * x - 2 * x;
            case "sin" -> x -> 2 * Math.sin(2 * x) + 0.5 * x;
            case "peaks" -> x -> 4 * bump(x, 0, 0.3) + 0.8 * bump(x, -2, 0.25) + 0.8 * bump(x, 2, 0.25)
                    + 0.6 * bump(x, 1, 0.2);
            default -> throw new IllegalArgumentException("unknown function '" + function + "'; allowed: "
                    + String.join(", ", FUNCTIONS));
        };
    }

    /** The formula of {@code function}, for reports. */
    public static String formula(String function) {
        return switch (function) {
            case "linear" -> "2x + 1";
            case "cubic" -> "x³ − 2x";
            case "sin" -> "2·sin(2x) + 0.5x";
            case "peaks" -> "4·φ(x; 0, 0.3) + 0.8·φ(x; ±2, 0.25) + 0.6·φ(x; 1, 0.2), φ an unnormalized Gaussian bump";
            default -> throw new IllegalArgumentException("unknown function '" + function + "'");
        };
    }

    private static double bump(double x, double centre, double width) {
        double z = (x - centre) / width;
        return Math.exp(-0.5 * z * z);
    }

    /** {@code n} examples drawn with {@code seed}. */
    public LabeledData sample(long seed) {
        Random r = new Random(seed);
        DoubleUnaryOperator f = truth(function);
        double[][] x = new double[n][1];
        double[][] y = new double[n][1];
        for (int i = 0; i < n; i++) {
            x[i][0] = xMin + (xMax - xMin) * r.nextDouble();
            double e = noise * r.nextGaussian();
            if (r.nextDouble() < outlierFraction) {
                e = (r.nextBoolean() ? 1 : -1) * outlierScale * Math.max(noise, 1e-3) * Math.abs(r.nextGaussian());
            }
            y[i][0] = f.applyAsDouble(x[i][0]) + e;
        }
        return LabeledData.regression(x, y);
    }

    /** {@code points} evenly spaced x over the domain, as a one-column feature matrix. */
    public double[][] grid(int points) {
        double[][] g = new double[points][1];
        for (int i = 0; i < points; i++) {
            g[i][0] = xMin + (xMax - xMin) * i / (points - 1.0);
        }
        return g;
    }
}
