package dev.optimlab.regularize.augment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.Test;

/**
 * Which pixels each augmentation moves, read back from its output: images of distinct random
 * values (no two pixels equal, none zero) make every transformation identifiable, so each test
 * recovers the shift, square, box or angle that was applied and checks it against the class's
 * definition, and counts how often examples are augmented against {@code prob}. Frequencies use
 * bounds of at least 4 binomial standard errors.
 */
class AugmentationGeometryTest {

    private static final int C = 2;
    private static final int H = 7;
    private static final int W = 6;
    private static final ImageShape SHAPE = new ImageShape(C, H, W);

    /** {@code n} images with distinct values in (1, 2), none zero. */
    private static double[][] images(int n, long seed) {
        Random r = new Random(seed);
        double[][] x = new double[n][C * H * W];
        for (double[] row : x) {
            for (int k = 0; k < row.length; k++) {
                row[k] = 1 + r.nextDouble();
            }
        }
        return x;
    }

    private static double[][] copy(double[][] a) {
        return Mixup.deepCopy(a);
    }

    /** A copy of {@code in} augmented by {@code a} without labels; {@code in} is left as it was. */
    private static double[][] augmented(ImageAugmentation a, double[][] in, ImageShape shape) {
        double[][] out = copy(in);
        a.augment(out, null, shape);
        return out;
    }

    private static int at(int c, int y, int x) {
        return (c * H + y) * W + x;
    }

    /** {@code src} shifted by (dy, dx), zeros shifted in. */
    private static double[] shifted(double[] src, int dy, int dx) {
        double[] out = new double[src.length];
        for (int c = 0; c < C; c++) {
            for (int y = 0; y < H; y++) {
                for (int x = 0; x < W; x++) {
                    int sy = y - dy;
                    int sx = x - dx;
                    out[at(c, y, x)] = sy < 0 || sy >= H || sx < 0 || sx >= W ? 0 : src[at(c, sy, sx)];
                }
            }
        }
        return out;
    }

    private static void assertFrequency(double expected, int hits, int n, String what) {
        double se = Math.sqrt(expected * (1 - expected) / n);
        double observed = hits / (double) n;
        assertTrue(Math.abs(observed - expected) <= 4 * se + 1e-9,
                what + ": observed " + observed + ", expected " + expected + " ± " + 4 * se);
    }

    @Test
    void shiftTranslatesByEveryOffsetWithinSizeAndNoOther() {
        int n = 2000;
        int size = 2;
        double prob = 0.6;
        double[][] in = images(n, 1);
        double[][] out = augmented(new RandomShift(size, prob, C, H, W, 3), in, SHAPE);
        Set<String> offsets = new HashSet<>();
        int unchanged = 0;
        for (int i = 0; i < n; i++) {
            String found = null;
            for (int dy = -size - 1; dy <= size + 1; dy++) {
                for (int dx = -size - 1; dx <= size + 1; dx++) {
                    if (java.util.Arrays.equals(out[i], shifted(in[i], dy, dx))) {
                        assertTrue(found == null, "two offsets explain example " + i);
                        found = dy + "," + dx;
                        assertTrue(Math.abs(dy) <= size && Math.abs(dx) <= size, "offset " + found + " beyond size");
                    }
                }
            }
            assertNotNull(found, "example " + i + " is no translate of its input");
            offsets.add(found);
            unchanged += found.equals("0,0") ? 1 : 0;
        }
        assertEquals(25, offsets.size(), "every offset in {-2..2}² occurs: " + offsets);
        // unchanged: not augmented (1 − p) or augmented by (0, 0) (p/25)
        assertFrequency(1 - prob + prob / 25, unchanged, n, "unshifted examples");
    }

    /** The pixels of {@code out} that are 0 where {@code in} is not, as a boolean mask. */
    private static boolean[] zeroed(double[] in, double[] out) {
        boolean[] z = new boolean[in.length];
        for (int k = 0; k < in.length; k++) {
            z[k] = out[k] != in[k];
            if (z[k]) {
                assertEquals(0.0, out[k], "cutout changes pixels only to 0");
            }
        }
        return z;
    }

    /** The mask of [y0, y1) × [x0, x1) in every channel. */
    private static boolean[] box(int y0, int y1, int x0, int x1) {
        boolean[] m = new boolean[C * H * W];
        for (int c = 0; c < C; c++) {
            for (int y = Math.max(0, y0); y < Math.min(H, y1); y++) {
                for (int x = Math.max(0, x0); x < Math.min(W, x1); x++) {
                    m[at(c, y, x)] = true;
                }
            }
        }
        return m;
    }

    @Test
    void cutoutZerosTheClippedSquareAroundACentreInTheImage() {
        for (int size : new int[] {3, 4}) {
            int n = 1500;
            double prob = 0.7;
            double[][] in = images(n, 5);
            double[][] out = augmented(new Cutout(size, prob, C, H, W, 7), in, SHAPE);
            Set<String> centres = new HashSet<>();
            int cut = 0;
            for (int i = 0; i < n; i++) {
                boolean[] z = zeroed(in[i], out[i]);
                String centre = null;
                for (int cy = 0; cy < H && centre == null; cy++) {
                    for (int cx = 0; cx < W && centre == null; cx++) {
                        int y0 = cy - size / 2;
                        int x0 = cx - size / 2;
                        if (java.util.Arrays.equals(z, box(y0, y0 + size, x0, x0 + size))) {
                            centre = cy + "," + cx;
                        }
                    }
                }
                boolean none = java.util.Arrays.equals(z, new boolean[z.length]);
                assertTrue(none || centre != null, "size " + size + ", example " + i + ": not a clipped square");
                if (!none) {
                    cut++;
                    centres.add(centre);
                }
            }
            assertEquals(H * W, centres.size(), "every centre occurs, size " + size);
            assertFrequency(prob, cut, n, "cut examples, size " + size);
        }
    }

    @Test
    void cutmixPastesOneClippedBoxFromAPartnerAndMixesLabelsByItsArea() {
        int n = 12;
        int batches = 400;
        double prob = 0.6;
        CutMix cutmix = new CutMix(1.0, prob, C, H, W, 11);
        int mixed = 0;
        double meanArea = 0;
        for (int b = 0; b < batches; b++) {
            double[][] in = images(n, 100 + b);
            double[][] labels = new double[n][n];
            for (int i = 0; i < n; i++) {
                labels[i][i] = 1; // one class per example: the label mix names the partner
            }
            double[][] out = copy(in);
            double[][] y = copy(labels);
            cutmix.augment(out, y, SHAPE);
            boolean[] changed = new boolean[C * H * W];
            int[] partner = new int[n];
            for (int i = 0; i < n; i++) {
                partner[i] = partnerOf(in, out[i], i, changed);
            }
            double area = boxArea(changed);
            if (area < 0) {
                continue; // the batch was not mixed, or every partner was itself
            }
            mixed++;
            meanArea += area;
            for (int i = 0; i < n; i++) {
                int j = partner[i] < 0 ? i : partner[i];
                for (int k = 0; k < n; k++) {
                    double expected = (1 - area) * labels[i][k] + area * labels[j][k];
                    assertEquals(expected, y[i][k], 1e-12, "label " + k + " of example " + i + ", area " + area);
                }
            }
        }
        // a batch is mixed with probability prob; all-identity permutations (1/12!) do not occur
        assertFrequency(prob, mixed, batches, "mixed batches");
        // λ ~ U(0, 1): the box side is ⌊side·√(1 − λ)⌋ rounded down to even, so the pasted area averages
        // well below E[1 − λ] = 1/2 and above 0
        meanArea /= mixed;
        assertTrue(meanArea > 0.1 && meanArea < 0.5, "mean pasted area " + meanArea);
    }

    /**
     * The example of {@code in} whose pixels {@code out} carries where it differs from
     * {@code in[self]} (−1 when it does not differ), marking those pixels in {@code changed}.
     */
    private static int partnerOf(double[][] in, double[] out, int self, boolean[] changed) {
        int partner = -1;
        for (int k = 0; k < out.length; k++) {
            if (out[k] == in[self][k]) {
                continue;
            }
            changed[k] = true;
            int source = -1;
            for (int j = 0; j < in.length; j++) {
                if (in[j][k] == out[k]) {
                    source = j;
                }
            }
            assertTrue(source >= 0 && (partner < 0 || partner == source), "pixel " + k + " comes from no single partner");
            partner = source;
        }
        return partner;
    }

    /**
     * The pasted fraction of the image if {@code changed} is a box [y0, y1) × [x0, x1), the same in
     * every channel, that is the clipped [cy − ⌊s_h/2⌋, cy + ⌊s_h/2⌋) × [cx − ⌊s_w/2⌋, cx + ⌊s_w/2⌋)
     * of some centre in the image with s = ⌊side·c⌋ for one c in [0, 1]; −1 if nothing changed.
     */
    private static double boxArea(boolean[] changed) {
        if (java.util.Arrays.equals(changed, new boolean[changed.length])) {
            return -1;
        }
        for (int cy = 0; cy < H; cy++) {
            for (int cx = 0; cx < W; cx++) {
                for (int k = 0; k <= H * W; k++) {
                    double c = k % 2 == 0 ? (k / 2) / (double) H : (k / 2) / (double) W; // the breakpoints of ⌊side·c⌋
                    if (c > 1) {
                        continue;
                    }
                    int hh = (int) (H * c) / 2;
                    int hw = (int) (W * c) / 2;
                    int y0 = Math.max(0, cy - hh);
                    int y1 = Math.min(H, cy + hh);
                    int x0 = Math.max(0, cx - hw);
                    int x1 = Math.min(W, cx + hw);
                    if (y1 > y0 && x1 > x0 && java.util.Arrays.equals(changed, box(y0, y1, x0, x1))) {
                        return (double) (y1 - y0) * (x1 - x0) / (H * W);
                    }
                }
            }
        }
        throw new AssertionError("the pasted pixels are not a clipped centred box");
    }

    @Test
    void flipMirrorsEachRowOfSomeExamplesAndLeavesTheOthers() {
        int n = 1500;
        double prob = 0.3;
        double[][] in = images(n, 13);
        double[][] out = augmented(new HorizontalFlip(prob, C, H, W + 1, 17), in, new ImageShape(C, H - 1, W + 1));
        int flipped = 0;
        for (int i = 0; i < n; i++) {
            boolean mirrored = true;
            for (int row = 0; row < C * (H - 1); row++) {
                for (int x = 0; x <= W; x++) {
                    mirrored &= out[i][row * (W + 1) + x] == in[i][row * (W + 1) + (W - x)];
                }
            }
            boolean same = java.util.Arrays.equals(in[i], out[i]);
            assertTrue(mirrored ^ same, "example " + i + " is neither mirrored nor unchanged");
            flipped += mirrored ? 1 : 0;
        }
        assertFrequency(prob, flipped, n, "flipped examples");
    }

    /** Bilinear interpolation reproduces a linear image exactly where the four neighbours are inside. */
    @Test
    void rotationSamplesALinearImageAtTheInverselyRotatedPoint() {
        int h = 9;
        int w = 7;
        ImageShape shape = new ImageShape(1, h, w);
        double[] ramp = new double[h * w];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                ramp[y * w + x] = 3 * y - 2 * x + 5;
            }
        }
        double theta = Math.toRadians(17);
        double[] out = RandomRotation.rotate(ramp, shape, theta);
        double cy = (h - 1) / 2.0;
        double cx = (w - 1) / 2.0;
        int inside = 0;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double sy = Math.cos(theta) * (y - cy) - Math.sin(theta) * (x - cx) + cy;
                double sx = Math.sin(theta) * (y - cy) + Math.cos(theta) * (x - cx) + cx;
                if (sy >= 0 && sy <= h - 1 && sx >= 0 && sx <= w - 1 && Math.floor(sy) + 1 < h && Math.floor(sx) + 1 < w) {
                    assertEquals(3 * sy - 2 * sx + 5, out[y * w + x], 1e-12, "pixel " + y + "," + x);
                    inside++;
                } else if (sy < -1 || sy > h || sx < -1 || sx > w) {
                    assertEquals(0.0, out[y * w + x], "pixel " + y + "," + x + " samples outside the image");
                }
            }
        }
        assertTrue(inside > h * w / 2, "interior pixels checked: " + inside);
        // channels rotate alike: a two-channel image is each channel rotated on its own
        double[] second = images(1, 21)[0];
        double[] both = new double[2 * h * w];
        System.arraycopy(ramp, 0, both, 0, h * w);
        System.arraycopy(second, 0, both, h * w, h * w);
        double[] rotatedBoth = RandomRotation.rotate(both, new ImageShape(2, h, w), theta);
        double[] rotatedSecond = RandomRotation.rotate(java.util.Arrays.copyOf(second, h * w), shape, theta);
        for (int k = 0; k < h * w; k++) {
            assertEquals(out[k], rotatedBoth[k], 0.0, "channel 0 at " + k);
            assertEquals(rotatedSecond[k], rotatedBoth[h * w + k], 0.0, "channel 1 at " + k);
        }
        // a quarter turn of a square image permutes its pixels: out(y, x) = src(cy − (x − cx), cx + (y − cy))
        ImageShape square = new ImageShape(1, 5, 5);
        double[] src = images(1, 19)[0];
        double[] quarter = RandomRotation.rotate(src, square, Math.PI / 2);
        for (int y = 0; y < 5; y++) {
            for (int x = 0; x < 5; x++) {
                assertEquals(src[(4 - x) * 5 + y], quarter[y * 5 + x], 1e-12, "quarter turn at " + y + "," + x);
            }
        }
    }

    /** The angle read back from a vertical ramp at the centre row is uniform in [−degrees, degrees]. */
    @Test
    void rotationAnglesAreUniformWithinDegrees() {
        int h = 5;
        int n = 3000;
        double degrees = 20;
        double prob = 0.8;
        double[][] x = new double[n][h * h];
        for (double[] img : x) {
            for (int y = 0; y < h; y++) {
                for (int c = 0; c < h; c++) {
                    img[y * h + c] = y + 10;
                }
            }
        }
        new RandomRotation(degrees, prob, 1, h, h, 23).augment(x, null, new ImageShape(1, h, h));
        int rotated = 0;
        int positive = 0;
        double max = 0;
        for (double[] img : x) {
            // at the centre row, stepping one column right moves the sample by −sin θ rows
            double sin = -(img[2 * h + 3] - img[2 * h + 2]);
            double angle = Math.toDegrees(Math.asin(sin));
            assertTrue(Math.abs(angle) <= degrees + 1e-9, "angle " + angle);
            if (angle != 0) {
                rotated++;
                positive += angle > 0 ? 1 : 0;
                max = Math.max(max, Math.abs(angle));
            }
        }
        assertFrequency(prob, rotated, n, "rotated examples");
        assertFrequency(0.5, positive, rotated, "positive angles");
        assertTrue(max > 0.99 * degrees, "the largest angle " + max + " reaches the bound");
    }

    @Test
    void mixupMixesWithOneLambdaPerBatchAndAPermutation() {
        int n = 10;
        double[][] in = images(n, 29);
        double[][] labels = new double[n][n];
        for (int i = 0; i < n; i++) {
            labels[i][i] = 1;
        }
        double[][] out = copy(in);
        double[][] y = copy(labels);
        new Mixup(0.4, 1.0, 31).augment(out, y, new ImageShape(1, 1, C * H * W));
        Set<Integer> partners = new HashSet<>();
        double lambda = Double.NaN;
        for (int i = 0; i < n; i++) {
            int j = -1;
            for (int k = 0; k < n; k++) {
                if (k != i && y[i][k] > 0) {
                    j = k;
                }
            }
            double l = j < 0 ? Double.NaN : y[i][i];
            if (j >= 0) {
                lambda = Double.isNaN(lambda) ? l : lambda;
                assertEquals(lambda, l, 1e-15, "one λ per batch");
                assertEquals(1 - l, y[i][j], 1e-15);
                for (int k = 0; k < in[i].length; k++) {
                    assertEquals(l * in[i][k] + (1 - l) * in[j][k], out[i][k], 1e-15);
                }
            }
            partners.add(j < 0 ? i : j);
        }
        assertEquals(n, partners.size(), "the partners are a permutation");
        assertThrows(IllegalArgumentException.class, () -> new Mixup(0.4, 1.0, 1).augment(copy(in), null,
                new ImageShape(1, 1, C * H * W)));
    }

    /** mixup treats an example as a flat vector: flat features need no image keys, unlike cutmix. */
    @Test
    void mixupTakesFlatFeaturesWithoutAnImageShape() {
        org.nd4j.linalg.api.ndarray.INDArray x = org.nd4j.linalg.factory.Nd4j.rand(
                org.nd4j.linalg.api.buffer.DataType.DOUBLE, 6, 7);
        org.nd4j.linalg.api.ndarray.INDArray y = org.nd4j.linalg.factory.Nd4j.eye(6);
        org.nd4j.linalg.dataset.DataSet ds = new org.nd4j.linalg.dataset.DataSet(x.dup(), y.dup());
        new Mixup(1.0, 1.0, 3).preProcess(ds);
        assertTrue(ds.getFeatures().sub(x).amaxNumber().doubleValue() > 1e-3, "the features were mixed");
        assertThrows(IllegalArgumentException.class,
                () -> new CutMix(1.0, 1.0, 0, 0, 0, 3).preProcess(new org.nd4j.linalg.dataset.DataSet(x.dup(), y.dup())));
    }

    /** Values kept as given, boundaries of the sizes, and the spec name in the shape error. */
    @Test
    void constructorsKeepValuesAndMessagesNameTheAugmentation() {
        RandomShift shift = new RandomShift(0, 0.25, 1, 2, 3, 9);
        assertEquals(0, shift.getSize());
        assertEquals(0.25, shift.getProb());
        assertEquals(9, shift.getSeed());
        assertThrows(IllegalArgumentException.class, () -> new RandomShift(-1, 1, 0, 0, 0, 1));
        assertEquals(1, new Cutout(1, 1, 0, 0, 0, 1).getSize());
        assertThrows(IllegalArgumentException.class, () -> new Cutout(0, 1, 0, 0, 0, 1));
        assertEquals(12.5, new RandomRotation(12.5, 1, 0, 0, 0, 1).getDegrees());
        assertEquals(0.3, new CutMix(0.3, 1, 0, 0, 0, 1).getAlpha());
        assertEquals(0.7, new Mixup(0.7, 1, 1).getAlpha());
        ImageAugmentation[] all = {new RandomShift(1, 1, 0, 0, 0, 1), new Cutout(2, 1, 0, 0, 0, 1),
                new RandomRotation(5, 1, 0, 0, 0, 1), new CutMix(1, 1, 0, 0, 0, 1), new HorizontalFlip(1, 0, 0, 0, 1)};
        String[] names = {"shift", "cutout", "rotate", "cutmix", "flip"};
        for (int k = 0; k < all.length; k++) {
            ImageAugmentation a = all[k];
            org.nd4j.linalg.dataset.DataSet flat = new org.nd4j.linalg.dataset.DataSet(
                    org.nd4j.linalg.factory.Nd4j.rand(org.nd4j.linalg.api.buffer.DataType.DOUBLE, 2, 12),
                    org.nd4j.linalg.factory.Nd4j.eye(2));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> a.preProcess(flat));
            assertTrue(e.getMessage().startsWith(names[k] + ": expected NCHW features"), e.getMessage());
        }
    }
}
