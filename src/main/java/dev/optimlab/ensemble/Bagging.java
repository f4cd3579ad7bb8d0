package dev.optimlab.ensemble;

import java.util.ArrayList;
import java.util.List;

import dev.optimlab.data.Bootstrap;
import dev.optimlab.data.LabeledData;

/**
 * Bootstrap aggregating (Breiman, "Bagging predictors", <i>Machine Learning</i> 24(2):123–140,
 * 1996): M models, each fitted to its own bootstrap draw of the training set, combined by
 * averaging their outputs,
 * <pre>
 *   f_bag(x) = (1/M)·Σ_b f_b(x)      (regression: mean prediction; classification: mean class
 *                                     probabilities, then argmax, "soft voting")
 * </pre>
 * Averaging leaves the bias of one member and divides the part of its variance that is not
 * shared between members by M, so it helps unstable learners (networks started from different
 * weights, trees) and barely changes stable ones. Each member's out-of-bag examples, the ≈ 36.8%
 * of the training set its draw missed, give the out-of-bag prediction: for each training example,
 * the average of the members that never saw it (Breiman 1996, "Out-of-bag estimation"), an
 * estimate of test performance that needs no held-out data.
 *
 * <p>Member b draws its sample and fits with seed {@code seed·1000 + b}; members are kept only as
 * their outputs on the given sets, so memory does not grow with the network size.
 */
public final class Bagging {

    private final List<Bootstrap> draws;
    private final List<double[][]> trainOutputs;
    private final List<double[][]> testOutputs;

    private Bagging(List<Bootstrap> draws, List<double[][]> trainOutputs, List<double[][]> testOutputs) {
        this.draws = draws;
        this.trainOutputs = trainOutputs;
        this.testOutputs = testOutputs;
    }

    public static Bagging fit(LabeledData train, double[][] testX, int members, Learner learner, long seed) {
        if (members < 1) {
            throw new IllegalArgumentException("bagging needs at least one member, got " + members);
        }
        List<Bootstrap> draws = new ArrayList<>();
        List<double[][]> onTrain = new ArrayList<>();
        List<double[][]> onTest = new ArrayList<>();
        for (int b = 0; b < members; b++) {
            long s = seed * 1000 + b;
            Bootstrap draw = Bootstrap.of(train.size(), s);
            Model m = learner.fit(train.select(draw.sample()), s);
            draws.add(draw);
            onTrain.add(m.predict(train.x()));
            onTest.add(m.predict(testX));
        }
        return new Bagging(List.copyOf(draws), List.copyOf(onTrain), List.copyOf(onTest));
    }

    public int members() {
        return draws.size();
    }

    public List<Bootstrap> draws() {
        return draws;
    }

    /** The average of the first {@code m} members' outputs on the test rows. */
    public double[][] test(int m) {
        return average(testOutputs.subList(0, m));
    }

    /** The average of the first {@code m} members' outputs on the training rows. */
    public double[][] train(int m) {
        return average(trainOutputs.subList(0, m));
    }

    /**
     * For each training example, the average output of the members whose draw left it out; a
     * row of NaN where every member saw it.
     */
    public double[][] outOfBag() {
        int n = trainOutputs.get(0).length;
        int k = trainOutputs.get(0)[0].length;
        double[][] sum = new double[n][k];
        int[] count = new int[n];
        for (int b = 0; b < draws.size(); b++) {
            for (int i : draws.get(b).outOfBag()) {
                count[i]++;
                for (int c = 0; c < k; c++) {
                    sum[i][c] += trainOutputs.get(b)[i][c];
                }
            }
        }
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < k; c++) {
                sum[i][c] = count[i] == 0 ? Double.NaN : sum[i][c] / count[i];
            }
        }
        return sum;
    }

    /** Element-wise mean of equally shaped output matrices. */
    public static double[][] average(List<double[][]> outputs) {
        int n = outputs.get(0).length;
        int k = outputs.get(0)[0].length;
        double[][] mean = new double[n][k];
        for (double[][] o : outputs) {
            for (int i = 0; i < n; i++) {
                for (int c = 0; c < k; c++) {
                    mean[i][c] += o[i][c] / outputs.size();
                }
            }
        }
        return mean;
    }
}
