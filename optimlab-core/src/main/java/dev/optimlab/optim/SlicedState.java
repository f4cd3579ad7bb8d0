package dev.optimlab.optim;

import java.util.LinkedHashMap;
import java.util.Map;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.GradientUpdater;

/**
 * The state machine of an OptimLab updater: named state vectors that are contiguous views of the
 * one state array DL4J gives the updater block ({@code [slot 0 | slot 1 | ...]}, each of the
 * block's length), in the same order and under the same keys as DL4J's built-in twin where there
 * is one.
 *
 * <p>Views, never copies: DL4J saves only its flat state array, and a restored network rebuilds
 * the updaters on the restored array with {@code initialize=false}. Nothing persistent may be
 * allocated in {@link #applyUpdater}, which runs inside a DL4J workspace.
 */
public abstract class SlicedState<T extends OptimLabUpdater> implements GradientUpdater<T> {

    protected final T config;
    private final String[] keys;
    /** The state vectors, rank 1, views of the block's state array. */
    protected final INDArray[] state;

    protected SlicedState(T config, String... keys) {
        this.config = config;
        this.keys = keys.clone();
        this.state = new INDArray[keys.length];
    }

    /** Number of state vectors (slots); what {@link OptimLabUpdater#stateSlots()} sizes the state by. */
    final int slots() {
        return keys.length;
    }

    /** Value of a freshly initialized state array (0 for almost every rule). */
    protected double initialValue() {
        return 0.0;
    }

    /**
     * Turns {@code g}, the block's gradient (rank 1, already divided by the minibatch size), into
     * the update in place; DL4J then does {@code params -= g}.
     *
     * @param g the gradient, overwritten by the update
     * @param lr the learning rate for this step (NaN for rules without one)
     * @param t the 1-based step number (DL4J's 0-based iteration + 1)
     */
    protected abstract void update(INDArray g, double lr, int t);

    @Override
    public T getConfig() {
        return config;
    }

    @Override
    public void setStateViewArray(INDArray viewArray, long[] gradientShape, char gradientOrder, boolean initialize) {
        if (keys.length == 0) {
            return;
        }
        if (initialize) {
            viewArray.assign(initialValue());
        }
        INDArray flat = viewArray.reshape(new long[] {viewArray.length()});
        long n = flat.length() / keys.length;
        if (n * keys.length != flat.length()) {
            throw new IllegalStateException("state array of length " + flat.length() + " is not "
                    + keys.length + " slots of equal length for " + config);
        }
        for (int i = 0; i < keys.length; i++) {
            state[i] = flat.get(NDArrayIndex.interval(i * n, (i + 1) * n));
        }
    }

    @Override
    public void setState(Map<String, INDArray> stateMap, boolean initialize) {
        for (int i = 0; i < keys.length; i++) {
            INDArray s = stateMap.get(keys[i]);
            if (s == null) {
                throw new IllegalArgumentException("state map lacks '" + keys[i] + "' for " + config
                        + "; expected keys " + String.join(", ", keys));
            }
            if (initialize) {
                s.assign(initialValue());
            }
            state[i] = s;
        }
    }

    @Override
    public Map<String, INDArray> getState() {
        Map<String, INDArray> map = new LinkedHashMap<>();
        for (int i = 0; i < keys.length; i++) {
            map.put(keys[i], state[i]);
        }
        return map;
    }

    @Override
    public void applyUpdater(INDArray gradient, int iteration, int epoch) {
        double lr = config.hasLearningRate() ? config.getLearningRate(iteration, epoch) : Double.NaN;
        if (gradient.rank() == 1) {
            update(gradient, lr, iteration + 1);
        } else {
            // SameDiff hands over the gradient shaped like the variable; the rules are elementwise.
            INDArray flat = gradient.reshape(new long[] {gradient.length()});
            update(flat, lr, iteration + 1);
            if (!flat.isView() || flat.data() != gradient.data()) {
                gradient.assign(flat.reshape(gradient.shape()));
            }
        }
    }

    /** The state vector of slot {@code i}, as a view. */
    protected INDArray slot(int i) {
        return state[i];
    }
}
