package dev.optimlab.experiment.benchmark;

import java.util.List;
import java.util.Random;

import org.apache.commons.math3.linear.MatrixUtils;
import org.apache.commons.math3.linear.QRDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.regularization.Regularization;
import org.nd4j.linalg.lossfunctions.impl.LossL2;

import dev.optimlab.data.LabeledData;
import dev.optimlab.optim.Optimizer;
import dev.optimlab.problem.DataSource;
import dev.optimlab.problem.Networks;
import dev.optimlab.problem.Problem;
import dev.optimlab.problem.ProblemData;
import dev.optimlab.problem.Regularizer;

/**
 * DeepOBS's {@code quadratic_deep} (Schneider, Balles &amp; Hennig 2019): minimise the noisy quadratic
 * f(θ) = ½ (θ − x)ᵀ Q (θ − x) over θ ∈ ℝ¹⁰⁰, x ~ N(0, 0.6² I) drawn per example, Q = Rᵀ D R with
 * 90 % of D's eigenvalues uniform in (0, 1) and 10 % uniform in (30, 60), R a random rotation; θ
 * starts at 1. A minibatch's loss is the mean of f over its samples.
 *
 * <p>As a DL4J network, so that the real updater path (DL4J's updater blocks, OptimLab's wiring
 * and hooks) is exercised: a bias-free dense layer 1 → 100 reads θ out of a constant input 1, and
 * a parameter-free loss layer maps it by A = (D/2)^½ R ({@link FixedLinearMap}) and takes DL4J's L2
 * loss against the label A x, which is ‖A(θ − x)‖² = f(θ) exactly. The runner's regression metric
 * (mean squared error over the 100 outputs) is therefore f / 100; {@link #METRIC_SCALE} converts.
 *
 * <p>Deviations from DeepOBS: D and R come from a seeded {@link Random} (eigenvalues) and the QR
 * decomposition of a seeded Gaussian matrix (a Haar rotation), not from numpy's RandomState(42),
 * so Q is a different draw of the same distribution; the validation part is its own 1,000
 * samples (DeepOBS evaluates a training subset).
 */
public final class QuadraticDeep {

    public static final String SOURCE = "quadratic-deep";
    public static final int DIM = 100;
    public static final int SAMPLES = 1000;
    public static final double NOISE = 0.6;
    /** f = METRIC_SCALE × the runner's mean squared error over the outputs. */
    public static final double METRIC_SCALE = DIM;

    private QuadraticDeep() {
    }

    /** The data source record of the problem (part of every trial's fingerprint). */
    public static DataSource source(long seed, int samples) {
        return new DataSource(SOURCE, seed, samples, samples, 0, 0, "deepobs-quadratic", samples, NOISE, 0, 0, 0, 0);
    }

    /** D's eigenvalues: 90 % uniform in (0, 1), then 10 % uniform in (30, 60). */
    public static double[] eigenvalues(long seed) {
        Random r = new Random(seed);
        double[] d = new double[DIM];
        int small = DIM * 9 / 10;
        for (int i = 0; i < DIM; i++) {
            d[i] = i < small ? r.nextDouble() : 30 + 30 * r.nextDouble();
        }
        return d;
    }

    /** A rotation drawn uniformly (Haar): Q of the QR decomposition of a Gaussian matrix, columns signed by R's diagonal. */
    public static double[][] rotation(long seed) {
        Random r = new Random(seed + 1);
        double[][] g = new double[DIM][DIM];
        for (double[] row : g) {
            for (int j = 0; j < DIM; j++) {
                row[j] = r.nextGaussian();
            }
        }
        QRDecomposition qr = new QRDecomposition(MatrixUtils.createRealMatrix(g));
        RealMatrix q = qr.getQ();
        RealMatrix rr = qr.getR();
        double[][] out = q.getData();
        for (int j = 0; j < DIM; j++) {
            double sign = Math.signum(rr.getEntry(j, j));
            for (int i = 0; i < DIM; i++) {
                out[i][j] *= sign == 0 ? 1 : sign;
            }
        }
        return out;
    }

    /** A = (D/2)^½ R, so that ‖A v‖² = ½ vᵀ Q v. */
    public static double[][] transform(long seed) {
        double[] d = eigenvalues(seed);
        double[][] rot = rotation(seed);
        double[][] a = new double[DIM][DIM];
        for (int i = 0; i < DIM; i++) {
            double s = Math.sqrt(d[i] / 2);
            for (int j = 0; j < DIM; j++) {
                a[i][j] = s * rot[i][j];
            }
        }
        return a;
    }

    /** The Hessian Q = Rᵀ D R. */
    public static double[][] hessian(long seed) {
        RealMatrix rot = MatrixUtils.createRealMatrix(rotation(seed));
        return rot.transpose().multiply(MatrixUtils.createRealDiagonalMatrix(eigenvalues(seed))).multiply(rot).getData();
    }

    /** The noise samples x of one part: {@code samples} rows of N(0, 0.6² I). */
    public static double[][] noise(long seed, int samples) {
        Random r = new Random(seed);
        double[][] x = new double[samples][DIM];
        for (double[] row : x) {
            for (int j = 0; j < DIM; j++) {
                row[j] = NOISE * r.nextGaussian();
            }
        }
        return x;
    }

    /** Training, validation and test parts: features the constant 1, labels A x (distinct noise seeds per part). */
    public static ProblemData data(DataSource source) {
        double[][] a = transform(source.seed());
        return new ProblemData(part(a, source.seed() * 31 + 1, source.n()), part(a, source.seed() * 31 + 2, source.n()),
                part(a, source.seed() * 31 + 3, source.n()), null);
    }

    private static LabeledData part(double[][] a, long seed, int samples) {
        double[][] x = noise(seed, samples);
        double[][] features = new double[samples][1];
        double[][] labels = new double[samples][DIM];
        for (int n = 0; n < samples; n++) {
            features[n][0] = 1;
            for (int i = 0; i < DIM; i++) {
                double s = 0;
                for (int j = 0; j < DIM; j++) {
                    s += a[i][j] * x[n][j];
                }
                labels[n][i] = s;
            }
        }
        return LabeledData.regression(features, labels);
    }

    /** The network: θ (a bias-free dense layer from the constant input, initialised to 1), then the loss layer of A. */
    public static MultiLayerNetwork network(Problem problem, int nIn, int nOut, int[] image, Optimizer optimizer,
                                            List<Regularizer> regularizers, long seed) {
        if (!regularizers.isEmpty()) {
            throw new IllegalArgumentException("quadratic-deep takes no regularizers (it has no layers to put them on)");
        }
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder()
                .seed(seed)
                .dataType(Networks.dtype(problem.model()))
                .updater(optimizer.updater()) // each layer's own copy replaces it in applyTo
                .list()
                .layer(new DenseLayer.Builder().nIn(nIn).nOut(nOut).hasBias(false).activation(Activation.IDENTITY)
                        .weightInit(WeightInit.ONES).build())
                .layer(new LossLayer.Builder(new LossL2()).activation(new FixedLinearMap(transform(problem.data().seed())))
                        .build())
                .setInputType(InputType.feedForward(nIn))
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(optimizer.applyTo(conf));
        net.init();
        return net;
    }
}
