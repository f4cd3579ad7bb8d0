package dev.optimlab.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

class SplitsAndGeneratorsTest {

    @Test
    void holdoutPartsAreDisjointCompleteAndDeterministic() {
        HoldoutSplit s = HoldoutSplit.of(103, 0.2, 0.15, 9);
        Set<Integer> all = new HashSet<>();
        IntStream.of(s.train()).forEach(all::add);
        IntStream.of(s.validation()).forEach(all::add);
        IntStream.of(s.test()).forEach(all::add);
        assertEquals(103, all.size());
        assertEquals(103, s.train().length + s.validation().length + s.test().length);
        assertEquals(15, s.test().length);
        assertEquals(21, s.validation().length);
        assertArrayEquals(s.train(), HoldoutSplit.of(103, 0.2, 0.15, 9).train());
        assertFalse(Arrays.equals(s.train(), HoldoutSplit.of(103, 0.2, 0.15, 10).train()));
        // The test part does not move when only the validation fraction changes.
        assertArrayEquals(s.test(), HoldoutSplit.of(103, 0.3, 0.15, 9).test());
    }

    private static double[] residuals(NoisyRegression gen, long seed) {
        LabeledData d = gen.sample(seed);
        double[] r = new double[d.size()];
        for (int i = 0; i < d.size(); i++) {
            assertTrue(d.x()[i][0] >= gen.xMin() && d.x()[i][0] <= gen.xMax());
            r[i] = d.y()[i][0] - NoisyRegression.truth(gen.function()).applyAsDouble(d.x()[i][0]);
        }
        return r;
    }

    @Test
    void noisyRegressionHasTheRequestedNoise() {
        double[] r = residuals(new NoisyRegression("cubic", 20_000, 0.5, 0, 10, -1, 1), 4);
        double ss = Arrays.stream(r).map(v -> v * v).sum();
        assertEquals(0.5, Math.sqrt(ss / r.length), 0.01, "noise std");
        assertEquals(0.0, Arrays.stream(r).average().orElseThrow(), 0.01, "noise mean");
    }

    @Test
    void noisyRegressionHasTheRequestedOutliers() {
        NoisyRegression gen = new NoisyRegression("linear", 20_000, 0.5, 0.1, 10, -1, 1);
        double[] r = residuals(gen, 4);
        // Outliers are 10σ·|N(0,1)|: beyond 4σ with probability P(|Z| > 0.4) = 0.6892; inliers almost never.
        double beyond = Arrays.stream(r).filter(v -> Math.abs(v) > 4 * 0.5).count() / 20_000.0;
        assertEquals(0.1 * 0.6892, beyond, 0.006);
        assertArrayEquals(gen.sample(4).y()[17], gen.sample(4).y()[17], "same seed, same sample");
        assertFalse(Arrays.equals(gen.sample(4).y()[17], gen.sample(5).y()[17]));
    }

    @Test
    void timeSeriesWindowsAreInTimeOrder() {
        double[] s = new TimeSeries(new double[] {0.6, -0.2}, 1.0, 50).sample(1);
        LabeledData w = TimeSeries.windows(s, 3);
        assertEquals(47, w.size());
        assertEquals(s[3], w.y()[0][0]);
        assertArrayEquals(Arrays.copyOfRange(s, 10, 13), w.x()[10]);
    }
}
