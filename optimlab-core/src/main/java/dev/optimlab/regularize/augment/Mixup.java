package dev.optimlab.regularize.augment;

import java.util.List;

import dev.optimlab.optim.Hyperparameter;
import dev.optimlab.optim.Range;

/**
 * mixup (Zhang, Cisse, Dauphin &amp; Lopez-Paz, "mixup: Beyond Empirical Risk Minimization", ICLR
 * 2018, §2 and the code of Figure 1a): with λ ~ Beta(α, α) drawn once per batch and a random permutation π
 * of the batch,
 *
 * <pre>
 *   x̃_i = λ·x_i + (1 − λ)·x_π(i)        ỹ_i = λ·y_i + (1 − λ)·y_π(i)
 * </pre>
 *
 * so one-hot labels become soft labels that still sum to 1. Hyperparameters: {@code alpha} α &gt; 0,
 * default 0.2 (the paper's ImageNet range is 0.1–0.4; it used 1.0 on CIFAR-10); {@code prob}, the
 * probability a batch is mixed, default 1.0. One λ per batch and mixing with a permuted copy of the
 * same batch follow the authors' reference code. Works on any feature shape. Pair it with a loss
 * that accepts soft labels (DL4J's MCXENT or {@code LabelSmoothingCrossEntropy}).
 */
public final class Mixup extends BatchMixing {

    private static final long serialVersionUID = 1L;
    public static final Hyperparameter ALPHA = new Hyperparameter("alpha", 0.2, Range.POSITIVE,
            "concentration α of the Beta(α, α) mixing weight λ");
    public static final Hyperparameter PROB = prob(1.0);
    /** Declared once: read by the constructor checks, the registry, {@code optimlab list}. */
    public static final List<Hyperparameter> HYPERPARAMETERS = List.of(ALPHA, PROB);

    public Mixup(double alpha, double prob, long seed) {
        super("mixup", ALPHA, alpha, prob, 0, 0, 0, seed);
    }

    @Override
    protected boolean needsImageShape() {
        return false;
    }

    @Override
    protected void mix(double[][] images, double[][] labels, ImageShape shape, double lambda) {
        int[] partner = permutation(images.length);
        double[][] x0 = deepCopy(images);
        double[][] y0 = deepCopy(labels);
        for (int i = 0; i < images.length; i++) {
            mix(images[i], x0[i], x0[partner[i]], lambda);
            mix(labels[i], y0[i], y0[partner[i]], lambda);
        }
    }

    private static void mix(double[] out, double[] a, double[] b, double lambda) {
        for (int k = 0; k < out.length; k++) {
            out[k] = lambda * a[k] + (1 - lambda) * b[k];
        }
    }
}
