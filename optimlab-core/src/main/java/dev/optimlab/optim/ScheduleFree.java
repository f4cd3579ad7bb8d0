package dev.optimlab.optim;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.updater.BaseMultiLayerUpdater;
import org.deeplearning4j.nn.updater.UpdaterBlock;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.GradientUpdater;

/**
 * The network-side calls of the schedule-free optimizers ({@link ScheduleFreeAdamW},
 * {@link ScheduleFreeSgd}): the reference's {@code optimizer.train()} / {@code optimizer.eval()}
 * for a DL4J network. During training the parameters hold y; the state of each updater block
 * holds z and x.
 *
 * <ul>
 * <li>{@link #start}: once after {@code init()}, before the first {@code fit}: sets z = x = the
 *     initial weights in every schedule-free block. A no-op on states that are already running
 *     or were restored by {@code ModelSerializer}, and on networks without a schedule-free
 *     optimizer, so callers may call it unconditionally.</li>
 * <li>{@link #atX}: evaluates at x (what the paper reports and the reference's {@code eval()}
 *     switches to), then puts y back exactly as it was.</li>
 * </ul>
 *
 * <p>Batch normalisation: the running statistics were accumulated at y, and the paper
 * recomputes them at x before evaluating. {@link #atX(MultiLayerNetwork, DataSet, Supplier)}
 * does that ({@link BatchNormAtX}): with the parameters at x it sets every batch-norm layer's
 * mean and variance to the exact statistics of its inputs over the given data (the training
 * set), layer by layer, then evaluates, then restores y and the old statistics. The overloads
 * without data (and the ComputationGraph ones) keep the statistics from y: exact for networks
 * without batch norm. Networks without a schedule-free optimizer are left untouched.
 */
public final class ScheduleFree {

    private ScheduleFree() {
    }

    /** Starts every schedule-free block of {@code net} at its initial weights (see the class comment). */
    public static void start(MultiLayerNetwork net) {
        start(blocks((BaseMultiLayerUpdater<?>) net.getUpdater(), net.params()));
    }

    public static void start(ComputationGraph net) {
        start(blocks(net.getUpdater(), net.params()));
    }

    /** {@code evaluation} run with the network's parameters at x; y is restored afterwards. */
    public static <T> T atX(MultiLayerNetwork net, Supplier<T> evaluation) {
        return atX(blocks((BaseMultiLayerUpdater<?>) net.getUpdater(), net.params()), evaluation);
    }

    /**
     * As {@link #atX(MultiLayerNetwork, Supplier)}, with the batch-norm statistics recomputed at x
     * over {@code data} first; parameters and statistics are restored afterwards.
     */
    public static <T> T atX(MultiLayerNetwork net, DataSet data, Supplier<T> evaluation) {
        List<Block> blocks = blocks((BaseMultiLayerUpdater<?>) net.getUpdater(), net.params());
        if (blocks.isEmpty() || !BatchNormAtX.present(net)) {
            return atX(blocks, evaluation);
        }
        INDArray statistics = net.params().dup(); // the running statistics live among the parameters
        try {
            return atX(blocks, () -> {
                BatchNormAtX.recompute(net, data.getFeatures());
                return evaluation.get();
            });
        } finally {
            net.params().assign(statistics);
        }
    }

    public static <T> T atX(ComputationGraph net, Supplier<T> evaluation) {
        return atX(blocks(net.getUpdater(), net.params()), evaluation);
    }

    /** A schedule-free block: its state and the view of the network's parameters it updates. */
    private record Block(ScheduleFreeUpdater.State<?> state, INDArray params) {
    }

    private static List<Block> blocks(BaseMultiLayerUpdater<?> updater, INDArray params) {
        List<Block> out = new ArrayList<>();
        INDArray flat = params.reshape(new long[] {params.length()});
        for (UpdaterBlock b : updater.getUpdaterBlocks()) {
            if (b.getGradientUpdater() == null) {
                b.init(); // DL4J creates block updaters lazily; this is the one it will then use
            }
            GradientUpdater<?> u = b.getGradientUpdater();
            if (u instanceof ScheduleFreeUpdater.State<?> s) {
                out.add(new Block(s, flat.get(NDArrayIndex.interval(b.getParamOffsetStart(), b.getParamOffsetEnd()))));
            }
        }
        return out;
    }

    private static void start(List<Block> blocks) {
        for (Block b : blocks) {
            b.state().start(b.params());
        }
    }

    private static <T> T atX(List<Block> blocks, Supplier<T> evaluation) {
        List<INDArray> y = new ArrayList<>();
        for (Block b : blocks) {
            y.add(b.params().dup());
            b.params().assign(b.state().x());
        }
        try {
            return evaluation.get();
        } finally {
            for (int i = 0; i < blocks.size(); i++) {
                blocks.get(i).params().assign(y.get(i));
            }
        }
    }
}
