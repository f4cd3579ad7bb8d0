package dev.optimlab.regularize.augment;

/**
 * An augmentation applied to each example on its own ({@link Cutout}, {@link HorizontalFlip},
 * {@link RandomRotation}, {@link RandomShift}): each example is augmented with probability
 * {@code prob}, drawn from the seeded {@link #random} before the example's own draws, so a
 * subclass is only what it does to one image.
 */
public abstract class PerExampleAugmentation extends ImageAugmentation {

    private static final long serialVersionUID = 1L;

    protected PerExampleAugmentation(String component, double prob, int channels, int height, int width, long seed) {
        super(component, prob, channels, height, width, seed);
    }

    /** The augmented example ({@code image} changed in place or a new array), C×H×W as {@code shape} says. */
    protected abstract double[] augmentOne(double[] image, ImageShape shape);

    @Override
    protected final void augment(double[][] images, double[][] labels, ImageShape shape) {
        for (int i = 0; i < images.length; i++) {
            if (random.nextDouble() < prob) {
                images[i] = augmentOne(images[i], shape);
            }
        }
    }
}
