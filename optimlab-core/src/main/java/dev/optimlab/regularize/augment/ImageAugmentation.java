package dev.optimlab.regularize.augment;

import java.util.List;
import java.util.ArrayList;
import java.util.Random;

import dev.optimlab.optim.Hyperparameter;
import dev.optimlab.optim.Range;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.DataSet;
import org.nd4j.linalg.dataset.api.DataSetPreProcessor;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Base of the image augmentations: reads each example as a C×H×W image (see {@link ImageShape}),
 * lets the subclass rewrite the batch in double precision, and writes the result back in the
 * features' data type and shape. Randomness comes from a {@link Random} seeded at construction, so
 * a given seed gives the same sequence of augmented batches whatever else uses ND4J's RNG.
 *
 * <p>Use as {@code iterator.setPreProcessor(augmentation)} on the <em>training</em> iterator only.
 * Hyperparameter {@code prob}: the probability that an example (or, for batch-level mixing, a
 * batch) is augmented. Image-shape keys {@code channels}, {@code height}, {@code width} are needed
 * only for flat features.
 */
public abstract class ImageAugmentation implements DataSetPreProcessor {

    private static final long serialVersionUID = 1L;

    public static final Hyperparameter CHANNELS = new Hyperparameter("channels", 0, Range.NON_NEGATIVE,
            "channels of the image (0: read from NCHW features)");
    public static final Hyperparameter HEIGHT = new Hyperparameter("height", 0, Range.NON_NEGATIVE,
            "height of the image (0: read from NCHW features)");
    public static final Hyperparameter WIDTH = new Hyperparameter("width", 0, Range.NON_NEGATIVE,
            "width of the image (0: read from NCHW features)");

    protected final double prob;
    protected final int channels;
    protected final int height;
    protected final int width;
    protected final long seed;
    protected final Random random;
    /** The spec name, given once to the constructor, for messages. */
    private final String component;

    protected ImageAugmentation(String component, double prob, int channels, int height, int width, long seed) {
        this.prob = Range.UNIT_CLOSED.check(component, "prob", prob); // each augmentation declares its default
        this.channels = (int) CHANNELS.check(component, channels);
        this.height = (int) HEIGHT.check(component, height);
        this.width = (int) WIDTH.check(component, width);
        this.seed = seed;
        this.random = new Random(scramble(seed));
        this.component = component;
    }

    /** The probability that a batch is augmented, with the augmentation's default. */
    protected static Hyperparameter prob(double defaultValue) {
        return new Hyperparameter("prob", defaultValue, Range.UNIT_CLOSED, "probability that a batch is augmented");
    }

    /** An image augmentation's declaration: its own keys, then {@code channels, height, width}. */
    protected static List<Hyperparameter> declare(Hyperparameter... own) {
        List<Hyperparameter> all = new ArrayList<>(List.of(own));
        all.addAll(List.of(CHANNELS, HEIGHT, WIDTH));
        return List.copyOf(all);
    }

    /** Rewrites {@code images} ([N][C·H·W], NCHW per row) and, if mixing, {@code labels} ([N][K]). */
    protected abstract void augment(double[][] images, double[][] labels, ImageShape shape);

    /** False for augmentations that treat an example as a flat vector (mixup). */
    protected boolean needsImageShape() {
        return true;
    }

    /** The spec name, for messages. */
    protected final String name() {
        return component;
    }

    @Override
    public void preProcess(DataSet dataSet) {
        INDArray features = dataSet.getFeatures();
        int n = (int) features.size(0);
        ImageShape shape = needsImageShape() ? ImageShape.of(features, channels, height, width, name())
                : new ImageShape(1, 1, (int) (features.length() / n));
        double[][] images = features.reshape('c', n, shape.size()).toDoubleMatrix();
        INDArray labels = dataSet.getLabels();
        double[][] y = labels == null ? null : labels.toDoubleMatrix();
        augment(images, y, shape);
        dataSet.setFeatures(Nd4j.create(images).castTo(features.dataType()).reshape('c', features.shape()));
        if (y != null) {
            dataSet.setLabels(Nd4j.create(y).castTo(labels.dataType()).reshape('c', labels.shape()));
        }
    }

    /**
     * SplitMix64's finalizer: java.util.Random's first draws are nearly equal for adjacent seeds
     * (seeds 42 and 43 give first nextDouble() values 0.72756 and 0.72747), which would make neighbouring trial
     * seeds augment the first batch alike.
     */
    static long scramble(long seed) {
        long z = seed + 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** A uniformly random permutation of 0..n−1 (Fisher–Yates): the mixing partners. */
    protected int[] permutation(int n) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    public double getProb() {
        return prob;
    }

    public long getSeed() {
        return seed;
    }
}
