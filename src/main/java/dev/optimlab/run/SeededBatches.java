package dev.optimlab.run;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.DataSetPreProcessor;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

import dev.optimlab.data.Shuffle;

/**
 * The training minibatches of one trial: epoch e visits the examples in the permutation drawn
 * from {@code seed·1000003 + e}, whatever the arm, so every arm of a seed sees the same data in
 * the same order. Augmentations (seeded pre-processors) are applied to each minibatch copy.
 * {@link #reset()} moves on to the next epoch unless the current one has not begun: DL4J's
 * early-stopping trainer calls it before every epoch, the first included, and the first epoch must
 * still be epoch 0.
 */
public final class SeededBatches implements DataSetIterator {

    private final DataSet data;
    private final int batch;
    private final long seed;
    private final List<DataSetPreProcessor> augmentations;
    private int epoch;
    private int[] order;
    private int cursor;

    public SeededBatches(DataSet data, int batch, long seed, List<DataSetPreProcessor> augmentations) {
        this.data = data;
        this.batch = Math.min(batch, data.numExamples());
        this.seed = seed;
        this.augmentations = new ArrayList<>(augmentations);
        start(0);
    }

    private void start(int e) {
        epoch = e;
        order = Shuffle.permutation(data.numExamples(), seed * 1_000_003L + e);
        cursor = 0;
    }

    /** Minibatches per epoch. */
    public int batchesPerEpoch() {
        return (data.numExamples() + batch - 1) / batch;
    }

    @Override
    public boolean hasNext() {
        return cursor < order.length;
    }

    @Override
    public DataSet next() {
        return next(batch);
    }

    @Override
    public DataSet next(int num) {
        int[] idx = Arrays.copyOfRange(order, cursor, Math.min(order.length, cursor + num));
        cursor += idx.length;
        DataSet mb = data.get(idx);
        for (DataSetPreProcessor p : augmentations) {
            p.preProcess(mb);
        }
        return mb;
    }

    @Override
    public void reset() {
        if (cursor > 0) {
            start(epoch + 1);
        }
    }

    @Override
    public boolean resetSupported() {
        return true;
    }

    @Override
    public boolean asyncSupported() {
        return false;
    }

    @Override
    public int inputColumns() {
        return (int) data.getFeatures().size(1);
    }

    @Override
    public int totalOutcomes() {
        return (int) data.getLabels().size(1);
    }

    @Override
    public int batch() {
        return batch;
    }

    @Override
    public void setPreProcessor(DataSetPreProcessor preProcessor) {
        throw new UnsupportedOperationException("augmentations are given at construction");
    }

    @Override
    public DataSetPreProcessor getPreProcessor() {
        return null;
    }

    @Override
    public List<String> getLabels() {
        return null;
    }
}
