package dev.optimlab.regularize.augment;

import dev.optimlab.optim.Hyperparameter;

/**
 * An augmentation that mixes each example of a batch with a random partner and their labels
 * ({@link Mixup}, {@link CutMix}): with probability {@code prob} per batch, a weight λ ~ Beta(α, α)
 * drawn from the seeded {@link #random}, then the subclass's mixing. Both need labels.
 */
public abstract class BatchMixing extends ImageAugmentation {

    private static final long serialVersionUID = 1L;

    private final double alpha;

    /** @param alphaDeclaration the rule's declaration of α (its default differs), which checks it */
    protected BatchMixing(String component, Hyperparameter alphaDeclaration, double alpha, double prob, int channels,
                          int height, int width, long seed) {
        super(component, prob, channels, height, width, seed);
        this.alpha = alphaDeclaration.check(component, alpha);
    }

    public double getAlpha() {
        return alpha;
    }

    /** Mixes {@code images} and {@code labels} in place with weight {@code lambda} and partners from {@link #permutation}. */
    protected abstract void mix(double[][] images, double[][] labels, ImageShape shape, double lambda);

    @Override
    protected final void augment(double[][] images, double[][] labels, ImageShape shape) {
        if (labels == null) {
            throw new IllegalArgumentException(name() + ": the data set has no labels to mix");
        }
        if (random.nextDouble() >= prob) {
            return;
        }
        mix(images, labels, shape, BetaSampler.symmetric(alpha, random));
    }

    static double[][] deepCopy(double[][] a) {
        double[][] c = new double[a.length][];
        for (int i = 0; i < a.length; i++) {
            c[i] = a[i].clone();
        }
        return c;
    }
}
