package dev.optimlab.regularize.augment;

/**
 * Random translation, label-preserving: each example is shifted by (dy, dx) drawn uniformly from
 * {−size, …, size}², with zeros shifted in: the translations of Krizhevsky, Sutskever &amp; Hinton
 * (NIPS 2012, §4.1) as zero-pad-and-crop. Hyperparameters: {@code size} (maximum
 * shift in pixels, default 2); {@code prob} per example, default 1.0.
 */
public final class RandomShift extends ImageAugmentation {

    private static final long serialVersionUID = 1L;
    public static final int DEFAULT_SIZE = 2;

    private final int size;

    public RandomShift(int size, double prob, int channels, int height, int width, long seed) {
        super("shift", prob, channels, height, width, seed);
        if (size < 0) {
            throw new IllegalArgumentException("shift: size must be >= 0, got " + size);
        }
        this.size = size;
    }

    public int getSize() {
        return size;
    }

    @Override
    protected String name() {
        return "shift";
    }

    @Override
    protected void augment(double[][] images, double[][] labels, ImageShape shape) {
        int h = shape.height(), w = shape.width();
        for (int i = 0; i < images.length; i++) {
            if (random.nextDouble() >= prob) {
                continue;
            }
            int dy = random.nextInt(2 * size + 1) - size;
            int dx = random.nextInt(2 * size + 1) - size;
            double[] src = images[i].clone();
            for (int c = 0; c < shape.channels(); c++) {
                for (int y = 0; y < h; y++) {
                    for (int x = 0; x < w; x++) {
                        int sy = y - dy, sx = x - dx;
                        boolean inside = sy >= 0 && sy < h && sx >= 0 && sx < w;
                        images[i][(c * h + y) * w + x] = inside ? src[(c * h + sy) * w + sx] : 0;
                    }
                }
            }
        }
    }
}
