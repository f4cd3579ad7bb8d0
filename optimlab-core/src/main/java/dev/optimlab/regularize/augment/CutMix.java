package dev.optimlab.regularize.augment;

import java.util.List;

import dev.optimlab.optim.Hyperparameter;
import dev.optimlab.optim.Range;

/**
 * CutMix (Yun, Han, Oh, Chun, Choe &amp; Yoo, "CutMix: Regularization Strategy to Train Strong
 * Classifiers with Localizable Features", ICCV 2019, §3.1): with λ ~ Beta(α, α)
 * drawn once per batch, a box of size (H·√(1−λ)) × (W·√(1−λ)) with a uniformly random centre,
 * clipped to the image, is pasted from a permuted partner into every example of the batch; the
 * labels are mixed by the area actually pasted:
 *
 * <pre>
 *   x̃_i = M ⊙ x_i + (1 − M) ⊙ x_π(i)      λ′ = 1 − |box| / (H·W)      ỹ_i = λ′·y_i + (1 − λ′)·y_π(i)
 * </pre>
 *
 * Hyperparameters: {@code alpha} α &gt; 0, default 1.0 (λ uniform, the paper's choice);
 * {@code prob}, the probability a batch is mixed, default 0.5 (the authors' CIFAR scripts); image
 * keys {@code channels}, {@code height}, {@code width} for flat features. The box is the same for
 * all channels.
 */
public final class CutMix extends BatchMixing {

    private static final long serialVersionUID = 1L;
    public static final Hyperparameter ALPHA = new Hyperparameter("alpha", 1.0, Range.POSITIVE,
            "concentration α of the Beta(α, α) box area");
    public static final Hyperparameter PROB = prob(0.5);
    /** Declared once: read by the constructor checks, the registry, {@code optimlab list}. */
    public static final List<Hyperparameter> HYPERPARAMETERS = declare(ALPHA, PROB);

    public CutMix(double alpha, double prob, int channels, int height, int width, long seed) {
        super("cutmix", ALPHA, alpha, prob, channels, height, width, seed);
    }

    @Override
    protected void mix(double[][] images, double[][] labels, ImageShape shape, double lambda) {
        int h = shape.height(), w = shape.width();
        double cut = Math.sqrt(1 - lambda);
        int cutH = (int) (h * cut), cutW = (int) (w * cut);
        int cy = random.nextInt(h), cx = random.nextInt(w);
        int y0 = clamp(cy - cutH / 2, h), y1 = clamp(cy + cutH / 2, h);
        int x0 = clamp(cx - cutW / 2, w), x1 = clamp(cx + cutW / 2, w);
        double pasted = (double) (y1 - y0) * (x1 - x0) / (h * w);
        int[] partner = permutation(images.length);
        double[][] src = deepCopy(images);
        double[][] lab = deepCopy(labels);
        for (int i = 0; i < images.length; i++) {
            for (int c = 0; c < shape.channels(); c++) {
                for (int y = y0; y < y1; y++) {
                    for (int x = x0; x < x1; x++) {
                        int k = (c * h + y) * w + x;
                        images[i][k] = src[partner[i]][k];
                    }
                }
            }
            for (int k = 0; k < labels[i].length; k++) {
                labels[i][k] = (1 - pasted) * lab[i][k] + pasted * lab[partner[i]][k];
            }
        }
    }

    private static int clamp(int v, int size) {
        return Math.max(0, Math.min(size, v));
    }
}
