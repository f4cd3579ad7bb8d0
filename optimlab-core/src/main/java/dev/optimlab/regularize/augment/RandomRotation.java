package dev.optimlab.regularize.augment;

import java.util.List;

import dev.optimlab.optim.Hyperparameter;
import dev.optimlab.optim.Range;

/**
 * Small random rotation about the image centre, label-preserving (the "rotations" of Simard,
 * Steinkraus &amp; Platt, "Best Practices for Convolutional Neural Networks Applied to Visual
 * Document Analysis", ICDAR 2003): angle θ uniform in [−degrees, degrees], bilinear interpolation
 * (inverse mapping), zeros outside the source image. Hyperparameters: {@code degrees}, default 10;
 * {@code prob} per example, default 1.0. Keep the angle small for digits (6 vs 9).
 */
public final class RandomRotation extends PerExampleAugmentation {

    private static final long serialVersionUID = 1L;
    public static final Hyperparameter DEGREES = new Hyperparameter("degrees", 10, Range.NON_NEGATIVE,
            "largest rotation angle in degrees");
    public static final Hyperparameter PROB = prob(1.0);
    /** Declared once: read by the constructor checks, the registry, {@code optimlab list}. */
    public static final List<Hyperparameter> HYPERPARAMETERS = declare(DEGREES, PROB);

    private final double degrees;

    public RandomRotation(double degrees, double prob, int channels, int height, int width, long seed) {
        super("rotate", prob, channels, height, width, seed);
        this.degrees = DEGREES.check("rotate", degrees);
    }

    public double getDegrees() {
        return degrees;
    }

    @Override
    protected double[] augmentOne(double[] image, ImageShape shape) {
        double theta = Math.toRadians((2 * random.nextDouble() - 1) * degrees);
        return rotate(image, shape, theta);
    }

    /** Output pixel (y, x) samples the source at the inverse rotation of (y, x) about the centre. */
    static double[] rotate(double[] src, ImageShape shape, double theta) {
        int h = shape.height(), w = shape.width();
        double cy = (h - 1) / 2.0, cx = (w - 1) / 2.0;
        double cos = Math.cos(theta), sin = Math.sin(theta);
        double[] out = new double[src.length];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double sy = cos * (y - cy) - sin * (x - cx) + cy;
                double sx = sin * (y - cy) + cos * (x - cx) + cx;
                int y0 = (int) Math.floor(sy), x0 = (int) Math.floor(sx);
                double fy = sy - y0, fx = sx - x0;
                for (int c = 0; c < shape.channels(); c++) {
                    int base = c * h * w;
                    out[base + y * w + x] = (1 - fy) * ((1 - fx) * at(src, base, h, w, y0, x0) + fx * at(src, base, h, w, y0, x0 + 1))
                            + fy * ((1 - fx) * at(src, base, h, w, y0 + 1, x0) + fx * at(src, base, h, w, y0 + 1, x0 + 1));
                }
            }
        }
        return out;
    }

    private static double at(double[] src, int base, int h, int w, int y, int x) {
        return y < 0 || y >= h || x < 0 || x >= w ? 0 : src[base + y * w + x];
    }
}
