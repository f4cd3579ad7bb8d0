package dev.optimlab.ensemble;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.optimlab.data.Bootstrap;
import dev.optimlab.data.LabeledData;

/**
 * Bagging's bookkeeping with a learner whose fit is known in closed form (predict the mean target
 * of the sample it was given), then the network learner it is used with.
 */
class BaggingTest {

    /** Predicts the mean target of its training sample, whatever the input. */
    private static final Learner MEAN = (data, seed) -> {
        double s = 0;
        for (double[] row : data.y()) {
            s += row[0];
        }
        double mean = s / data.size();
        return x -> {
            double[][] out = new double[x.length][1];
            for (double[] row : out) {
                row[0] = mean;
            }
            return out;
        };
    };

    private static LabeledData line(int n) {
        double[][] x = new double[n][1];
        double[][] y = new double[n][1];
        for (int i = 0; i < n; i++) {
            x[i][0] = i;
            y[i][0] = i * i;
        }
        return LabeledData.regression(x, y);
    }

    @Test
    void membersUseTheirOwnDrawsAndTheEnsembleAveragesThem() {
        LabeledData train = line(30);
        double[][] test = {{0}, {1}};
        Bagging bag = Bagging.fit(train, test, 7, MEAN, 5);
        assertEquals(7, bag.members());
        double[] memberMeans = new double[7];
        for (int b = 0; b < 7; b++) {
            Bootstrap draw = bag.draws().get(b);
            assertArrayEquals(Bootstrap.of(30, 5 * 1000L + b).sample(), draw.sample(), "member b's draw is seeded");
            for (int i : draw.sample()) {
                memberMeans[b] += i * i / 30.0;
            }
        }
        for (int m = 1; m <= 7; m++) {
            double expected = 0;
            for (int b = 0; b < m; b++) {
                expected += memberMeans[b] / m;
            }
            assertEquals(expected, bag.test(m)[0][0], 1e-9, "average of the first " + m + " members");
            assertEquals(expected, bag.train(m)[3][0], 1e-9);
        }
        // Out of bag: example i averages exactly the members whose draw missed it.
        double[][] oob = bag.outOfBag();
        for (int i = 0; i < 30; i++) {
            double s = 0;
            int c = 0;
            for (int b = 0; b < 7; b++) {
                final int ex = i;
                if (java.util.Arrays.stream(bag.draws().get(b).sample()).noneMatch(v -> v == ex)) {
                    s += memberMeans[b];
                    c++;
                }
            }
            if (c == 0) {
                assertTrue(Double.isNaN(oob[i][0]));
            } else {
                assertEquals(s / c, oob[i][0], 1e-9, "example " + i);
            }
        }
    }

    @Test
    void averageIsElementWise() {
        double[][] avg = Bagging.average(List.of(new double[][] {{1, 2}}, new double[][] {{3, 6}}));
        assertArrayEquals(new double[] {2, 4}, avg[0], 0);
    }

    @Test
    void networkLearnerIsDeterministicAndLearnsASeparableProblem() {
        java.util.Random rng = new java.util.Random(1);
        int n = 120;
        double[][] x = new double[n][2];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            x[i][0] = rng.nextGaussian();
            x[i][1] = rng.nextGaussian();
            labels[i] = x[i][0] + x[i][1] > 0 ? 1 : 0;
        }
        LabeledData data = LabeledData.classification(x, labels, 2);
        NetworkLearner learner = new NetworkLearner(List.of(4), "tanh", "adam", Map.of("lr", 0.05), 15, 16);
        double[][] p1 = learner.fit(data, 3).predict(x);
        double[][] p2 = learner.fit(data, 3).predict(x);
        for (int i = 0; i < n; i++) {
            assertArrayEquals(p1[i], p2[i], 0, "same seed, same network");
            assertEquals(1.0, p1[i][0] + p1[i][1], 1e-5, "softmax rows sum to 1");
        }
        double acc = Metric.ACCURACY.score(Metric.ACCURACY.perExample(p1, data.y()));
        assertTrue(acc > 0.9, "a linear boundary is learnt: " + acc);
    }

    @Test
    void networkRegressionPredictsInTheTargetsUnits() {
        int n = 80;
        double[][] x = new double[n][1];
        double[][] y = new double[n][1];
        for (int i = 0; i < n; i++) {
            x[i][0] = i / 40.0 - 1;
            y[i][0] = 1000 + 300 * x[i][0];
        }
        LabeledData data = LabeledData.regression(x, y);
        double[][] p = new NetworkLearner(List.of(4), "tanh", "adam", Map.of("lr", 0.05), 40, 16).fit(data, 1).predict(x);
        double rmse = Metric.RMSE.score(Metric.RMSE.perExample(p, y));
        assertTrue(rmse < 30, "targets are standardised for training and mapped back: RMSE " + rmse + " on a range of 600");
    }
}
