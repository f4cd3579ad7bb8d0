package dev.optimlab.optim;

import java.util.List;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Schedule-Free SGD (Defazio et al., "The Road Less Scheduled", NeurIPS 2024, Algorithm 1 with
 * the plain gradient step; reference {@code facebookresearch/schedule_free},
 * {@code sgd_schedulefree_reference.py}). The averaging (γ_t, c_t, warm-up, x, y) is
 * {@link ScheduleFreeUpdater}'s:
 *
 * <pre>
 *   y   = μ·x + (1 − μ)·z                 (the current parameters; μ = momentum)
 *   z  ← z − γ_t·(g + λ·y)
 *   x  ← (1 − c_t)·x + c_t·z,      y' = μ·x + (1 − μ)·z,      u = y − y'
 * </pre>
 *
 * <p>Hyperparameters and defaults (the reference's): {@code lr} 1.0, {@code momentum} 0.9,
 * {@code weightDecay} 0, {@code warmupSteps} 0, {@code r} 0, {@code weightLrPower} 2. State:
 * {@code Z}, {@code X}. No DL4J or {@code torch.optim} twin.
 */
public final class ScheduleFreeSgd extends ScheduleFreeUpdater {

    public static final Hyperparameter LR = Hyperparameter.lr(1.0);
    public static final Hyperparameter MOMENTUM = new Hyperparameter("momentum", 0.9, Range.UNIT_HALF_OPEN,
            "interpolation β between x and z for the gradient point y");
    /** Declared once: read by the constructor checks, the registry, {@code optimlab list}. */
    public static final List<Hyperparameter> HYPERPARAMETERS = declare(LR, MOMENTUM);

    private double momentum;

    /** The reference's defaults; also needed by Jackson. */
    public ScheduleFreeSgd() {
        this(LR.defaultValue(), MOMENTUM.defaultValue(), WEIGHT_DECAY.defaultValue(),
                (int) WARMUP_STEPS.defaultValue(), R.defaultValue(), WEIGHT_LR_POWER.defaultValue());
    }

    public ScheduleFreeSgd(double lr, double momentum, double weightDecay, int warmupSteps, double r,
                           double weightLrPower) {
        super("schedule-free-sgd", LR, lr, weightDecay, warmupSteps, r, weightLrPower);
        this.momentum = MOMENTUM.check(specName(), momentum);
    }

    @Override
    protected String specName() {
        return "schedule-free-sgd";
    }

    @Override
    public double interpolation() {
        return momentum;
    }

    @Override
    protected List<Hyperparameter> declaration() {
        return HYPERPARAMETERS;
    }

    @Override
    protected double[] ownValues() {
        return new double[] {getLearningRate(), momentum};
    }

    @Override
    protected SlicedState<?> newState() {
        return new State(this);
    }

    static final class State extends ScheduleFreeUpdater.State<ScheduleFreeSgd> {
        State(ScheduleFreeSgd config) {
            super(config, "Z", "X");
        }

        @Override
        protected void update(INDArray grad, double baseLr, int t) {
            averaging.at(t, baseLr);
            new Pass(config, averaging).run(grad, z(), x());
        }
    }

    /** One step over g, z, x (the class comment's box). */
    private static final class Pass extends ScheduleFreeUpdater.Pass {
        private final double wd;
        private final float fWd;

        Pass(ScheduleFreeSgd config, ScheduleFreeUpdater.Averaging averaging) {
            super(config, averaging);
            wd = config.getWeightDecay();
            fWd = (float) wd;
        }

        @Override
        void zStep(float[][] t, float[] y, int len) {
            float[] gt = t[0];
            float[] zt = t[1];
            float[] xt = t[2];
            for (int i = 0; i < len; i++) {
                float zi = zt[i];
                float yi = y(xt[i], zi);
                y[i] = yi;
                zt[i] = zi - flr * (gt[i] + fWd * yi);
            }
        }

        @Override
        double zStep(Lanes[] l, int i, double z, double y) {
            return z - lr * (l[0].get(i) + wd * y);
        }
    }
}
