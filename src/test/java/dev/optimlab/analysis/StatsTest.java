package dev.optimlab.analysis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.apache.commons.math3.distribution.TDistribution;
import org.apache.commons.math3.stat.descriptive.DescriptiveStatistics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.optimlab.run.TrialResult;
import dev.optimlab.run.TrialResult.Epoch;

/** {@link Stats} and {@link ArmSummary} against Apache Commons Math on fixed samples. */
class StatsTest {

    /** Mean and standard deviation: a handful of roundings of 1.1e-16, relative. */
    private static final double EXACT = 1e-12;
    /** The t quantiles are tabulated to 3 decimals: at most 5e-4 absolute on t ≥ 2.04, 2.5e-4 relative. */
    private static final double TABLE = 2.5e-4;

    private static double[] sample(int n, long seed) {
        Random r = new Random(seed);
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = 3 + 2 * r.nextGaussian() + (i % 3 == 0 ? 10 : 0); // skewed, not centred at 0
        }
        return x;
    }

    /** The values with nulls (diverged runs) interleaved; Stats must skip them. */
    private static List<Double> withNulls(double[] x) {
        List<Double> out = new ArrayList<>();
        for (double v : x) {
            out.add(v);
            out.add(null);
        }
        return out;
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 3, 5, 10, 20, 31})
    void meanStdAndIntervalMatchCommonsMath(int n) {
        double[] x = sample(n, n);
        Stats s = Stats.of(withNulls(x));
        DescriptiveStatistics d = new DescriptiveStatistics(x);
        double t = new TDistribution(n - 1).inverseCumulativeProbability(0.975);
        assertEquals(n, s.n());
        assertEquals(d.getMean(), s.mean(), EXACT * Math.abs(d.getMean()));
        assertEquals(d.getStandardDeviation(), s.std(), EXACT * d.getStandardDeviation());
        double ci = t * d.getStandardDeviation() / Math.sqrt(n);
        assertEquals(ci, s.ci95(), TABLE * ci, "n = " + n);
    }

    @Test
    void degenerateSamples() {
        Stats none = Stats.of(Arrays.asList(null, null));
        assertEquals(0, none.n());
        assertTrue(Double.isNaN(none.mean()) && Double.isNaN(none.std()) && Double.isNaN(none.ci95()));
        Stats one = Stats.of(Arrays.asList(null, 4.5));
        assertEquals(1, one.n());
        assertEquals(4.5, one.mean(), 0.0);
        assertEquals(0.0, one.std(), 0.0);
        assertTrue(Double.isNaN(one.ci95()), "no interval from one value");
    }

    private static TrialResult trial(String metric, boolean diverged, double wall, Epoch... epochs) {
        return new TrialResult("exp", "t", "arm", "adam", "optimlab", "paper", Map.of(), 1, diverged ? "diverged" : "ok",
                diverged ? 3 : null, metric, List.of(epochs), null, List.of(), wall, "sha", null, Map.of(), null, Map.of(), null, null);
    }

    private static Epoch epoch(int e, double train, Double validation, double test, double trainMetric, double testMetric) {
        return new Epoch(e, train, validation, test, trainMetric, null, testMetric);
    }

    @Test
    void armSummaryAggregatesTheNonDivergedTrials() {
        List<TrialResult> trials = List.of(
                trial("accuracy", false, 2.0, epoch(0, 1.0, 0.9, 1.1, 0.5, 0.4), epoch(1, 0.5, 0.7, 0.8, 0.8, 0.6),
                        epoch(2, 0.3, 0.75, 0.7, 0.9, 0.7)),
                trial("accuracy", false, 3.0, epoch(0, 1.2, 0.8, 1.0, 0.4, 0.3), epoch(1, 0.6, 0.9, 0.9, 0.7, 0.65)),
                trial("accuracy", true, 5.0, epoch(0, 9.0, 9.0, 9.0, 0.1, 0.1)),
                trial("accuracy", false, 4.0, epoch(0, 0.9, null, 1.3, 0.6, 0.5), epoch(1, 0.4, 0.6, 0.6, 0.85, 0.8)));
        ArmSummary a = ArmSummary.of("arm", trials);
        assertEquals(1, a.diverged());
        assertEquals("adam", a.optimizer());
        assertEquals("optimlab", a.impl());
        assertStats(a.trainLoss(), 0.3, 0.6, 0.4);
        assertStats(a.validationLoss(), 0.75, 0.9, 0.6);
        assertStats(a.testLoss(), 0.7, 0.9, 0.6);
        assertStats(a.trainMetric(), 0.9, 0.7, 0.85);
        assertStats(a.testMetric(), 0.7, 0.65, 0.8);
        assertStats(a.gap(), 0.9 - 0.7, 0.7 - 0.65, 0.85 - 0.8); // accuracy: train − test
        assertStats(a.bestValidationEpoch(), 2, 1, 2); // 1-based; a null validation loss is skipped
        assertStats(a.wallTime(), 2.0, 3.0, 5.0, 4.0); // wall time counts the diverged trial too
        double[][] curve = a.curve(Epoch::trainLoss); // over the 2 epochs every non-diverged trial has
        DescriptiveStatistics e0 = new DescriptiveStatistics(new double[] {1.0, 1.2, 0.9});
        DescriptiveStatistics e1 = new DescriptiveStatistics(new double[] {0.5, 0.6, 0.4});
        assertArrayEquals(new double[] {e0.getMean(), e1.getMean()}, curve[0], EXACT);
        assertArrayEquals(new double[] {e0.getStandardDeviation(), e1.getStandardDeviation()}, curve[1], EXACT);
    }

    @Test
    void regressionGapIsTestMinusTrainLoss() {
        ArmSummary a = ArmSummary.of("arm", List.of(
                trial("mse", false, 1.0, epoch(0, 0.2, 0.3, 0.5, 0.2, 0.5)),
                trial("mse", false, 1.0, epoch(0, 0.1, 0.3, 0.4, 0.1, 0.4)),
                trial("mse", false, 1.0))); // no finished epoch: no gap, no losses, no best epoch
        assertStats(a.gap(), 0.5 - 0.2, 0.4 - 0.1);
        assertStats(a.trainLoss(), 0.2, 0.1);
        assertStats(a.bestValidationEpoch(), 1, 1);
    }

    @Test
    void aTieForTheBestValidationLossGoesToTheEarlierEpoch() {
        ArmSummary a = ArmSummary.of("arm", List.of(trial("mse", false, 1.0, epoch(0, 0.9, 0.5, 0.5, 0.9, 0.5),
                epoch(1, 0.8, 0.4, 0.5, 0.8, 0.5), epoch(2, 0.7, 0.4, 0.5, 0.7, 0.5))));
        assertStats(a.bestValidationEpoch(), 2);
    }

    private static void assertStats(Stats s, double... values) {
        DescriptiveStatistics d = new DescriptiveStatistics(values);
        assertEquals(values.length, s.n());
        assertEquals(d.getMean(), s.mean(), EXACT);
        assertEquals(d.getStandardDeviation(), s.std(), EXACT);
    }
}
