package dev.optimlab.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.eigen.Eigen;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

/**
 * Sharpness, Hessian power iteration and interpolation on losses whose answer is known in closed
 * form: least squares (Hessian XᵀX/n, eigenvalues by a plain Jacobi reference), separable
 * quadratics (box maximum at the far vertex) and linear functions (box maximum Σ|a_i| r_i); then
 * the DL4J adapter on a linear-regression network, whose Hessian is (2/n)[X 1]ᵀ[X 1].
 */
class LandscapeAnalysisTest {

    /** f(w) = (1/2n) ‖Xw − y‖², plain Java. */
    record LeastSquares(double[][] x, double[] y) implements Objective {
        @Override
        public int dimension() {
            return x[0].length;
        }

        @Override
        public double value(double[] w) {
            return valueAndGradient(w, new double[w.length]);
        }

        @Override
        public double valueAndGradient(double[] w, double[] g) {
            java.util.Arrays.fill(g, 0);
            double f = 0;
            for (int i = 0; i < x.length; i++) {
                double r = -y[i];
                for (int j = 0; j < w.length; j++) {
                    r += x[i][j] * w[j];
                }
                f += r * r / (2 * x.length);
                for (int j = 0; j < w.length; j++) {
                    g[j] += r * x[i][j] / x.length;
                }
            }
            return f;
        }

        double[][] hessian() {
            int d = dimension();
            double[][] h = new double[d][d];
            for (double[] row : x) {
                for (int a = 0; a < d; a++) {
                    for (int b = 0; b < d; b++) {
                        h[a][b] += row[a] * row[b] / x.length;
                    }
                }
            }
            return h;
        }
    }

    /** f(w) = Σ ½ h_i (w_i − c_i)². */
    record Separable(double[] h, double[] c) implements Objective {
        @Override
        public int dimension() {
            return h.length;
        }

        @Override
        public double value(double[] w) {
            return valueAndGradient(w, new double[w.length]);
        }

        @Override
        public double valueAndGradient(double[] w, double[] g) {
            double f = 0;
            for (int i = 0; i < w.length; i++) {
                f += 0.5 * h[i] * (w[i] - c[i]) * (w[i] - c[i]);
                g[i] = h[i] * (w[i] - c[i]);
            }
            return f;
        }
    }

    /** f(w) = aᵀw + b. */
    record Linear(double[] a, double b) implements Objective {
        @Override
        public int dimension() {
            return a.length;
        }

        @Override
        public double value(double[] w) {
            return HessianPowerIteration.dot(a, w) + b;
        }

        @Override
        public double valueAndGradient(double[] w, double[] g) {
            System.arraycopy(a, 0, g, 0, a.length);
            return value(w);
        }
    }

    /**
     * Largest eigenvalue of a symmetric matrix by LAPACK's symmetric eigensolver (ND4J's
     * {@code Eigen}, in double): a reference independent of the power iteration under test.
     */
    static double maxEigenvalue(double[][] m) {
        return Eigen.symmetricGeneralizedEigenvalues(Nd4j.create(m), false).maxNumber().doubleValue();
    }

    private static LeastSquares randomLeastSquares(int n, int d, long seed) {
        Random r = new Random(seed);
        double[][] x = new double[n][d];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                x[i][j] = r.nextGaussian() * (1 + j); // spread eigenvalues so power iteration has a gap
            }
            y[i] = r.nextGaussian();
        }
        return new LeastSquares(x, y);
    }

    @Test
    void eigenvalueReferenceIsRight() {
        // diag(1, 4) rotated by 30°: eigenvalues 1 and 4.
        double c = Math.cos(Math.PI / 6);
        double s = Math.sin(Math.PI / 6);
        double[][] m = {{c * c + 4 * s * s, (4 - 1) * c * s}, {(4 - 1) * c * s, s * s + 4 * c * c}};
        assertEquals(4.0, maxEigenvalue(m), 1e-12);
    }

    @Test
    void powerIterationFindsTopEigenvalueOfLeastSquaresHessian() {
        LeastSquares f = randomLeastSquares(80, 6, 3);
        double expected = maxEigenvalue(f.hessian());
        double[] w = new double[6];
        java.util.Arrays.fill(w, 0.3);
        HessianPowerIteration.Result r = HessianPowerIteration.top(f, w, 60, 1e-5, 7);
        assertEquals(expected, r.eigenvalue(), 1e-7 * expected, "λmax of XᵀX/n");
        assertTrue(r.residual() < 1e-4, "converged: residual " + r.residual());
        // Same seed, same numbers.
        assertEquals(r, HessianPowerIteration.top(f, w, 60, 1e-5, 7));
        // A budget of one step gives a Rayleigh quotient, which can only be below λmax.
        assertTrue(HessianPowerIteration.top(f, w, 1, 1e-5, 7).eigenvalue() <= expected + 1e-9);
    }

    @Test
    void fullSpacePhiOfSeparableQuadraticIsTheFarVertex() {
        double[] h = {1.0, 4.0, 0.5, 9.0, 2.0};
        double[] c = {0.2, -1.0, 3.0, 0.0, 0.5};
        Separable f = new Separable(h, c);
        for (double eps : new double[] {1e-3, 5e-4}) {
            for (double[] x : new double[][] {{0.5, -0.7, 2.0, 0.01, 0.5}, c.clone()}) {
                double f0 = f.value(x);
                double max = 0;
                for (int i = 0; i < h.length; i++) {
                    double r = eps * (Math.abs(x[i]) + 1);
                    double far = Math.abs(x[i] - c[i]) + r;
                    max += 0.5 * h[i] * far * far;
                }
                Sharpness.Result s = Sharpness.full(f, x, eps, 10);
                assertEquals(f0, s.f0(), 1e-15);
                assertEquals(max, s.fMax(), 1e-14, "box maximum");
                assertEquals(100 * (max - f0) / (1 + f0), s.phi(), 1e-10);
                assertEquals(0, s.subspaceDim());
            }
        }
    }

    @Test
    void fullSpacePhiOfLinearFunctionIsSumOfAbsGradientTimesBox() {
        double[] a = {3, -2, 0.5, -0.25};
        double[] x = {1, -4, 0, 2};
        Linear f = new Linear(a, 10);
        double eps = 1e-3;
        double gain = 0;
        for (int i = 0; i < a.length; i++) {
            gain += Math.abs(a[i]) * eps * (Math.abs(x[i]) + 1);
        }
        Sharpness.Result s = Sharpness.full(f, x, eps, 4);
        assertEquals(100 * gain / (1 + f.value(x)), s.phi(), 1e-9);
    }

    @Test
    void pseudoInverseRecoversCoordinatesInTheColumnSpace() {
        double[][] a = Sharpness.randomColumns(300, 7, 11);
        double[] coords = {1, -2, 0.5, 3, 0, -1, 0.25};
        double[] x = new double[300];
        for (int j = 0; j < 7; j++) {
            for (int i = 0; i < 300; i++) {
                x[i] += a[j][i] * coords[j];
            }
        }
        double[] back = Sharpness.pseudoInverseTimes(a, x);
        for (int j = 0; j < 7; j++) {
            assertEquals(coords[j], back[j], 1e-10);
        }
        // Entries have variance 1/p.
        double ss = 0;
        for (double[] col : a) {
            for (double v : col) {
                ss += v * v;
            }
        }
        assertEquals(1.0 / 7, ss / (300 * 7), 0.01);
    }

    @Test
    void subspacePhiOfLinearFunctionUsesTheProjectedBox() {
        int n = 200;
        int p = 10;
        Random r = new Random(5);
        double[] a = new double[n];
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            a[i] = r.nextGaussian();
            x[i] = r.nextGaussian();
        }
        Linear f = new Linear(a, 50);
        double eps = 5e-4;
        long seed = 42;
        double[][] cols = Sharpness.randomColumns(n, p, seed);
        double[] coords = Sharpness.pseudoInverseTimes(cols, x);
        double gain = 0;
        for (int j = 0; j < p; j++) {
            gain += Math.abs(HessianPowerIteration.dot(cols[j], a)) * eps * (Math.abs(coords[j]) + 1);
        }
        Sharpness.Result s = Sharpness.subspace(f, x, eps, p, 6, seed);
        assertEquals(p, s.subspaceDim());
        assertEquals(f.value(x) + gain, s.fMax(), 1e-10);
        assertEquals(100 * gain / (1 + f.value(x)), s.phi(), 1e-8);
        assertTrue(s.phi() < Sharpness.full(f, x, eps, 6).phi(), "a subspace box reaches less than the full box");
    }

    @Test
    void interpolationOfQuadraticIsTheExactParabola() {
        LeastSquares f = randomLeastSquares(40, 4, 9);
        double[] a = {0.1, -0.2, 0.3, 0.0};
        double[] b = {1.0, 0.5, -0.5, 2.0};
        double[] alphas = Interpolation.grid(-1, 2, 31);
        assertEquals(-1, alphas[0]);
        assertEquals(2, alphas[30]);
        assertEquals(0, alphas[10], 1e-15);
        assertEquals(1, alphas[20], 1e-15);
        double[] ga = new double[4];
        double fa = f.valueAndGradient(a, ga);
        double[][] h = f.hessian();
        double slope = 0;
        double curv = 0;
        for (int i = 0; i < 4; i++) {
            slope += ga[i] * (b[i] - a[i]);
            for (int j = 0; j < 4; j++) {
                curv += (b[i] - a[i]) * h[i][j] * (b[j] - a[j]);
            }
        }
        double[] got = Interpolation.losses(f, a, b, alphas);
        for (int k = 0; k < alphas.length; k++) {
            double t = alphas[k];
            assertEquals(fa + t * slope + 0.5 * t * t * curv, got[k], 1e-12);
        }
        assertEquals(f.value(b), got[20], 1e-12);
    }

    /** A 3-input linear-regression network in DOUBLE: DL4J's MSE is the mean over examples of (ŷ − y)². */
    private static MultiLayerNetwork linearNet() {
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(1)
                .dataType(DataType.DOUBLE).updater(new Sgd(0.1)).list()
                .layer(new OutputLayer.Builder(LossFunction.MSE).nIn(3).nOut(1).activation(Activation.IDENTITY).build())
                .build());
        net.init();
        return net;
    }

    @Test
    void networkObjectiveGradientAndHessianMatchLinearRegression() {
        int n = 50;
        Random r = new Random(2);
        double[][] x = new double[n][3];
        double[][] y = new double[n][1];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < 3; j++) {
                x[i][j] = r.nextGaussian() * (j + 1);
            }
            y[i][0] = r.nextGaussian();
        }
        MultiLayerNetwork net = linearNet();
        NetworkObjective f = new NetworkObjective(net, new DataSet(Nd4j.createFromArray(x), Nd4j.createFromArray(y)));
        assertEquals(4, f.dimension());
        double[] w = {0.3, -0.2, 0.1, 0.05};
        // Value against the plain formula (W first, then b, in the flat vector).
        double expected = 0;
        for (int i = 0; i < n; i++) {
            double e = x[i][0] * w[0] + x[i][1] * w[1] + x[i][2] * w[2] + w[3] - y[i][0];
            expected += e * e / n;
        }
        double[] g = new double[4];
        assertEquals(expected, f.valueAndGradient(w, g), 1e-12);
        assertEquals(expected, f.value(w), 1e-12);
        // Gradient against central differences of the value: the mean, not DL4J's minibatch sum.
        for (int k = 0; k < 4; k++) {
            double[] p = w.clone();
            double[] m = w.clone();
            p[k] += 1e-6;
            m[k] -= 1e-6;
            assertEquals((f.value(p) - f.value(m)) / 2e-6, g[k], 1e-7, "∂f/∂w" + k);
        }
        // Hessian (2/n) ZᵀZ with Z = [X 1].
        double[][] h = new double[4][4];
        for (int i = 0; i < n; i++) {
            double[] z = {x[i][0], x[i][1], x[i][2], 1};
            for (int a = 0; a < 4; a++) {
                for (int b = 0; b < 4; b++) {
                    h[a][b] += 2 * z[a] * z[b] / n;
                }
            }
        }
        double lambda = maxEigenvalue(h);
        HessianPowerIteration.Result top = HessianPowerIteration.top(f, w, 80, 1e-5, 3);
        assertEquals(lambda, top.eigenvalue(), 1e-6 * lambda);
        assertTrue(top.residual() < 1e-3, "residual " + top.residual());
    }
}
