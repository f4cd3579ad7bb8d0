package dev.optimlab.optim;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.eigen.Eigen;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Shampoo (Gupta, Koren, Singer, "Shampoo: Preconditioned Stochastic Tensor Optimization",
 * ICML 2018, Algorithm 1) in the practical form of Anil, Gupta, Koren, Regan, Singer, "Scalable
 * Second Order Optimization for Deep Learning", 2020 (reference code: google-research
 * {@code scalable_shampoo}): per weight matrix G (r × c, output units × inputs, a convolution
 * kernel as [nOut, nIn·kH·kW]), with Adam grafting for the per-tensor step size:
 *
 * <pre>
 *   m_t = β1·m_{t−1} + (1 − β1)·G_t,   v_t = β2·v_{t−1} + (1 − β2)·G_t²
 *   m̂_t = m_t/(1 − β1^t),   A_t = m̂_t/(√(v_t/(1 − β2^t)) + ε)            (Adam: the graft)
 *   L_t = L_{t−1} + G_t·G_tᵀ,   R_t = R_{t−1} + G_tᵀ·G_t                  (L_0 = R_0 = 0)
 *   every f steps ((t − 1) mod f = 0):  L̃ = (L_t + ε_m·I)^{−1/4},  R̃ = (R_t + ε_m·I)^{−1/4}
 *   S_t = L̃·m̂_t·R̃                                                       (Shampoo's direction)
 *   W_t = W_{t−1} − η·S_t·‖A_t‖_F/‖S_t‖_F                                 (Adam's magnitude)
 * </pre>
 *
 * <p>Inverse roots by symmetric eigendecomposition (LAPACK {@code syev}) in double precision,
 * L = QΛQᵀ ⇒ (L + ε_m I)^{−1/4} = Q·diag((max(λ, 0) + ε_m)^{−1/4})·Qᵀ, as Anil et al. compute
 * roots in higher precision. A side whose dimension exceeds {@code maxPreconditionerDim} is not
 * preconditioned (identity); with both sides over it, or for a tensor that is not a unit-major
 * matrix (biases, norm gains, recurrent weights), the step is Adam's own: {@code η·A_t}, the
 * diagonal fallback. If ‖S_t‖ = 0 the step is also η·A_t.
 *
 * <p>Grafting and momentum: the direction preconditions Adam's bias-corrected first moment
 * (the "filtered gradient" of Shi et al. 2023, {@code facebookresearch/optimizers} Distributed
 * Shampoo, which grafts only the second-moment part); google-research's PyTorch Shampoo instead
 * applies heavy-ball momentum after grafting and grafts SGD/AdaGrad. Statistics are sums
 * (β2 = 1 of the reference); ε_m is an absolute ridge added before the root (the reference's
 * {@code matrix_eps} convention differs); no blocking of large dimensions (they fall back as
 * above); no weight decay (add {@link DecoupledWeightDecay} per layer if wanted).
 *
 * <p>Design in DL4J: the preconditioner state depends on the tensor's shape, so each weight
 * tensor gets its own configuration that knows its shape ({@code rows}, {@code cols}) and keeps
 * everything in DL4J's updater-state array, which {@code ModelSerializer} saves, so a restored
 * network continues exactly: {@code [m (n) | v (n) | L (r²) | R (c²) | L̃ (r²) | R̃ (c²)]}, a side
 * taking no space when it is not preconditioned. {@link OptimizerWiring} builds these per layer
 * ({@link #forLayer}) and gives biases the {@link #diagonal()} configuration. Guard against DL4J
 * merging two tensors into one updater block: each shaped configuration carries a distinct
 * {@code tensor} number (consecutive weights, e.g. a convolution's after a dense layer's, would
 * otherwise be {@code equals} and merged), and {@link #stateSize} refuses a block whose length
 * is not r·c. The registry's configuration itself is a prototype: it refuses to run until
 * wired, so that Shampoo never silently degrades to Adam in a network built with
 * {@code .updater(...)} alone.
 *
 * <p>Hyperparameters and defaults: {@code lr} η = 1e-3, {@code beta1} 0.9, {@code beta2} 0.999,
 * {@code epsilon} ε = 1e-8 (Adam's, for the graft), {@code matrixEpsilon} ε_m = 1e-6,
 * {@code preconditionFrequency} f = 1 (the reference's {@code preconditioning_compute_steps}),
 * {@code maxPreconditionerDim} = 1024 (Distributed Shampoo's default). Cost per step and
 * refresh: O(r²c + rc²) for the products, O(r³ + c³) for the eigendecompositions.
 */
public final class Shampoo extends AdaptiveMomentUpdater {

    public static final Hyperparameter LR = Hyperparameter.lr(1e-3);
    public static final Hyperparameter EPSILON = Hyperparameter.epsilon(1e-8);
    public static final Hyperparameter MATRIX_EPSILON = new Hyperparameter("matrixEpsilon", 1e-6, Range.POSITIVE,
            "ε·I added to each preconditioner statistic before its inverse fourth root");
    public static final Hyperparameter PRECONDITION_FREQUENCY = new Hyperparameter("preconditionFrequency", 1,
            Range.AT_LEAST_ONE, "steps between recomputations of the inverse roots (a whole number)");
    public static final Hyperparameter MAX_PRECONDITIONER_DIM = new Hyperparameter("maxPreconditionerDim", 1024,
            Range.AT_LEAST_ONE, "largest side preconditioned by a matrix; longer sides stay diagonal (a whole number)");
    /** Declared once: read by the constructor checks, the registry, {@code optimlab list}. */
    public static final List<Hyperparameter> HYPERPARAMETERS = declare(LR, EPSILON, MATRIX_EPSILON,
            PRECONDITION_FREQUENCY, MAX_PRECONDITIONER_DIM);

    /** {@code rows} of the unwired prototype. */
    private static final int PROTOTYPE = -1;

    private double matrixEpsilon;
    private int preconditionFrequency;
    private int maxPreconditionerDim;
    /** Output units of the tensor; 0 for the diagonal configuration, −1 for the prototype. */
    private int rows;
    private int cols;
    /** Distinguishes the shaped configurations of a network, so DL4J never merges two tensors. */
    private int tensor;

    /** The prototype with the defaults; also needed by Jackson. */
    public Shampoo() {
        this(LR.defaultValue(), BETA1.defaultValue(), BETA2.defaultValue(), EPSILON.defaultValue(),
                MATRIX_EPSILON.defaultValue(), (int) PRECONDITION_FREQUENCY.defaultValue(),
                (int) MAX_PRECONDITIONER_DIM.defaultValue());
    }

    /** The prototype: to be wired per layer by {@link OptimizerWiring}. */
    public Shampoo(double lr, double beta1, double beta2, double epsilon, double matrixEpsilon,
                   int preconditionFrequency, int maxPreconditionerDim) {
        this(lr, beta1, beta2, epsilon, matrixEpsilon, preconditionFrequency, maxPreconditionerDim, PROTOTYPE, 0, 0);
    }

    private Shampoo(double lr, double beta1, double beta2, double epsilon, double matrixEpsilon,
                    int preconditionFrequency, int maxPreconditionerDim, int rows, int cols, int tensor) {
        super("shampoo", HYPERPARAMETERS, lr, beta1, beta2, epsilon, null);
        this.matrixEpsilon = MATRIX_EPSILON.check("shampoo", matrixEpsilon);
        this.preconditionFrequency = (int) PRECONDITION_FREQUENCY.check("shampoo", preconditionFrequency);
        this.maxPreconditionerDim = (int) MAX_PRECONDITIONER_DIM.check("shampoo", maxPreconditionerDim);
        this.rows = rows;
        this.cols = cols;
        this.tensor = tensor;
    }

    /** The configuration for one [rows × cols] weight tensor, number {@code tensor} of its network. */
    public Shampoo forTensor(int rows, int cols, int tensor) {
        if (rows < 1 || cols < 1) {
            throw new IllegalArgumentException("shampoo: a tensor needs rows, cols >= 1, got " + rows + "x" + cols);
        }
        return withScheduleOf(new Shampoo(getLearningRate(), getBeta1(), getBeta2(), getEpsilon(), matrixEpsilon,
                preconditionFrequency, maxPreconditionerDim, rows, cols, tensor));
    }

    @Override
    public Set<Requirement> requirements() {
        return rows == PROTOTYPE ? Set.of(Requirement.PER_LAYER_WIRING) : Set.of();
    }

    @Override
    public Shampoo forWeightMatrix(int rows, int cols, int tensor) {
        return forTensor(rows, cols, tensor);
    }

    /** The diagonal (Adam) configuration, for biases, norm gains and other tensors. */
    public Shampoo diagonal() {
        return withScheduleOf(new Shampoo(getLearningRate(), getBeta1(), getBeta2(), getEpsilon(), matrixEpsilon,
                preconditionFrequency, maxPreconditionerDim, 0, 0, 0));
    }

    /**
     * The configuration for {@code layer}'s weights: shaped [nOut × rest] for dense, output and
     * 1-/2-D convolution layers (unit-major weights, see {@link AdamPProbe#unitsOf}), else diagonal.
     */
    public Shampoo forLayer(Layer layer, int tensor) {
        int units = AdamPProbe.unitsOf(layer);
        if (units == 0) {
            return diagonal();
        }
        long perUnit = ((FeedForwardLayer) layer).getNIn();
        if (layer instanceof ConvolutionLayer conv) {
            for (int k : conv.getKernelSize()) {
                perUnit *= k;
            }
        }
        return forTensor(units, Math.toIntExact(perUnit), tensor);
    }

    public boolean isPrototype() {
        return rows == PROTOTYPE;
    }

    private boolean shaped() {
        return rows > 0;
    }

    private long side(int dim) {
        return shaped() && dim <= maxPreconditionerDim ? (long) dim * dim : 0;
    }

    @Override
    protected int stateSlots() {
        return 2;
    }

    @Override
    public long stateSize(long numParams) {
        if (isPrototype()) {
            throw new IllegalStateException("shampoo: the registry's configuration must be wired per layer "
                    + "(OptimizerWiring.apply), which gives each weight tensor its shape; set alone with "
                    + ".updater(...) it would run as Adam");
        }
        if (shaped() && numParams != (long) rows * cols) {
            throw new IllegalStateException("shampoo: updater block of " + numParams + " parameters for a "
                    + rows + "x" + cols + " tensor; DL4J merged tensors into one block (each weight tensor "
                    + "needs its own configuration, as OptimizerWiring builds them)");
        }
        return 2 * numParams + 2 * (side(rows) + side(cols));
    }

    @Override
    protected SlicedState<?> newState() {
        return new State(this);
    }

    @Override
    public Map<String, Double> hyperparameters() {
        Map<String, Double> hp = super.hyperparameters();
        hp.put("matrixEpsilon", matrixEpsilon);
        hp.put("preconditionFrequency", (double) preconditionFrequency);
        hp.put("maxPreconditionerDim", (double) maxPreconditionerDim);
        if (!isPrototype()) {
            hp.put("rows", (double) rows);
            hp.put("cols", (double) cols);
            hp.put("tensor", (double) tensor);
        }
        return hp;
    }

    /** (S + ε·I)^{−1/4} of the symmetric S, by eigendecomposition in double; a new double matrix. */
    static INDArray inverseFourthRoot(INDArray s, double epsilon) {
        INDArray q = s.castTo(DataType.DOUBLE).dup('f');
        INDArray lambda = Eigen.symmetricGeneralizedEigenvalues(q, true); // q now holds the eigenvectors
        int n = (int) lambda.length();
        INDArray scaled = q.dup('f');
        for (int i = 0; i < n; i++) {
            double root = Math.pow(Math.max(lambda.getDouble(i), 0.0) + epsilon, -0.25);
            scaled.getColumn(i).muli(root);
        }
        return scaled.mmul(q.transpose());
    }

    static final class State extends SlicedState<Shampoo> {
        private INDArray left;
        private INDArray right;
        private INDArray leftRoot;
        private INDArray rightRoot;

        private static final String[] KEYS = {"M", "V", "L", "R", "LI", "RI"};

        State(Shampoo config) {
            super(config, KEYS);
        }

        @Override
        public void setStateViewArray(INDArray viewArray, long[] gradientShape, char gradientOrder, boolean initialize) {
            if (initialize) {
                viewArray.assign(0);
            }
            INDArray flat = viewArray.reshape(new long[] {viewArray.length()});
            long r = config.side(config.rows);
            long c = config.side(config.cols);
            long n = (flat.length() - 2 * (r + c)) / 2;
            if (n < 0 || 2 * n + 2 * (r + c) != flat.length() || config.shaped() && n != (long) config.rows * config.cols) {
                throw new IllegalStateException("shampoo: state array of length " + flat.length()
                        + " is not the layout [m | v | L | R | L~ | R~] of " + config);
            }
            long[] sizes = {n, n, r, c, r, c};
            long at = 0;
            for (int i = 0; i < sizes.length; i++) {
                state[i] = sizes[i] == 0 ? null : flat.get(NDArrayIndex.interval(at, at + sizes[i]));
                at += sizes[i];
            }
            attachSides();
        }

        /**
         * The state-map path (SameDiff's): the same slots by key, a side that is not
         * preconditioned having none. Without the square views the step would silently fall
         * back to the diagonal (Adam) one.
         */
        @Override
        public void setState(Map<String, INDArray> stateMap, boolean initialize) {
            boolean[] present = {true, true, config.side(config.rows) > 0, config.side(config.cols) > 0,
                config.side(config.rows) > 0, config.side(config.cols) > 0};
            for (int i = 0; i < KEYS.length; i++) {
                INDArray s = present[i] ? stateMap.get(KEYS[i]) : null;
                if (present[i] && s == null) {
                    throw new IllegalArgumentException("state map lacks '" + KEYS[i] + "' for " + config);
                }
                if (s != null && initialize) {
                    s.assign(0);
                }
                state[i] = s;
            }
            attachSides();
        }

        /** The slots that exist: a side that is not preconditioned has no entry. */
        @Override
        public Map<String, INDArray> getState() {
            Map<String, INDArray> map = super.getState();
            map.values().removeIf(java.util.Objects::isNull);
            return map;
        }

        private void attachSides() {
            left = state[2] == null ? null : square(state[2], config.rows);
            right = state[3] == null ? null : square(state[3], config.cols);
            leftRoot = state[4] == null ? null : square(state[4], config.rows);
            rightRoot = state[5] == null ? null : square(state[5], config.cols);
        }

        private static INDArray square(INDArray flat, int dim) {
            return flat.reshape('c', new long[] {dim, dim});
        }

        @Override
        protected void update(INDArray g, double lr, int t) {
            double b1 = config.getBeta1();
            double b2 = config.getBeta2();
            INDArray m = slot(0);
            INDArray v = slot(1);
            m.muli(b1).addi(g.mul(1 - b1));
            v.muli(b2).addi(g.mul(g).muli(1 - b2));
            INDArray mHat = m.div(1 - Math.pow(b1, t));
            INDArray adam = mHat.div(Transforms.sqrt(v.div(1 - Math.pow(b2, t)), false).addi(config.getEpsilon()));
            if (left == null && right == null) {
                g.assign(adam.muli(lr));
                return;
            }
            INDArray grad = g.reshape('c', new long[] {config.rows, config.cols});
            boolean refresh = (t - 1) % config.preconditionFrequency == 0;
            INDArray s = mHat.reshape('c', new long[] {config.rows, config.cols});
            if (left != null) {
                left.addi(grad.mmul(grad.transpose()));
                if (refresh) {
                    leftRoot.assign(inverseFourthRoot(left, config.matrixEpsilon));
                }
                s = leftRoot.mmul(s);
            }
            if (right != null) {
                right.addi(grad.transpose().mmul(grad));
                if (refresh) {
                    rightRoot.assign(inverseFourthRoot(right, config.matrixEpsilon));
                }
                s = s.mmul(rightRoot);
            }
            double sNorm = s.norm2Number().doubleValue();
            if (sNorm > 0) {
                g.assign(s.reshape('c', new long[] {g.length()}).muli(lr * adam.norm2Number().doubleValue() / sNorm));
            } else {
                g.assign(adam.muli(lr));
            }
        }
    }
}
