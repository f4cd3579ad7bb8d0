package dev.optimlab.regularize.augment;

import java.util.List;

import dev.optimlab.optim.Hyperparameter;

/**
 * Random horizontal (left–right) flip, label-preserving only where the classes are mirror-symmetric
 * (natural images, CIFAR: yes; digits and text, MNIST: <b>no</b>, so leave it out there). Each example
 * is mirrored with probability {@code prob}, default 0.5 (Krizhevsky, Sutskever &amp; Hinton,
 * "ImageNet Classification with Deep Convolutional Neural Networks", NIPS 2012, §4.1).
 */
public final class HorizontalFlip extends PerExampleAugmentation {

    private static final long serialVersionUID = 1L;
    public static final Hyperparameter PROB = prob(0.5);
    /** Declared once: read by the constructor checks, the registry, {@code optimlab list}. */
    public static final List<Hyperparameter> HYPERPARAMETERS = declare(PROB);

    public HorizontalFlip(double prob, int channels, int height, int width, long seed) {
        super("flip", prob, channels, height, width, seed);
    }

    @Override
    protected double[] augmentOne(double[] image, ImageShape shape) {
        int w = shape.width();
        for (int row = 0; row < shape.channels() * shape.height(); row++) {
            for (int x = 0; x < w / 2; x++) {
                int a = row * w + x, b = row * w + (w - 1 - x);
                double t = image[a];
                image[a] = image[b];
                image[b] = t;
            }
        }
        return image;
    }
}
