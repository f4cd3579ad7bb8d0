package dev.optimlab.problem;

/**
 * Where examples come from. {@code source} is {@code noisy-regression} (synthetic; the fields
 * from {@code function} on apply, see {@code NoisyRegression}) or a shipped data set name (see
 * {@code Datasets.NAMES}); {@code seed} fixes the sample and the split, so every arm and every
 * training seed sees the same data.
 *
 * @param limit at most this many examples are loaded (the first of the file)
 * @param testLimit at most this many examples of an official test part (MNIST, Fashion-MNIST)
 */
public record DataSource(String source, long seed, int limit, int testLimit, double validationFraction, double testFraction,
                         String function, int n, double noise, double outlierFraction, double outlierScale,
                         double xMin, double xMax) {

    public static final String SYNTHETIC = "noisy-regression";

    public boolean synthetic() {
        return source.equals(SYNTHETIC);
    }
}
