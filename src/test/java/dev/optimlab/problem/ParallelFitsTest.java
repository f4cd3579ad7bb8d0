package dev.optimlab.problem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import dev.optimlab.data.LabeledData;
import dev.optimlab.data.NoisyRegression;
import dev.optimlab.optim.Optimizers;
import dev.optimlab.regularize.Regularizers;

/** Packing K fits into one block-diagonal network must change nothing but the speed. */
class ParallelFitsTest {

    private static final NoisyRegression DATA = new NoisyRegression("sin", 25, 0.5, 0.1, 8, -3, 3);

    @ParameterizedTest
    @CsvSource({"mse, adam", "mae, adam", "huber, adam", "mse, adamw", "mse, lamb", "huber, adamp"})
    void packedCopiesEqualSeparatelyTrainedNetworks(String loss, String optimizer) {
        // adam, adamw: elementwise, trained packed; lamb, adamp: per-tensor norms, trained alone and packed after
        Map<String, Double> hp = optimizer.equals("adam") ? Map.of("lr", 0.02) : Map.of("lr", 0.02, "weightDecay", 0.2);
        CurveFit fit = new CurveFit(List.of(6), "tanh", Regularizers.loss(loss, Map.of()),
                Optimizers.optimizer(optimizer, hp), 60, 25);
        List<LabeledData> samples = new ArrayList<>();
        long[] seeds = {11, 12, 13};
        for (long s : seeds) {
            samples.add(DATA.sample(100 + s));
        }
        ParallelFits.Packed packed = new ParallelFits(fit).train(samples, seeds);
        double[][] grid = DATA.grid(40);
        double[][] together = packed.predict(grid);
        double[][] own = packed.predictOwn(samples);
        double worst = 0;
        double moved = 0;
        for (int k = 0; k < seeds.length; k++) {
            var alone = fit.train(samples.get(k), seeds[k]);
            double[] p = CurveFit.predict(alone, grid);
            double[] q = CurveFit.predict(alone, samples.get(k).x());
            double[] start = CurveFit.predict(fit.network(1, 1, 1, fit.loss(), seeds[k]), grid);
            for (int j = 0; j < p.length; j++) {
                worst = Math.max(worst, Math.abs(p[j] - together[k][j]));
                moved = Math.max(moved, Math.abs(p[j] - start[j]));
            }
            for (int j = 0; j < q.length; j++) {
                worst = Math.max(worst, Math.abs(q[j] - own[k][j]));
            }
        }
        System.out.printf("ParallelFits %s " + optimizer + ": packed vs separate max |Δŷ| = %.3e (training moved the fit by up to %.3f)%n",
                loss, worst, moved);
        assertTrue(moved > 0.1, "training must move the fit, or the comparison proves nothing: " + moved);
        assertEquals(0, worst, 1e-9, "packed vs separate max |Δŷ| = " + worst);
    }

    @Test
    void theHooksOfAnOptimizerActInACurveFit() {
        LabeledData sample = DATA.sample(7);
        double[][] grid = DATA.grid(20);
        double[] adam = CurveFit.predict(new CurveFit(List.of(6), "tanh", Regularizers.loss("mse", Map.of()),
                Optimizers.optimizer("adam", Map.of("lr", 0.02)), 60, 25).train(sample, 3), grid);
        double[] adamw = CurveFit.predict(new CurveFit(List.of(6), "tanh", Regularizers.loss("mse", Map.of()),
                Optimizers.optimizer("adamw", Map.of("lr", 0.02, "weightDecay", 0.5)), 60, 25).train(sample, 3), grid);
        double most = 0;
        for (int j = 0; j < grid.length; j++) {
            most = Math.max(most, Math.abs(adam[j] - adamw[j]));
        }
        assertTrue(most > 1e-3, "decoupled decay must change the fit, max |Δŷ| = " + most);
    }

    @Test
    void offDiagonalBlocksStayZero() {
        CurveFit fit = new CurveFit(List.of(3), "tanh", Regularizers.loss("mse", Map.of()),
                Optimizers.optimizer("adam", Map.of()), 5, 25);
        var net = new ParallelFits(fit).train(List.of(DATA.sample(1), DATA.sample(2)), new long[] {1, 2}).network();
        var w0 = net.getParam("0_W");
        var w1 = net.getParam("1_W");
        assertEquals(0, w0.getDouble(0, 3), 0);
        assertEquals(0, w0.getDouble(1, 0), 0);
        assertEquals(0, w1.getDouble(0, 1), 0);
        assertEquals(0, w1.getDouble(5, 0), 0);
        assertTrue(Math.abs(w0.getDouble(0, 0)) > 0 && Math.abs(w1.getDouble(5, 1)) > 0);
    }

    @Test
    void minibatchesAreRejected() {
        CurveFit fit = new CurveFit(List.of(3), "tanh", Regularizers.loss("mse", Map.of()),
                Optimizers.optimizer("adam", Map.of()), 5, 10);
        assertThrows(IllegalArgumentException.class,
                () -> new ParallelFits(fit).train(List.of(DATA.sample(1)), new long[] {1}));
    }
}
