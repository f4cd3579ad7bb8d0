package dev.optimlab.regularize.augment;

import java.util.List;

import dev.optimlab.optim.Hyperparameter;
import dev.optimlab.optim.Range;

/**
 * Cutout (DeVries &amp; Taylor, "Improved Regularization of Convolutional Neural Networks with
 * Cutout", arXiv:1708.04552, 2017, §3): a {@code size}×{@code size} square with a uniformly random
 * centre anywhere in the image is set to 0 in all channels; near the border the square is partly
 * outside and only its inside part is cut, as in the paper ("allow the patch to lie partially
 * outside"). Labels are unchanged.
 *
 * <p>Hyperparameters: {@code size} in pixels, default 8 (the paper used 16 on 32×32 CIFAR-10 and 8
 * on CIFAR-100); {@code prob}, the per-example probability, default 1.0 (the paper's choice). 0 is the
 * fill value, which is the mean only if features were standardized first, as in the paper.
 */
public final class Cutout extends PerExampleAugmentation {

    private static final long serialVersionUID = 1L;
    public static final Hyperparameter SIZE = new Hyperparameter("size", 8, Range.AT_LEAST_ONE,
            "side of the square cut out, in pixels (a whole number)");
    public static final Hyperparameter PROB = prob(1.0);
    /** Declared once: read by the constructor checks, the registry, {@code optimlab list}. */
    public static final List<Hyperparameter> HYPERPARAMETERS = declare(SIZE, PROB);

    private final int size;

    public Cutout(int size, double prob, int channels, int height, int width, long seed) {
        super("cutout", prob, channels, height, width, seed);
        this.size = (int) SIZE.check("cutout", size);
    }

    public int getSize() {
        return size;
    }

    @Override
    protected double[] augmentOne(double[] image, ImageShape shape) {
        int h = shape.height(), w = shape.width();
        int cy = random.nextInt(h), cx = random.nextInt(w);
        int y0 = Math.max(0, cy - size / 2), y1 = Math.min(h, cy - size / 2 + size);
        int x0 = Math.max(0, cx - size / 2), x1 = Math.min(w, cx - size / 2 + size);
        for (int c = 0; c < shape.channels(); c++) {
            for (int y = y0; y < y1; y++) {
                for (int x = x0; x < x1; x++) {
                    image[(c * h + y) * w + x] = 0;
                }
            }
        }
        return image;
    }
}
