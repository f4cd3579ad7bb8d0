package dev.optimlab.run;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.DataSetPreProcessor;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;

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
        DataSet mb = gather(data, idx);
        for (DataSetPreProcessor p : augmentations) {
            p.preProcess(mb);
        }
        return mb;
    }

    /**
     * The examples {@code idx} of {@code data}, in that order, as a new data set: the same arrays
     * (values, type, shape, 'c' order) as {@code data.get(idx)}, which builds a one-example data
     * set per index (views, each with its own native shape buffer) and concatenates them: about 45
     * native allocations a minibatch, where one row-gathering op per array needs two. Each of them
     * costs the trial thread, ND4J's deallocator and the garbage collector (docs/SCALING.md).
     * Data with masks or arrays of another rank than 2 take DataSet's own path.
     */
    static DataSet gather(DataSet data, int[] idx) {
        INDArray x = data.getFeatures();
        INDArray y = data.getLabels();
        if (x.rank() != 2 || y.rank() != 2 || data.hasMaskArrays() || data.getExampleMetaData() != null) {
            return data.get(idx);
        }
        return new DataSet(Nd4j.pullRows(x, 1, idx, 'c'), Nd4j.pullRows(y, 1, idx, 'c'));
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
