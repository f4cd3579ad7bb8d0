package dev.optimlab.data;

import java.nio.file.Path;
import java.util.List;

/**
 * The catalogue of shipped data sets (under {@code data/}, checksums verified on load):
 * {@code iris, wine, breast-cancer, digits, diabetes, mnist, fashion-mnist}. MNIST-style sets
 * come as their official train and test parts; the small sets as one table to be split.
 */
public final class Datasets {

    public static final List<String> NAMES =
            List.of("iris", "wine", "breast-cancer", "digits", "diabetes", "mnist", "fashion-mnist");

    private final Checksums checksums;

    public Datasets(Path root) {
        this.checksums = new Checksums(root);
    }

    /** {channels, height, width} of an image set's flat features, or null for tabular sets. */
    public static int[] imageShape(String name) {
        return switch (name) {
            case "mnist", "fashion-mnist" -> new int[] {1, 28, 28};
            case "digits" -> new int[] {1, 8, 8};
            default -> null;
        };
    }

    /** Whether {@code name} ships with an official test part (MNIST, Fashion-MNIST). */
    public static boolean hasOfficialTestSet(String name) {
        return name.equals("mnist") || name.equals("fashion-mnist");
    }

    /**
     * The whole table of a small set, or the official training part of an IDX set.
     *
     * @param limit at most this many examples (the first ones of the file)
     */
    public LabeledData load(String name, int limit) {
        return switch (name) {
            case "iris" -> sklearnTable("sklearn-small/iris.csv", 4, 3, limit);
            case "wine" -> sklearnTable("sklearn-small/wine_data.csv", 13, 3, limit);
            case "breast-cancer" -> sklearnTable("sklearn-small/breast_cancer.csv", 30, 2, limit);
            case "digits" -> digits(limit);
            case "diabetes" -> diabetes(limit);
            case "mnist", "fashion-mnist" -> idx(name, "train", limit);
            default -> throw new IllegalArgumentException("unknown data set '" + name + "'; allowed: " + String.join(", ", NAMES));
        };
    }

    /** The official test part of an IDX set. */
    public LabeledData loadTest(String name, int limit) {
        if (!hasOfficialTestSet(name)) {
            throw new IllegalArgumentException("data set '" + name + "' has no official test part");
        }
        return idx(name, "t10k", limit);
    }

    private LabeledData sklearnTable(String file, int features, int classes, int limit) {
        double[][] rows = CsvTable.read(checksums.verified(file), 1, ',', features + 1);
        return table(rows, features, classes, limit);
    }

    private LabeledData digits(int limit) {
        double[][] rows = CsvTable.read(checksums.verified("sklearn-small/digits.csv.gz"), 0, ',', 65);
        return table(rows, 64, 10, limit).scaled(1.0 / 16.0);
    }

    private LabeledData diabetes(int limit) {
        double[][] x = CsvTable.read(checksums.verified("sklearn-small/diabetes_data_raw.csv.gz"), 0, ' ', 10);
        double[][] t = CsvTable.read(checksums.verified("sklearn-small/diabetes_target.csv.gz"), 0, ' ', 1);
        if (x.length != t.length) {
            throw new DataException("diabetes: " + x.length + " feature rows but " + t.length + " targets");
        }
        int n = Math.min(limit, x.length);
        return LabeledData.regression(java.util.Arrays.copyOf(x, n), java.util.Arrays.copyOf(t, n));
    }

    private static LabeledData table(double[][] rows, int features, int classes, int limit) {
        int n = Math.min(limit, rows.length);
        double[][] x = new double[n][];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            x[i] = java.util.Arrays.copyOf(rows[i], features);
            y[i] = (int) rows[i][features];
        }
        return LabeledData.classification(x, y, classes);
    }

    private LabeledData idx(String name, String part, int limit) {
        float[][] img = IdxReader.images(checksums.verified(name + "/" + part + "-images-idx3-ubyte.gz"), limit);
        int[] labels = IdxReader.labels(checksums.verified(name + "/" + part + "-labels-idx1-ubyte.gz"), limit);
        if (img.length != labels.length) {
            throw new DataException(name + "/" + part + ": " + img.length + " images but " + labels.length + " labels");
        }
        double[][] x = new double[img.length][];
        for (int i = 0; i < img.length; i++) {
            x[i] = new double[img[i].length];
            for (int j = 0; j < img[i].length; j++) {
                x[i][j] = img[i][j];
            }
        }
        return LabeledData.classification(x, labels, 10);
    }
}
