package dev.optimlab.regularize.augment;

import java.util.List;

import dev.optimlab.optim.Hyperparameter;
import dev.optimlab.optim.Range;

/**
 * Random translation, label-preserving: each example is shifted by (dy, dx) drawn uniformly from
 * {−size, …, size}², with zeros shifted in: the translations of Krizhevsky, Sutskever &amp; Hinton
 * (NIPS 2012, §4.1) as zero-pad-and-crop. Hyperparameters: {@code size} (maximum
 * shift in pixels, default 2); {@code prob} per example, default 1.0.
 */
public final class RandomShift extends PerExampleAugmentation {

    private static final long serialVersionUID = 1L;
    public static final Hyperparameter SIZE = new Hyperparameter("size", 2, Range.NON_NEGATIVE,
            "largest shift in pixels (a whole number)");
    public static final Hyperparameter PROB = prob(1.0);
    /** Declared once: read by the constructor checks, the registry, {@code optimlab list}. */
    public static final List<Hyperparameter> HYPERPARAMETERS = declare(SIZE, PROB);

    private final int size;

    public RandomShift(int size, double prob, int channels, int height, int width, long seed) {
        super("shift", prob, channels, height, width, seed);
        this.size = (int) SIZE.check("shift", size);
    }

    public int getSize() {
        return size;
    }

    @Override
    protected double[] augmentOne(double[] image, ImageShape shape) {
        int h = shape.height(), w = shape.width();
        int dy = random.nextInt(2 * size + 1) - size;
        int dx = random.nextInt(2 * size + 1) - size;
        double[] src = image.clone();
        for (int c = 0; c < shape.channels(); c++) {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int sy = y - dy, sx = x - dx;
                    boolean inside = sy >= 0 && sy < h && sx >= 0 && sx < w;
                    image[(c * h + y) * w + x] = inside ? src[(c * h + sy) * w + sx] : 0;
                }
            }
        }
        return image;
    }
}
