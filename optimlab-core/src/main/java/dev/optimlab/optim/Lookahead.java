package dev.optimlab.optim;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.schedule.ISchedule;

/**
 * Lookahead (Zhang, Lucas, Hinton, Ba, "Lookahead Optimizer: k steps forward, 1 step back",
 * NeurIPS 2019, Algorithm 1) around any base {@link IUpdater} A:
 *
 * <pre>
 *   fast weights: θ_{t,i} = θ_{t,i−1} − A(g),  i = 1..k, starting from θ_{t,0} = φ_{t−1}
 *   slow weights: φ_t = φ_{t−1} + α·(θ_{t,k} − φ_{t−1}),   then θ_{t+1,0} = φ_t
 * </pre>
 *
 * <p>How it is done without seeing the weights: the state keeps d, the displacement of the fast
 * weights since the last synchronisation (d = Σ u over the current cycle, the updates the base
 * produced), next to the base's own state. At a synchronisation step (t mod k = 0, t = iteration
 * + 1) the network holds θ = φ − (d − u), and the update must bring it to φ − α·d, so the final
 * update is {@code u − (1 − α)·d}; then d ← 0. The slow weights thus live implicitly in the
 * state array ({@code φ = θ + d}) and are saved and restored with the network by
 * {@code ModelSerializer}. State layout: {@code [base state | d]}.
 *
 * <p>Hyperparameters and defaults (the paper's): {@code k} = 5, {@code alpha} α = 0.5; the base's
 * hyperparameters are its own (the registry's {@code lookahead} wraps {@code adam}; see
 * {@link Optimizers#lookahead(String, Map)} for another base). The learning rate and schedule
 * are the base's.
 *
 * <p>Bases with {@link Optimizers#parameterHooks per-tensor hooks} (decoupled decay, trust ratios,
 * projections: {@code lookahead-adamw}, {@code lookahead-lamb}, {@code lookahead-adamp}) change
 * the update after this updater, so d must add the final update: for the tensors carrying a
 * {@link LookaheadMark}, this updater only runs the base and leaves their slice of d to
 * {@link LookaheadSync}, the last hook, which does the step above on the final update
 * ({@link LookaheadHandover}). Without those hooks the registry refuses such bases. Not in DL4J
 * or {@code torch.optim}.
 */
public final class Lookahead implements IUpdater {

    public static final Hyperparameter K = new Hyperparameter("k", 5, Range.AT_LEAST_ONE,
            "inner steps between synchronizations (a whole number)");
    public static final Hyperparameter ALPHA = new Hyperparameter("alpha", 0.5, Range.UNIT_LEFT_OPEN,
            "step α of the slow weights towards the fast ones");
    /** Declared once, after the base's keys: read by the constructor checks, the registry, {@code optimlab list}. */
    public static final List<Hyperparameter> HYPERPARAMETERS = List.of(K, ALPHA);

    private IUpdater base;
    private int k;
    private double alpha;

    /** Adam (paper defaults) with k = 5, α = 0.5; also needed by Jackson. */
    public Lookahead() {
        this(new Adam(), (int) K.defaultValue(), ALPHA.defaultValue());
    }

    public Lookahead(IUpdater base, int k, double alpha) {
        this.base = Objects.requireNonNull(base, "lookahead: base optimizer");
        this.k = (int) K.check("lookahead", k);
        this.alpha = ALPHA.check("lookahead", alpha);
    }

    public IUpdater getBase() {
        return base;
    }

    public int getK() {
        return k;
    }

    public double getAlpha() {
        return alpha;
    }

    /** {@code k}, {@code alpha} and, for an OptimLab base, the base's hyperparameters. */
    public Map<String, Double> hyperparameters() {
        Map<String, Double> hp = new LinkedHashMap<>();
        if (base instanceof OptimLabUpdater o) {
            hp.putAll(o.hyperparameters());
        }
        hp.putAll(Hyperparameter.values(HYPERPARAMETERS, k, alpha));
        return hp;
    }

    @Override
    public long stateSize(long numParams) {
        return base.stateSize(numParams) + numParams;
    }

    @Override
    public GradientUpdater instantiate(INDArray viewArray, boolean initializeViewArray) {
        INDArray flat = viewArray.reshape(new long[] {viewArray.length()});
        long perParam = base.stateSize(1) + 1; // every rule's state is a whole number of slots
        long n = flat.length() / perParam;
        long baseSize = base.stateSize(n);
        if (baseSize + n != flat.length()) {
            throw new IllegalStateException("lookahead: state of length " + flat.length()
                    + " does not fit base " + base + " plus displacement");
        }
        INDArray baseView = baseSize == 0 ? null : flat.get(NDArrayIndex.interval(0, baseSize));
        INDArray d = flat.get(NDArrayIndex.interval(baseSize, baseSize + n));
        if (initializeViewArray) {
            d.assign(0);
        }
        return new State(this, base.instantiate(baseView, initializeViewArray), d);
    }

    @Override
    public GradientUpdater instantiate(Map<String, INDArray> updaterState, boolean initializeStateArrays) {
        throw new UnsupportedOperationException("lookahead: state maps (SameDiff) are not supported; "
                + "use it in a MultiLayerNetwork or ComputationGraph");
    }

    @Override
    public double getLearningRate(int iteration, int epoch) {
        return base.getLearningRate(iteration, epoch);
    }

    @Override
    public boolean hasLearningRate() {
        return base.hasLearningRate();
    }

    @Override
    public void setLrAndSchedule(double lr, ISchedule lrSchedule) {
        base.setLrAndSchedule(lr, lrSchedule);
    }

    @Override
    public Lookahead clone() {
        return new Lookahead(base.clone(), k, alpha);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Lookahead l && l.k == k && l.alpha == alpha && l.base.equals(base);
    }

    @Override
    public int hashCode() {
        return Objects.hash(base, k, alpha);
    }

    @Override
    public String toString() {
        return "Lookahead[k=" + k + ", alpha=" + alpha + ", base=" + base + "]";
    }

    static final class State implements GradientUpdater<Lookahead> {
        private final Lookahead config;
        private final GradientUpdater<?> base;
        /** Σ u since the last synchronisation: a view of the state array. */
        private final INDArray d;

        State(Lookahead config, GradientUpdater<?> base, INDArray d) {
            this.config = config;
            this.base = base;
            this.d = d;
        }

        @Override
        public Lookahead getConfig() {
            return config;
        }

        @Override
        public void setState(Map<String, INDArray> stateMap, boolean initialize) {
            throw new UnsupportedOperationException("lookahead: state maps (SameDiff) are not supported");
        }

        @Override
        public Map<String, INDArray> getState() {
            Map<String, INDArray> map = new LinkedHashMap<>(base.getState());
            map.put("D", d);
            return map;
        }

        @Override
        public void setStateViewArray(INDArray viewArray, long[] gradientShape, char gradientOrder, boolean initialize) {
            throw new UnsupportedOperationException("lookahead: the state is attached by Lookahead.instantiate");
        }

        @Override
        public void applyUpdater(INDArray gradient, int iteration, int epoch) {
            List<LookaheadHandover.Place> deferred = LookaheadHandover.takeMarked(gradient);
            base.applyUpdater(gradient, iteration, epoch);
            INDArray u = gradient.reshape(new long[] {gradient.length()});
            boolean sync = (iteration + 1) % config.k == 0;
            long from = 0;
            for (LookaheadHandover.Place p : deferred) { // tensors whose step LookaheadSync does after the hooks
                long at = p.offset() - gradient.offset();
                stepRange(u, from, at, sync);
                LookaheadHandover.leave(p, new LookaheadHandover.Pending(
                        d.get(NDArrayIndex.interval(at, at + p.length())), sync, config.alpha));
                from = at + p.length();
            }
            stepRange(u, from, u.length(), sync);
            if (u.data() != gradient.data()) {
                gradient.assign(u.reshape(gradient.shape()));
            }
        }

        private void stepRange(INDArray u, long from, long to, boolean sync) {
            if (to > from) {
                LookaheadHandover.step(u.get(NDArrayIndex.interval(from, to)), d.get(NDArrayIndex.interval(from, to)),
                        sync, config.alpha);
            }
        }
    }
}
