package dev.optimlab.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.function.IntFunction;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

/** Whole-network checks shared by the optimizer tests: loss falls; float follows double; save/restore continues. */
final class NetworkChecks {

    private NetworkChecks() {
    }

    /** The loss on {@code batch} after {@code steps} fits on it, divided by the loss before. */
    static double lossRatio(MultiLayerNetwork net, DataSet batch, int steps) {
        double first = score(net, batch);
        for (int s = 0; s < steps; s++) {
            net.fit(batch);
        }
        double last = score(net, batch);
        System.out.println("loss " + first + " -> " + last);
        return last / first;
    }

    private static double score(MultiLayerNetwork net, DataSet batch) {
        net.setInput(batch.getFeatures());
        net.setLabels(batch.getLabels());
        net.computeGradientAndScore();
        return net.score();
    }

    /**
     * Trains {@code d} (DOUBLE) and a FLOAT copy of it from the same parameters on the same
     * batches; the largest parameter difference, each step relative to that step's size, must stay
     * below {@code tol}. {@code name} labels the printed figure and the failure.
     */
    static void assertFloatFollowsDouble(String name, MultiLayerNetwork d, int steps, IntFunction<DataSet> batches,
            double tol) {
        double worst = floatVsDouble(d, steps, batches);
        System.out.println(name + " float vs double: max |Δθ| / max |step| = " + worst);
        assertTrue(worst < tol, name + " float vs double: " + worst);
    }

    private static double floatVsDouble(MultiLayerNetwork d, int steps, IntFunction<DataSet> batches) {
        org.deeplearning4j.nn.conf.MultiLayerConfiguration fc = d.getLayerWiseConfigurations().clone();
        fc.setDataType(DataType.FLOAT);
        MultiLayerNetwork f = new MultiLayerNetwork(fc);
        f.init(d.params().castTo(DataType.FLOAT), true);
        double worst = 0;
        for (int s = 0; s < steps; s++) {
            DataSet batch = batches.apply(s);
            INDArray before = d.params().dup();
            d.fit(batch);
            f.fit(new DataSet(batch.getFeatures().castTo(DataType.FLOAT), batch.getLabels().castTo(DataType.FLOAT)));
            double step = d.params().sub(before).amaxNumber().doubleValue();
            worst = Math.max(worst, f.params().castTo(DataType.DOUBLE).sub(d.params()).amaxNumber().doubleValue() / step);
        }
        return worst;
    }

    /**
     * Fits {@code a} on batches 0 to {@code saveAt} − 1, saves and restores it with its updater
     * (configuration and updater state must come back equal), then fits both on batches
     * {@code saveAt} to {@code end} − 1: their parameters must agree exactly. Returns {@code a}'s
     * configuration read back from its JSON, which must equal it.
     */
    static MultiLayerConfiguration saveRestoreContinuesExactly(MultiLayerNetwork a, int saveAt, int end,
                                                               IntFunction<DataSet> batches) throws IOException {
        for (int s = 0; s < saveAt; s++) {
            a.fit(batches.apply(s));
        }
        MultiLayerNetwork b = NetworkHarness.saveAndRestore(a);
        assertEquals(a.getLayerWiseConfigurations(), b.getLayerWiseConfigurations());
        assertEquals(a.getUpdater().getStateViewArray(), b.getUpdater().getStateViewArray());
        for (int s = saveAt; s < end; s++) {
            a.fit(batches.apply(s));
            b.fit(batches.apply(s));
        }
        assertEquals(0.0, a.params().sub(b.params()).amaxNumber().doubleValue());
        MultiLayerConfiguration conf = a.getLayerWiseConfigurations();
        MultiLayerConfiguration back = MultiLayerConfiguration.fromJson(conf.toJson());
        assertEquals(conf, back);
        return back;
    }
}
