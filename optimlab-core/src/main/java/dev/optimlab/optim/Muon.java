package dev.optimlab.optim;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.deeplearning4j.nn.conf.layers.BaseOutputLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.regularization.Regularization;

/**
 * Muon, "MomentUm Orthogonalized by Newton–Schulz" (Jordan, Jin, Boza, You, Cesista, Newhouse,
 * Bernstein, 2024, kellerjordan.github.io/posts/muon; reference code {@code KellerJordan/Muon},
 * {@code muon.py}, {@code SingleDeviceMuonWithAuxAdam}). For a hidden 2-D weight W with gradient
 * G, viewed as the matrix [output units × inputs] (a convolution kernel [nOut, nIn, kH, kW] as
 * [nOut, nIn·kH·kW]):
 *
 * <pre>
 *   M_t = β·M_{t−1} + (1 − β)·G_t                       (momentum, the reference's lerp)
 *   U_t = (1 − β)·G_t + β·M_t   (Nesterov)   or   M_t
 *   O_t = NS₅(U_t) · √max(1, rows/cols)                 ({@link MuonOrthogonalization})
 *   W_t = W_{t−1} − η·λ·W_{t−1} − η·O_t                 (decoupled decay, {@link DecoupledWeightDecay})
 * </pre>
 *
 * <p>Every other parameter (biases, norm gains, the output layer, and layers whose weights are
 * not unit-major matrices: recurrent, embedding, depthwise, ...) takes AdamW with its own
 * hyperparameters ({@code adam*} keys), as the reference's {@code MuonWithAuxAdam} prescribes.
 * One value configures both parts: this class is the elementwise part for the hidden weights
 * (producing {@code u = η·U_t}) and carries the auxiliary AdamW; {@link OptimizerWiring} gives
 * hidden weights this updater with the {@link #hiddenWeightHooks() Newton–Schulz hook}, their
 * biases the auxiliary {@link Adam} (via {@code biasUpdater}), and every other layer the
 * auxiliary Adam with its decay. The registry's configuration is a prototype that refuses to
 * run until wired ({@link #wired()}), so that Muon never silently runs as plain momentum in a
 * network built with {@code .updater(...)} alone.
 *
 * <p>Hyperparameters and defaults (the reference code's): {@code lr} η = 0.02, {@code momentum}
 * β = 0.95, {@code nesterov} = 1 (0 for plain momentum), {@code nsSteps} = 5, {@code weightDecay}
 * λ = 0; auxiliary AdamW: {@code adamLr} = 3e-4, {@code adamBeta1} = 0.9, {@code adamBeta2} =
 * 0.95, {@code adamEpsilon} = 1e-10, {@code adamWeightDecay} = 0. State: {@code M} (hidden
 * weights), Adam's {@code M}, {@code V} elsewhere.
 *
 * <p>Deviations from the reference: the Newton–Schulz iteration runs in the network's data type
 * (float or double), not bfloat16; the auxiliary AdamW's decay is applied to weights only, not
 * to biases and norm gains (the project's rule for every decoupled decay, see
 * {@link OptimizerWiring}); with the default {@code adamWeightDecay} = 0 the two agree.
 */
public final class Muon extends OptimLabUpdater {

    public static final Hyperparameter LR = Hyperparameter.lr(0.02);
    public static final Hyperparameter MOMENTUM = Hyperparameter.momentum(0.95);
    public static final Hyperparameter NESTEROV = new Hyperparameter("nesterov", 1.0, Range.UNIT_CLOSED,
            "1: Nesterov momentum, 0: plain momentum (a switch)");
    public static final Hyperparameter NS_STEPS = new Hyperparameter("nsSteps", 5, Range.AT_LEAST_ONE,
            "Newton–Schulz iterations of the orthogonalization (a whole number)");
    public static final Hyperparameter WEIGHT_DECAY = Hyperparameter.weightDecay(0.0,
            "decoupled weight decay λ of the hidden weight matrices");
    public static final Hyperparameter ADAM_LR = new Hyperparameter("adamLr", 3e-4, Range.POSITIVE,
            "learning rate of the auxiliary Adam (every parameter that is not a hidden weight matrix)");
    public static final Hyperparameter ADAM_BETA1 = new Hyperparameter("adamBeta1", 0.9, Range.UNIT_HALF_OPEN,
            "β1 of the auxiliary Adam");
    public static final Hyperparameter ADAM_BETA2 = new Hyperparameter("adamBeta2", 0.95, Range.UNIT_HALF_OPEN,
            "β2 of the auxiliary Adam");
    public static final Hyperparameter ADAM_EPSILON = new Hyperparameter("adamEpsilon", 1e-10, Range.POSITIVE,
            "ε of the auxiliary Adam");
    public static final Hyperparameter ADAM_WEIGHT_DECAY = new Hyperparameter("adamWeightDecay", 0.0,
            Range.NON_NEGATIVE, "decoupled weight decay λ of the auxiliary Adam's weights");
    /** Declared once: read by the constructor checks, the registry, {@code optimlab list}. */
    public static final List<Hyperparameter> HYPERPARAMETERS = List.of(LR, MOMENTUM, NESTEROV, NS_STEPS, WEIGHT_DECAY,
            ADAM_LR, ADAM_BETA1, ADAM_BETA2, ADAM_EPSILON, ADAM_WEIGHT_DECAY);

    private double momentum;
    private boolean nesterov;
    private int nsSteps;
    private double weightDecay;
    private Adam auxiliary;
    private double auxiliaryWeightDecay;
    /** False for the registry's prototype, true once {@link OptimizerWiring} put it on hidden weights. */
    private boolean wired;

    /** The reference code's defaults; also needed by Jackson. */
    public Muon() {
        this(LR.defaultValue(), MOMENTUM.defaultValue(), NESTEROV.defaultValue() == 1, (int) NS_STEPS.defaultValue(),
                WEIGHT_DECAY.defaultValue(), new Adam(ADAM_LR.defaultValue(), ADAM_BETA1.defaultValue(),
                        ADAM_BETA2.defaultValue(), ADAM_EPSILON.defaultValue(), Variant.PAPER),
                ADAM_WEIGHT_DECAY.defaultValue());
    }

    /**
     * @param auxiliary            the Adam for every parameter that is not a hidden weight matrix
     * @param auxiliaryWeightDecay its decoupled decay (on weights)
     */
    public Muon(double lr, double momentum, boolean nesterov, int nsSteps, double weightDecay,
                Adam auxiliary, double auxiliaryWeightDecay) {
        super(LR.check("muon", lr));
        this.momentum = MOMENTUM.check("muon", momentum);
        this.nesterov = nesterov;
        this.nsSteps = (int) NS_STEPS.check("muon", nsSteps);
        this.weightDecay = WEIGHT_DECAY.check("muon", weightDecay);
        if (auxiliary.getVariant() != Variant.PAPER) {
            throw new IllegalArgumentException("muon: the auxiliary Adam must be the paper form (the reference's)");
        }
        // Adam checked its values under its own names; these check them under Muon's keys
        ADAM_LR.check("muon", auxiliary.getLearningRate());
        ADAM_BETA1.check("muon", auxiliary.getBeta1());
        ADAM_BETA2.check("muon", auxiliary.getBeta2());
        ADAM_EPSILON.check("muon", auxiliary.getEpsilon());
        this.auxiliary = auxiliary;
        this.auxiliaryWeightDecay = ADAM_WEIGHT_DECAY.check("muon", auxiliaryWeightDecay);
    }

    public double getMomentum() {
        return momentum;
    }

    public boolean isNesterov() {
        return nesterov;
    }

    public int getNsSteps() {
        return nsSteps;
    }

    public double getWeightDecay() {
        return weightDecay;
    }

    /** This configuration as put on hidden weights by {@link OptimizerWiring}: allowed to run. */
    public Muon wired() {
        Muon copy = clone();
        copy.wired = true;
        return copy;
    }

    @Override
    public Set<Requirement> requirements() {
        return wired ? Set.of() : Set.of(Requirement.PER_LAYER_WIRING);
    }

    /** Hidden weight matrices take the wired Muon whatever their shape (Newton–Schulz reads it). */
    @Override
    public Muon forWeightMatrix(int rows, int cols, int tensor) {
        return wired();
    }

    public boolean isWired() {
        return wired;
    }

    /** The AdamW (elementwise part) for every parameter that is not a hidden weight matrix. */
    public Adam auxiliary() {
        return auxiliary;
    }

    /** The per-tensor part for hidden weight matrices: Newton–Schulz, then decoupled decay. */
    public List<Regularization> hiddenWeightHooks() {
        List<Regularization> hooks = new ArrayList<>();
        hooks.add(new MuonOrthogonalization(nsSteps));
        if (weightDecay > 0) {
            hooks.add(new DecoupledWeightDecay(weightDecay));
        }
        return hooks;
    }

    /** The per-tensor part for the weights of the other layers: AdamW's decay, if any. */
    public List<Regularization> auxiliaryWeightHooks() {
        return auxiliaryWeightDecay > 0 ? List.of(new DecoupledWeightDecay(auxiliaryWeightDecay)) : List.of();
    }

    /**
     * Whether Muon takes {@code layer}'s weights: hidden (not an output layer) dense or 1-/2-D
     * convolution layers, whose weights are unit-major matrices ({@link AdamPProbe#unitsOf}).
     */
    public static boolean isHidden(Layer layer) {
        return !(layer instanceof BaseOutputLayer) && AdamPProbe.unitsOf(layer) > 0;
    }

    /** Refuses the unwired prototype, which would run as Nesterov momentum on every parameter. */
    @Override
    public long stateSize(long numParams) {
        if (!wired) {
            throw new IllegalStateException("muon: the registry's configuration must be wired per layer "
                    + "(OptimizerWiring.apply), which puts Newton-Schulz on hidden weights and AdamW elsewhere; "
                    + "set alone with .updater(...) it would run as plain momentum");
        }
        return super.stateSize(numParams);
    }

    @Override
    protected SlicedState<?> newState() {
        return new State(this);
    }

    @Override
    public Map<String, Double> hyperparameters() {
        return Hyperparameter.values(HYPERPARAMETERS, getLearningRate(), momentum, nesterov ? 1.0 : 0.0, nsSteps,
                weightDecay, auxiliary.getLearningRate(), auxiliary.getBeta1(), auxiliary.getBeta2(),
                auxiliary.getEpsilon(), auxiliaryWeightDecay);
    }

    @Override
    public boolean equals(Object o) {
        return super.equals(o) && auxiliary.equals(((Muon) o).auxiliary) && wired == ((Muon) o).wired;
    }

    @Override
    public int hashCode() {
        return 31 * (31 * super.hashCode() + auxiliary.hashCode()) + Boolean.hashCode(wired);
    }

    /** Shows the wiring: the prototype and the wired copy differ in equality, so they must print apart. */
    @Override
    public String toString() {
        return super.toString() + (wired ? "[wired]" : "");
    }

    @Override
    public Muon clone() {
        Muon copy = withScheduleOf(new Muon(getLearningRate(), momentum, nesterov, nsSteps, weightDecay,
                (Adam) auxiliary.clone(), auxiliaryWeightDecay));
        copy.wired = wired;
        return copy;
    }

    static final class State extends SlicedState<Muon> {
        State(Muon config) {
            super(config, "M");
        }

        @Override
        protected void update(INDArray g, double lr, int t) {
            double beta = config.momentum;
            INDArray m = slot(0);
            m.muli(beta).addi(g.mul(1 - beta));
            if (config.nesterov) {
                g.muli(1 - beta).addi(m.mul(beta));
            } else {
                g.assign(m);
            }
            g.muli(lr);
        }
    }
}
