package dev.optimlab.optim;

import java.util.Map;
import java.util.Objects;
import java.util.Set;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.schedule.ISchedule;

/**
 * Common part of every OptimLab updater configuration: the learning rate (fixed or an
 * {@link ISchedule}), the sizing of the state, and value equality.
 *
 * <p>DL4J merges consecutive parameters whose updater configurations are {@code equals} into one
 * updater block (one {@link GradientUpdater} over a contiguous slice of the flattened
 * parameters), so equality is by value: same class, same {@link #hyperparameters()}, same
 * schedule. Jackson serializes the subclasses by their fields ({@link IUpdater} declares field
 * visibility ANY), which is why every subclass keeps a public no-argument constructor.
 *
 * <p>State layout: {@code stateSlots()} segments of length n, each a view of the array DL4J hands
 * over, so that {@code ModelSerializer} saves and restores it without help.
 */
public abstract class OptimLabUpdater implements IUpdater, Cloneable {

    private double learningRate;
    private ISchedule learningRateSchedule;
    /** Null for rules that have one form only; see {@link #getVariant()}. */
    private Variant variant;

    protected OptimLabUpdater(double learningRate) {
        this(learningRate, null);
    }

    /** For rules whose DL4J built-in departs from the paper: {@code variant} picks the form. */
    protected OptimLabUpdater(double learningRate, Variant variant) {
        this.learningRate = learningRate;
        this.variant = variant;
    }

    /**
     * Number of state vectors of the size of the parameters (0 for stateless rules): the keys of
     * {@link #newState()}, so that the layout is declared once, where the state names its slots.
     */
    protected int stateSlots() {
        return newState().slots();
    }

    /** A fresh state machine for this configuration, not yet attached to any state array. */
    protected abstract SlicedState<?> newState();

    /**
     * The hyperparameters under their spec names ({@code lr, beta1, ...}), the learning rate
     * included where the optimizer has one. Used for equality, {@link #toString()} and reports.
     */
    public abstract Map<String, Double> hyperparameters();

    /**
     * What a caller must do besides putting this configuration on layers with
     * {@code .updater(...)}; declared by each optimizer so that generic callers (runners, tests)
     * read it instead of keeping lists of names.
     */
    public enum Requirement {
        /** A prototype: runs only once {@link OptimizerWiring} gave each layer its configuration
         *  ({@link #forWeightMatrix}); used alone it refuses to run. */
        PER_LAYER_WIRING,
        /** The state must be started at the initial weights ({@link ScheduleFree#start}) before the first step. */
        START_AT_INITIAL_WEIGHTS,
        /** Refuses a learning-rate schedule ({@link #setLrAndSchedule} and {@link #schedule} throw). */
        NO_SCHEDULE
    }

    /** This configuration's {@link Requirement}s; none for a plain elementwise updater. */
    public Set<Requirement> requirements() {
        return Set.of();
    }

    /**
     * The configuration that {@link OptimizerWiring} puts on the hidden [rows × cols] weight
     * matrix number {@code tensor} of a network; this configuration itself unless it is a
     * {@link Requirement#PER_LAYER_WIRING} prototype.
     */
    public OptimLabUpdater forWeightMatrix(int rows, int cols, int tensor) {
        return this;
    }

    /**
     * Whether each step's update is the learning rate times a quantity independent of it, so
     * that a schedule scales step t by its value at t; false where the rate also feeds the state
     * (Prodigy's d estimate).
     */
    public boolean updateLinearInLearningRate() {
        return true;
    }

    /**
     * A copy with the same hyperparameters, variant and schedule: a field-by-field copy, which is
     * all a configuration of numbers needs (its values were checked when it was built).
     * Configurations that hold other configurations ({@link Lookahead}, {@link Muon}) copy those too.
     */
    @Override
    public OptimLabUpdater clone() {
        try {
            OptimLabUpdater copy = (OptimLabUpdater) super.clone();
            copy.learningRateSchedule = learningRateSchedule == null ? null : learningRateSchedule.clone();
            return copy;
        } catch (CloneNotSupportedException e) {
            throw new AssertionError("OptimLabUpdater is Cloneable", e);
        }
    }

    /** Copies the learning rate and schedule of this config into {@code copy}; for {@link #clone()}. */
    protected <U extends OptimLabUpdater> U withScheduleOf(U copy) {
        ((OptimLabUpdater) copy).learningRate = learningRate;
        ((OptimLabUpdater) copy).learningRateSchedule = learningRateSchedule == null ? null : learningRateSchedule.clone();
        return copy;
    }

    public double getLearningRate() {
        return learningRate;
    }

    public ISchedule getLearningRateSchedule() {
        return learningRateSchedule;
    }

    /**
     * The formula variant ({@link Variant#PAPER} or {@link Variant#DL4J}) of a rule whose DL4J
     * built-in departs from the paper; null for rules with one form only.
     */
    public Variant getVariant() {
        return variant;
    }

    @Override
    public long stateSize(long numParams) {
        return stateSlots() * numParams;
    }

    @Override
    public GradientUpdater instantiate(INDArray viewArray, boolean initializeViewArray) {
        SlicedState<?> state = newState();
        if (viewArray != null) { // DL4J passes null when the whole network's updaters are stateless
            state.setStateViewArray(viewArray, new long[] {viewArray.length()}, 'c', initializeViewArray);
        }
        return state;
    }

    @Override
    public GradientUpdater instantiate(Map<String, INDArray> updaterState, boolean initializeStateArrays) {
        SlicedState<?> state = newState();
        state.setState(updaterState, initializeStateArrays);
        return state;
    }

    @Override
    public double getLearningRate(int iteration, int epoch) {
        return learningRateSchedule != null ? learningRateSchedule.valueAt(iteration, epoch) : learningRate;
    }

    @Override
    public boolean hasLearningRate() {
        return true;
    }

    /**
     * DL4J's idiom: {@code setLrAndSchedule(Double.NaN, schedule)} (what its {@code new Adam(schedule)}
     * does). A NaN rate beside a schedule becomes the schedule's value at step 0, so that the
     * configuration stays valid for {@link #clone()} and equality; the schedule decides every step.
     */
    @Override
    public void setLrAndSchedule(double lr, ISchedule lrSchedule) {
        if (Double.isNaN(lr) && lrSchedule != null) {
            lr = lrSchedule.valueAt(0, 0);
        }
        this.learningRate = Range.POSITIVE.check(getClass().getSimpleName(), "lr", lr);
        this.learningRateSchedule = lrSchedule;
    }

    /** The schedule's value at step 0, for the {@code (ISchedule)} constructors; rejects null. */
    protected static double startOf(ISchedule schedule) {
        if (schedule == null) {
            throw new IllegalArgumentException("schedule is null; use the constructor taking a fixed learning rate");
        }
        return schedule.valueAt(0, 0);
    }

    /** Sets the learning-rate schedule (null for the fixed rate); returns this for chaining. */
    public OptimLabUpdater schedule(ISchedule lrSchedule) {
        this.learningRateSchedule = lrSchedule;
        return this;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (o == null || o.getClass() != getClass()) {
            return false;
        }
        OptimLabUpdater other = (OptimLabUpdater) o;
        return hyperparameters().equals(other.hyperparameters())
                && Objects.equals(learningRateSchedule, other.learningRateSchedule)
                && variant == other.variant;
    }

    @Override
    public int hashCode() {
        return Objects.hash(getClass(), hyperparameters(), learningRateSchedule, variant);
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + hyperparameters()
                + (learningRateSchedule == null ? "" : "[schedule=" + learningRateSchedule + "]")
                + (variant == Variant.DL4J ? "[dl4j]" : "");
    }
}
