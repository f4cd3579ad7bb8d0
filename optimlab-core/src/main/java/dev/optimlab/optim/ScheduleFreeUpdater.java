package dev.optimlab.optim;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.schedule.ISchedule;

/**
 * What Schedule-Free AdamW and SGD share (Defazio, Yang, Mehta, Mishchenko, Khaled, Cutkosky,
 * "The Road Less Scheduled", NeurIPS 2024; reference {@code facebookresearch/schedule_free},
 * {@code *_schedulefree_reference.py}): three sequences, the base step taken on z, the average x
 * of the z's, and the gradient point y between them.
 *
 * <pre>
 *   γ_t   = lr·min(1, t/warmupSteps)                         (built-in linear warm-up)
 *   γmax  = max(γ_1..γ_t)
 *   w_t   = t^r · γmax^weightLrPower,   c_t = w_t / Σ_{i≤t} w_i   (0 if the sum is 0)
 *   z_t   = z_{t−1} − γ_t·(step direction at y_{t−1}, decay λ·y_{t−1} included)
 *   x_t   = (1 − c_t)·x_{t−1} + c_t·z_t
 *   y_t   = β·x_t + (1 − β)·z_t                              (β: beta1, or momentum for SGD)
 * </pre>
 *
 * <p>During training the network's parameters hold y (the gradient is taken there), as in the
 * reference; the state keeps z and x, starting at the initial weights: <b>call
 * {@link ScheduleFree#start} once after {@code init()}</b>, before the first {@code fit} (the
 * updater never sees the weights; a fresh state refuses to step without it). The update handed
 * to DL4J is u = y_{t−1} − y_t with y computed from the state, so the parameters follow the
 * reference's y. Evaluate at x with {@link ScheduleFree#atX}.
 *
 * <p>Hyperparameters shared by both ({@code lr} &gt; 0, {@code weightDecay} λ ≥ 0,
 * {@code warmupSteps} ≥ 0 whole, {@code r} ≥ 0, {@code weightLrPower} ≥ 0); defaults are each
 * subclass's (the reference's). No learning-rate schedule: the method replaces it (warm-up is
 * built in), and c_t depends on the whole history of γ, which the state array could not hold
 * for an arbitrary schedule; setting one is refused. The scalar sequence (γmax, Σw) is a
 * function of t alone, kept per updater block and recomputed from t = 1 after a restore (the
 * same operations in the same order: bitwise the same values). Weight decay is applied to every
 * parameter in the block, biases included, as in the reference. Per-tensor POST_UPDATER hooks
 * would change u behind the state's back and break y = β·x + (1 − β)·z, so the registry gives
 * none.
 */
public abstract class ScheduleFreeUpdater extends OptimLabUpdater {

    public static final Hyperparameter WEIGHT_DECAY = Hyperparameter.weightDecay(0.0,
            "weight decay λ, applied at y (the gradient point)");
    public static final Hyperparameter WARMUP_STEPS = new Hyperparameter("warmupSteps", 0, Range.NON_NEGATIVE,
            "steps of linear learning-rate warm-up (a whole number)");
    public static final Hyperparameter R = new Hyperparameter("r", 0.0, Range.NON_NEGATIVE,
            "power r of the step-count weighting of the average");
    public static final Hyperparameter WEIGHT_LR_POWER = new Hyperparameter("weightLrPower", 2.0, Range.NON_NEGATIVE,
            "power of the learning rate in the averaging weight");
    /** The keys after a rule's own, shared by both rules. */
    static final List<Hyperparameter> TAIL = List.of(WEIGHT_DECAY, WARMUP_STEPS, R, WEIGHT_LR_POWER);

    private double weightDecay;
    private int warmupSteps;
    private double r;
    private double weightLrPower;

    protected ScheduleFreeUpdater(String name, Hyperparameter lrDeclared, double lr, double weightDecay, int warmupSteps,
                                  double r, double weightLrPower) {
        super(lrDeclared.check(name, lr));
        this.weightDecay = WEIGHT_DECAY.check(name, weightDecay);
        this.warmupSteps = (int) WARMUP_STEPS.check(name, warmupSteps);
        this.r = R.check(name, r);
        this.weightLrPower = WEIGHT_LR_POWER.check(name, weightLrPower);
    }

    /** {@code lr}, then the rule's own keys, then {@link #TAIL}. */
    static List<Hyperparameter> declare(Hyperparameter lr, Hyperparameter... own) {
        List<Hyperparameter> all = new ArrayList<>();
        all.add(lr);
        all.addAll(List.of(own));
        all.addAll(TAIL);
        return List.copyOf(all);
    }

    @Override
    public Set<Requirement> requirements() {
        return Set.of(Requirement.START_AT_INITIAL_WEIGHTS, Requirement.NO_SCHEDULE);
    }

    public double getWeightDecay() {
        return weightDecay;
    }

    public int getWarmupSteps() {
        return warmupSteps;
    }

    public double getR() {
        return r;
    }

    public double getWeightLrPower() {
        return weightLrPower;
    }

    /** The spec name, for messages (a method, not a field, so that JSON does not carry it). */
    protected abstract String specName();

    /** β of y = β·x + (1 − β)·z: beta1 for AdamW, momentum for SGD. */
    public abstract double interpolation();

    /** The rule's declaration ({@link #declare}), for {@link #hyperparameters()}. */
    protected abstract List<Hyperparameter> declaration();

    /** The learning rate and the rule's own values, in declaration order. */
    protected abstract double[] ownValues();

    @Override
    public Map<String, Double> hyperparameters() {
        double[] own = ownValues();
        double[] all = Arrays.copyOf(own, own.length + TAIL.size());
        all[own.length] = weightDecay;
        all[own.length + 1] = warmupSteps;
        all[own.length + 2] = r;
        all[own.length + 3] = weightLrPower;
        return Hyperparameter.values(declaration(), all);
    }

    @Override
    public void setLrAndSchedule(double lr, ISchedule lrSchedule) {
        refuse(lrSchedule);
        super.setLrAndSchedule(lr, lrSchedule);
    }

    @Override
    public OptimLabUpdater schedule(ISchedule lrSchedule) {
        refuse(lrSchedule);
        return super.schedule(lrSchedule);
    }

    private void refuse(ISchedule lrSchedule) {
        if (lrSchedule != null) {
            throw new IllegalArgumentException(specName() + ": takes no learning-rate schedule (it replaces one; "
                    + "use warmupSteps for warm-up), got " + lrSchedule);
        }
    }

    /**
     * The per-step scalars γ_t and c_t, folded in step by step as the reference does; recomputed
     * from step 1 whenever a step arrives out of order (after a restore).
     */
    static final class Averaging {
        private final ScheduleFreeUpdater config;
        private int k;
        private double lrMax = -1;
        private double weightSum;
        /** γ_k and c_k of the last folded step. */
        double lr;
        double c;

        Averaging(ScheduleFreeUpdater config) {
            this.config = config;
        }

        /** Advances to step t (1-based) with base rate {@code baseLr}. */
        void at(int t, double baseLr) {
            if (t != k + 1) {
                k = 0;
                lrMax = -1;
                weightSum = 0;
                for (int i = 1; i < t; i++) {
                    fold(i, baseLr);
                }
            }
            fold(t, baseLr);
        }

        private void fold(int t, double baseLr) {
            double sched = t - 1 < config.warmupSteps ? (double) t / config.warmupSteps : 1.0;
            lr = baseLr * sched;
            lrMax = Math.max(lr, lrMax);
            double weight = Math.pow(t, config.r) * Math.pow(lrMax, config.weightLrPower);
            weightSum += weight;
            c = weightSum == 0 ? 0 : weight / weightSum;
            k = t;
        }
    }

    /**
     * A schedule-free step as one pass over g, the rule's own slots, then z and x (the last two
     * lanes): the rule moves z at the gradient point y ({@link #zStep}), and this class does the
     * rest once for both rules, in float and in double: y = β·x + (1 − β)·z before the step, and
     * after it x ← (1 − c_t)·x + c_t·z and the update u = y − (β·x + (1 − β)·z) into g. The
     * scalars γ_t and c_t come from {@link Averaging}, β from the config, each with its
     * complement, in double and in float.
     *
     * <p>In float a tile is two loops, the rule's and the tail, with y handed over in a tile of
     * its own: each loop stays small enough for C2 to unroll and vectorize (see {@link Adan}'s
     * pass), and the second reads back in L1 what the first wrote.
     */
    abstract static class Pass extends ElementwisePass {
        final double lr;
        final double c;
        /** 1 − c_t: x keeps this share of itself. */
        final double keep;
        final double b;
        /** 1 − β. */
        final double a;
        final float flr;
        final float fc;
        final float fKeep;
        final float fb;
        final float fa;
        /** y of one tile, from the rule's loop to the tail's. */
        private final float[] yTile = new float[FloatTiles.SIZE];

        Pass(ScheduleFreeUpdater config, ScheduleFreeUpdater.Averaging averaging) {
            lr = averaging.lr;
            c = averaging.c;
            keep = 1 - c;
            b = config.interpolation();
            a = 1 - b;
            flr = (float) lr;
            fc = (float) c;
            fKeep = (float) keep;
            fb = (float) b;
            fa = (float) a;
        }

        /** The gradient point y = β·x + (1 − β)·z. */
        final float y(float x, float z) {
            return x * fb + z * fa;
        }

        final double y(double x, double z) {
            return x * b + z * a;
        }

        /**
         * The rule's loop over one tile ({@code t} as in {@link #floats}, z and x last): writes
         * y = {@link #y(float, float)} of the old x and z into {@code y}, advances z (and the
         * rule's own slots) at y. x is only read.
         */
        abstract void zStep(float[][] t, float[] y, int len);

        /**
         * The rule's step on element {@code i} in double: advances its own slots there and
         * returns the new z, given the old {@code z} and the gradient point {@code y}.
         */
        abstract double zStep(Lanes[] l, int i, double z, double y);

        @Override
        final void floats(float[][] t, int len) {
            zStep(t, yTile, len);
            average(t[0], t[t.length - 2], t[t.length - 1], len);
        }

        private void average(float[] gt, float[] zt, float[] xt, int len) {
            float[] yt = yTile;
            for (int i = 0; i < len; i++) {
                float zi = zt[i];
                float xi = xt[i] * fKeep + fc * zi;
                xt[i] = xi;
                gt[i] = yt[i] - y(xi, zi);
            }
        }

        @Override
        final void doubles(Lanes[] l, int n) {
            Lanes g = l[0];
            Lanes z = l[l.length - 2];
            Lanes x = l[l.length - 1];
            for (int i = 0; i < n; i++) {
                double xi = x.get(i);
                double zi = z.get(i);
                double y = y(xi, zi);
                zi = zStep(l, i, zi, y);
                xi = xi * keep + c * zi;
                z.set(i, zi);
                x.set(i, xi);
                g.set(i, y - y(xi, zi));
            }
        }
    }

    /**
     * The state of one updater block: its slots end with {@code Z}, {@code X}. A fresh state
     * (zero-filled by DL4J) must be {@link #start started} at the block's initial weights.
     *
     * <p>Fresh is told by content, not by DL4J's {@code initialize} flag: a restored network is
     * built with fresh, initialized updaters and only then has the saved array copied into their
     * views, so the flag says "fresh" for a restored state too. A state whose z and x are all
     * zero is fresh (or started at all-zero weights, where starting again changes nothing).
     */
    abstract static class State<T extends ScheduleFreeUpdater> extends SlicedState<T> {
        protected final Averaging averaging;
        private boolean started;

        State(T config, String... keys) {
            super(config, keys);
            this.averaging = new Averaging(config);
        }

        /** z and x, the last two slots. */
        INDArray z() {
            return slot(state.length - 2);
        }

        INDArray x() {
            return slot(state.length - 1);
        }

        /** Sets z = x = {@code params} (the block's initial weights, y_0) if the state is fresh. */
        void start(INDArray params) {
            if (params.length() != z().length()) {
                throw new IllegalStateException(config.specName() + ": block of " + params.length()
                        + " parameters for a state of " + z().length());
            }
            started = true;
            if (z().amaxNumber().doubleValue() == 0 && x().amaxNumber().doubleValue() == 0) {
                INDArray flat = params.reshape(new long[] {params.length()});
                z().assign(flat);
                x().assign(flat);
            }
        }

        /** The first step needs a started state; later steps (e.g. after a restore) hold z and x already. */
        @Override
        public void applyUpdater(INDArray gradient, int iteration, int epoch) {
            if (!started && iteration == 0) {
                throw new IllegalStateException(config.specName() + ": the state does not hold the initial weights; "
                        + "call ScheduleFree.start(net) after init() and before the first fit");
            }
            super.applyUpdater(gradient, iteration, epoch);
        }
    }
}
