package dev.optimlab.regularize.augment;

import java.io.Serializable;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * How to read a feature row as an image: rank-4 NCHW features carry their own shape; rank-2
 * features (e.g. DL4J's MNIST iterator, [N, 784]) are read as NCHW flattened in 'c' order with the
 * configured {@code channels}, {@code height}, {@code width}.
 */
record ImageShape(int channels, int height, int width) implements Serializable {

    /** The shape of {@code features}, or a clear error if it cannot be an image. */
    static ImageShape of(INDArray features, int channels, int height, int width, String component) {
        if (features.rank() == 4) {
            return new ImageShape((int) features.size(1), (int) features.size(2), (int) features.size(3));
        }
        if (features.rank() == 2 && channels > 0 && height > 0 && width > 0
                && features.size(1) == (long) channels * height * width) {
            return new ImageShape(channels, height, width);
        }
        throw new IllegalArgumentException(component + ": expected NCHW features, or [N, channels·height·width]"
                + " with channels, height, width set; got shape " + java.util.Arrays.toString(features.shape())
                + " with channels=" + channels + ", height=" + height + ", width=" + width);
    }

    int pixels() {
        return height * width;
    }

    int size() {
        return channels * height * width;
    }
}
