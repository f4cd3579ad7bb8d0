package dev.optimlab.optim;

import java.util.List;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Schedule-Free AdamW (Defazio et al., "The Road Less Scheduled", NeurIPS 2024, Algorithm 1;
 * reference {@code facebookresearch/schedule_free}, {@code adamw_schedulefree_reference.py}).
 * The averaging (γ_t, c_t, warm-up, x, y) is {@link ScheduleFreeUpdater}'s; the step on z is
 * Adam's normalisation without a first moment, decay taken at y:
 *
 * <pre>
 *   y       = β1·x + (1 − β1)·z                     (the current parameters)
 *   z      ← z − γ_t·λ·y
 *   v      ← β2·v + (1 − β2)·g²
 *   z      ← z − γ_t · g / (√(v/(1 − β2^t)) + ε)
 *   x      ← (1 − c_t)·x + c_t·z,      y' = β1·x + (1 − β1)·z,      u = y − y'
 * </pre>
 *
 * <p>Hyperparameters and defaults (the reference's): {@code lr} 0.0025, {@code beta1} 0.9,
 * {@code beta2} 0.999, {@code epsilon} 1e-8, {@code weightDecay} 0, {@code warmupSteps} 0,
 * {@code r} 0, {@code weightLrPower} 2. Not ported: the reference's options {@code decay_at_z}
 * and {@code inner_momentum} (both off by default). State: {@code V}, {@code Z}, {@code X}.
 * No DL4J or {@code torch.optim} twin.
 */
public final class ScheduleFreeAdamW extends ScheduleFreeUpdater {

    public static final Hyperparameter LR = Hyperparameter.lr(0.0025);
    public static final Hyperparameter BETA1 = new Hyperparameter("beta1", 0.9, Range.UNIT_HALF_OPEN,
            "interpolation β1 between x and z for the gradient point y");
    public static final Hyperparameter BETA2 = AdaptiveMomentUpdater.BETA2;
    public static final Hyperparameter EPSILON = Hyperparameter.epsilon(1e-8);
    /** Declared once: read by the constructor checks, the registry, {@code optimlab list}. */
    public static final List<Hyperparameter> HYPERPARAMETERS = declare(LR, BETA1, BETA2, EPSILON);

    private double beta1;
    private double beta2;
    private double epsilon;

    /** The reference's defaults; also needed by Jackson. */
    public ScheduleFreeAdamW() {
        this(LR.defaultValue(), BETA1.defaultValue(), BETA2.defaultValue(), EPSILON.defaultValue(),
                WEIGHT_DECAY.defaultValue(), (int) WARMUP_STEPS.defaultValue(), R.defaultValue(),
                WEIGHT_LR_POWER.defaultValue());
    }

    public ScheduleFreeAdamW(double lr, double beta1, double beta2, double epsilon, double weightDecay,
                             int warmupSteps, double r, double weightLrPower) {
        super("schedule-free-adamw", LR, lr, weightDecay, warmupSteps, r, weightLrPower);
        this.beta1 = BETA1.check(specName(), beta1);
        this.beta2 = BETA2.check(specName(), beta2);
        this.epsilon = EPSILON.check(specName(), epsilon);
    }

    @Override
    protected String specName() {
        return "schedule-free-adamw";
    }

    @Override
    public double interpolation() {
        return beta1;
    }

    @Override
    protected List<Hyperparameter> declaration() {
        return HYPERPARAMETERS;
    }

    @Override
    protected double[] ownValues() {
        return new double[] {getLearningRate(), beta1, beta2, epsilon};
    }

    @Override
    protected SlicedState<?> newState() {
        return new State(this);
    }

    static final class State extends ScheduleFreeUpdater.State<ScheduleFreeAdamW> {
        State(ScheduleFreeAdamW config) {
            super(config, "V", "Z", "X");
        }

        @Override
        protected void update(INDArray grad, double baseLr, int t) {
            averaging.at(t, baseLr);
            new Pass(config, averaging, t).run(grad, slot(0), z(), x());
        }
    }

    /** One step over g, v, z, x (the class comment's box). */
    private static final class Pass extends ScheduleFreeUpdater.Pass {
        private final double b2;
        private final double a2;
        private final double bc2;
        private final double eps;
        private final double decay;
        private final float fb2;
        private final float fa2;
        private final float fBc2;
        private final float fEps;
        private final float fDecay;

        Pass(ScheduleFreeAdamW config, ScheduleFreeUpdater.Averaging averaging, int t) {
            super(config, averaging);
            b2 = config.beta2;
            a2 = 1 - b2;
            bc2 = 1 - Math.pow(b2, t);
            eps = config.epsilon;
            decay = lr * config.getWeightDecay();
            fb2 = (float) b2;
            fa2 = (float) a2;
            fBc2 = (float) bc2;
            fEps = (float) eps;
            fDecay = (float) decay;
        }

        @Override
        void zStep(float[][] t, float[] y, int len) {
            float[] gt = t[0];
            float[] vt = t[1];
            float[] zt = t[2];
            float[] xt = t[3];
            for (int i = 0; i < len; i++) {
                float gi = gt[i];
                float yi = y(xt[i], zt[i]);
                float vi = vt[i] * fb2 + fa2 * gi * gi;
                float zi = zt[i] - fDecay * yi;
                y[i] = yi;
                vt[i] = vi;
                zt[i] = zi - flr * (gi / ((float) Math.sqrt(vi / fBc2) + fEps));
            }
        }

        @Override
        double zStep(Lanes[] l, int i, double z, double y) {
            double gi = l[0].get(i);
            double vi = l[1].get(i) * b2 + a2 * gi * gi;
            l[1].set(i, vi);
            return z - decay * y - lr * (gi / (Math.sqrt(vi / bc2) + eps));
        }
    }
}
