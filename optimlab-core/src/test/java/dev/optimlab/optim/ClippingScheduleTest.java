package dev.optimlab.optim;

import dev.optimlab.DoublePrecision;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.regularization.WeightDecay;
import org.nd4j.linalg.schedule.ScheduleType;

/** Global-norm clipping against a written-out reference; the warm-up + cosine schedule. */
@ExtendWith(DoublePrecision.class)
class ClippingScheduleTest {


    @Test
    void clippingScalesTheMeanGradientToTheGlobalNorm() {
        double lr = 0.1;
        double c = 0.05;
        MultiLayerNetwork net = ParameterHookNetworkTest.wired(new Sgd(lr), List.of(), 31);
        GlobalNormClipping clip = new GlobalNormClipping(c);
        net.addListeners(clip);
        MultiLayerNetwork ref = ParameterHookNetworkTest.wired(new Sgd(1.0), List.of(), 31);
        int clipped = 0;
        for (int s = 0; s < 10; s++) {
            DataSet batch = NetworkHarness.batch(4000 + s);
            Map<String, double[]> g = ParameterHookNetworkTest.meanGradients(ref, batch);
            double norm = 0;
            for (double[] gk : g.values()) {
                for (double x : gk) {
                    norm += x * x;
                }
            }
            norm = Math.sqrt(norm);
            double scale = Math.min(1, c / norm);
            clipped += scale < 1 ? 1 : 0;
            for (Map.Entry<String, double[]> e : g.entrySet()) {
                INDArray p = ParameterHookNetworkTest.paramOf(ref, e.getKey());
                double[] w = p.dup('c').data().asDouble();
                for (int i = 0; i < w.length; i++) {
                    w[i] -= lr * scale * e.getValue()[i];
                }
                p.assign(Nd4j.createFromArray(w).reshape('c', p.shape()));
            }
            net.fit(batch);
            assertEquals(norm, clip.lastNorm(), 1e-12 * norm, "norm of the minibatch-mean gradient");
        }
        assertTrue(clipped >= 5, "the threshold must be active in most steps, was in " + clipped);
        double err = net.params().sub(ref.params()).amaxNumber().doubleValue();
        System.out.println("global-norm clipping vs reference: max |Δθ| = " + err);
        assertTrue(err <= 1e-12, "clipping: max |Δθ| = " + err);
    }

    @Test
    void clippingAboveTheNormChangesNothing() {
        MultiLayerNetwork a = ParameterHookNetworkTest.wired("adam", Map.of("lr", 0.01), 32);
        MultiLayerNetwork b = ParameterHookNetworkTest.wired("adam", Map.of("lr", 0.01), 32);
        a.addListeners(new GlobalNormClipping(1e6));
        assertEquals(NetworkHarness.train(b, 0, 5), NetworkHarness.train(a, 0, 5));
    }

    /**
     * On a ComputationGraph (layers found by name): with SGD the step is −η·scale·ĝ, so the clipped
     * graph's first step must be the unclipped one times c/‖ĝ‖, and lastNorm must be ‖ĝ‖ = ‖step‖/η.
     */
    @Test
    void clippingWorksOnAComputationGraph() {
        double lr = 0.5;
        org.deeplearning4j.nn.graph.ComputationGraph free = SamGraphTest.graph(new Sgd(lr), List.of(), 35);
        org.deeplearning4j.nn.graph.ComputationGraph clipped = SamGraphTest.graph(new Sgd(lr), List.of(), 35);
        INDArray start = free.params().dup();
        free.fit(SamGraphTest.batch(1));
        INDArray freeStep = free.params().sub(start);
        double norm = freeStep.norm2Number().doubleValue() / lr;
        double c = 0.3 * norm;
        GlobalNormClipping clip = new GlobalNormClipping(c);
        assertEquals(c, clip.getMaxNorm());
        clipped.addListeners(clip);
        clipped.fit(SamGraphTest.batch(1));
        assertEquals(norm, clip.lastNorm(), 1e-10 * norm, "the graph's minibatch-mean gradient norm");
        double err = clipped.params().sub(start).sub(freeStep.mul(c / norm)).amaxNumber().doubleValue();
        assertTrue(err <= 1e-12, "clipped graph step vs scaled free step: max |Δ| = " + err);
    }

    @Test
    void warmupCosineFollowsItsFormula() {
        WarmupCosineSchedule s = new WarmupCosineSchedule(ScheduleType.ITERATION, 0.1, 4, 14, 0.01);
        assertEquals(0.025, s.valueAt(0, 0), 1e-15);
        assertEquals(0.1, s.valueAt(3, 0), 1e-15);
        assertEquals(0.1, s.valueAt(4, 0), 1e-15);
        assertEquals(0.01 + 0.045 * (1 + Math.cos(Math.PI * 0.3)), s.valueAt(7, 0), 1e-15);
        assertEquals(0.055, s.valueAt(9, 0), 1e-15);
        assertEquals(0.01, s.valueAt(14, 0), 1e-15);
        assertEquals(0.01, s.valueAt(100, 0), 1e-15);
        WarmupCosineSchedule byEpoch = new WarmupCosineSchedule(ScheduleType.EPOCH, 0.1, 0, 10, 0);
        assertEquals(0.1, byEpoch.valueAt(99, 0), 1e-15);
        assertEquals(0.05, byEpoch.valueAt(0, 5), 1e-15);
        assertThrows(IllegalArgumentException.class, () -> new WarmupCosineSchedule(0.1, 10, 10));
    }

    @Test
    void scheduleDrivesUpdaterAndDecoupledDecayLikeBuiltinAndSurvivesJson() {
        WarmupCosineSchedule s = new WarmupCosineSchedule(ScheduleType.ITERATION, 0.02, 5, 25, 0.001);
        Adam ours = new Adam(0.02, 0.9, 0.999, 1e-8, Variant.DL4J);
        ours.schedule(s);
        MultiLayerNetwork a = ParameterHookNetworkTest.wired(ours, List.of(new DecoupledWeightDecay(0.1)), 33);
        IUpdater builtin = new org.nd4j.linalg.learning.config.Adam(s);
        MultiLayerNetwork b = ParameterHookNetworkTest.wired(builtin, List.of(new WeightDecay(0.1, true)), 33);
        MultiLayerNetwork fixed = ParameterHookNetworkTest.wired(new Adam(0.02, 0.9, 0.999, 1e-8, Variant.DL4J),
                List.of(new DecoupledWeightDecay(0.1)), 33);
        INDArray pa = NetworkHarness.train(a, 0, 30);
        INDArray pb = NetworkHarness.train(b, 0, 30);
        double err = pa.sub(pb).amaxNumber().doubleValue();
        System.out.println("scheduled adamw vs DL4J Adam(schedule) + WeightDecay: max |Δθ| = " + err);
        assertTrue(err <= 1e-12, "scheduled adam + decay vs built-in: " + err);
        assertTrue(NetworkHarness.train(fixed, 0, 30).sub(pa).amaxNumber().doubleValue() > 1e-4,
                "the schedule must matter");
        MultiLayerConfiguration conf = a.getLayerWiseConfigurations();
        MultiLayerConfiguration back = MultiLayerConfiguration.fromJson(conf.toJson());
        assertEquals(conf, back);
        assertEquals(s, ((Adam) back.getConf(0).getLayer().getUpdaterByParam("W")).getLearningRateSchedule());
    }
}
