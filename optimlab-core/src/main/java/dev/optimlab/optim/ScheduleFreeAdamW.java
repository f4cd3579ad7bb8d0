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
            double lr = averaging.lr;
            double c = averaging.c;
            double b1 = config.beta1;
            double b2 = config.beta2;
            double eps = config.epsilon;
            double decay = lr * config.getWeightDecay();
            double bc2 = 1 - Math.pow(b2, t);
            Lanes g = Lanes.of(grad);
            Lanes v = Lanes.of(slot(0));
            Lanes z = Lanes.of(z());
            Lanes x = Lanes.of(x());
            int n = g.length;
            if (Lanes.floats(g, v, z, x)) {
                FloatTiles tiles = new FloatTiles(g, v, z, x);
                float[] gt = tiles.tile(0);
                float[] vt = tiles.tile(1);
                float[] zt = tiles.tile(2);
                float[] xt = tiles.tile(3);
                float fb1 = (float) b1;
                float fa1 = (float) (1 - b1);
                float fb2 = (float) b2;
                float fa2 = (float) (1 - b2);
                float fBc2 = (float) bc2;
                float fEps = (float) eps;
                float fLr = (float) lr;
                float fDecay = (float) decay;
                float fc = (float) c;
                float fKeep = (float) (1 - c);
                for (int base = 0; base < n; base += FloatTiles.SIZE) {
                    int len = tiles.load(base);
                    for (int i = 0; i < len; i++) {
                        float gi = gt[i];
                        float y = xt[i] * fb1 + zt[i] * fa1;
                        float vi = vt[i] * fb2 + fa2 * gi * gi;
                        float zi = zt[i] - fDecay * y;
                        zi -= fLr * (gi / ((float) Math.sqrt(vi / fBc2) + fEps));
                        float xi = xt[i] * fKeep + fc * zi;
                        vt[i] = vi;
                        zt[i] = zi;
                        xt[i] = xi;
                        gt[i] = y - (xi * fb1 + zi * fa1);
                    }
                    tiles.store(base, len);
                }
            } else {
                for (int i = 0; i < n; i++) {
                    double gi = g.get(i);
                    double xi = x.get(i);
                    double zi = z.get(i);
                    double y = xi * b1 + zi * (1 - b1);
                    double vi = v.get(i) * b2 + (1 - b2) * gi * gi;
                    zi -= decay * y;
                    zi -= lr * (gi / (Math.sqrt(vi / bc2) + eps));
                    xi = xi * (1 - c) + c * zi;
                    v.set(i, vi);
                    z.set(i, zi);
                    x.set(i, xi);
                    g.set(i, y - (xi * b1 + zi * (1 - b1)));
                }
            }
            v.commit();
            z.commit();
            x.commit();
            g.commit();
        }
    }
}
