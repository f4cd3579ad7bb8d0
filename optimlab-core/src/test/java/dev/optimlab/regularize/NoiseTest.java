package dev.optimlab.regularize;

import dev.optimlab.DoublePrecision;
import org.junit.jupiter.api.extension.ExtendWith;

import static dev.optimlab.regularize.NetworkFixtures.maxAbsDiff;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.optimlab.regularize.noise.GaussianInputNoise;
import dev.optimlab.regularize.noise.GaussianWeightNoise;
import dev.optimlab.regularize.noise.InvertedDropConnect;
import dev.optimlab.regularize.noise.InvertedDropout;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.distribution.NormalDistribution;
import org.deeplearning4j.nn.conf.dropout.Dropout;
import org.deeplearning4j.nn.conf.dropout.GaussianNoise;
import org.deeplearning4j.nn.conf.dropout.IDropout;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.weightnoise.DropConnect;
import org.deeplearning4j.nn.conf.weightnoise.IWeightNoise;
import org.deeplearning4j.nn.conf.weightnoise.WeightNoise;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * Dropout, Gaussian input noise and weight noise: the first two moments of the training-time
 * outputs against DL4J's built-in twins and the closed forms (fixed seeds; tolerances are ≥ 5
 * standard errors of the estimates), identity at inference, and mask reuse in backprop.
 */
@ExtendWith(DoublePrecision.class)
class NoiseTest {

    private static final int ROWS = 400;
    private static final int COLS = 250; // 100 000 samples per statistic


    private static INDArray apply(IDropout d, INDArray x, long seed) {
        Nd4j.getRandom().setSeed(seed);
        return d.applyDropout(x, x.ulike(), 0, 0, LayerWorkspaceMgr.noWorkspaces());
    }

    private static double variance(INDArray a) {
        return a.varNumber().doubleValue();
    }

    @Test
    void invertedDropoutMomentsMatchDl4jDropoutWithRetainProbability() {
        INDArray x = Nd4j.ones(DataType.DOUBLE, ROWS, COLS).muli(2.0);
        for (double p : new double[] {0.2, 0.5}) {
            INDArray ours = apply(new InvertedDropout(p), x, 1);
            INDArray dl4j = apply(new Dropout(1 - p), x, 2);
            // E[y] = x = 2, Var[y] = x²·p/(1−p); standard error of the mean ≤ 0.013 here.
            double var = 4 * p / (1 - p);
            NetworkFixtures.measured("dropout p=" + p + " mean (expect 2) ours", ours.meanNumber().doubleValue());
            NetworkFixtures.measured("dropout p=" + p + " mean DL4J", dl4j.meanNumber().doubleValue());
            NetworkFixtures.measured("dropout p=" + p + " variance (expect " + var + ") ours", variance(ours));
            NetworkFixtures.measured("dropout p=" + p + " variance DL4J", variance(dl4j));
            assertEquals(2.0, ours.meanNumber().doubleValue(), 0.07, "mean p=" + p);
            assertEquals(dl4j.meanNumber().doubleValue(), ours.meanNumber().doubleValue(), 0.1, "mean vs DL4J p=" + p);
            assertEquals(var, variance(ours), 0.05 * var, "variance p=" + p);
            assertEquals(variance(dl4j), variance(ours), 0.07 * var, "variance vs DL4J p=" + p);
            // Kept values are exactly x/(1−p), dropped ones exactly 0.
            double kept = 2.0 / (1 - p);
            assertEquals(0.0, ours.dup().muli(ours.sub(kept)).amaxNumber().doubleValue(), 1e-12);
        }
    }

    @Test
    void invertedDropoutBackpropUsesTheForwardMaskAndIsDeterministic() {
        INDArray x = Nd4j.ones(DataType.DOUBLE, 20, 30);
        InvertedDropout d = new InvertedDropout(0.3);
        INDArray y = apply(d, x, 7);
        INDArray g = d.backprop(Nd4j.ones(DataType.DOUBLE, 20, 30), x.ulike(), 0, 0);
        assertEquals(0.0, maxAbsDiff(y, g)); // with x = 1 the output is the scaled mask itself
        assertEquals(0.0, maxAbsDiff(y, apply(new InvertedDropout(0.3), x, 7)));
        assertTrue(maxAbsDiff(y, apply(new InvertedDropout(0.3), x, 8)) > 0);
        assertEquals(0.0, maxAbsDiff(x, apply(new InvertedDropout(0.0), x, 9)), "p = 0 is the identity");
        INDArray aliased = x.dup();
        Nd4j.getRandom().setSeed(7);
        new InvertedDropout(0.3).applyDropout(aliased, aliased, 0, 0, LayerWorkspaceMgr.noWorkspaces());
        assertEquals(0.0, maxAbsDiff(y, aliased), "in-place application");
        assertThrows(IllegalArgumentException.class, () -> new InvertedDropout(1.0));
    }

    @Test
    void gaussianInputNoiseMomentsMatchDl4jGaussianNoise() {
        INDArray x = Nd4j.linspace(-1, 1, (long) ROWS * COLS, DataType.DOUBLE).reshape(ROWS, COLS);
        double sigma = 0.3;
        INDArray ours = apply(new GaussianInputNoise(sigma), x, 3).subi(x);
        INDArray dl4j = apply(new GaussianNoise(sigma), x, 4).subi(x);
        NetworkFixtures.measured("gaussian-noise variance (expect 0.09) ours", variance(ours));
        NetworkFixtures.measured("gaussian-noise variance DL4J", variance(dl4j));
        assertEquals(0.0, ours.meanNumber().doubleValue(), 0.005);
        assertEquals(sigma * sigma, variance(ours), 0.03 * sigma * sigma);
        assertEquals(variance(dl4j), variance(ours), 0.04 * sigma * sigma);
        // DL4J may pass the input array as the output (in-place); the result must not change.
        INDArray aliased = x.dup();
        Nd4j.getRandom().setSeed(3);
        new GaussianInputNoise(sigma).applyDropout(aliased, aliased, 0, 0, LayerWorkspaceMgr.noWorkspaces());
        assertEquals(0.0, maxAbsDiff(ours.add(x), aliased), "in-place application");
        INDArray g = new GaussianInputNoise(sigma).backprop(x, x.ulike(), 0, 0);
        assertEquals(0.0, maxAbsDiff(x, g), "additive noise passes gradients through unchanged");
    }

    private static MultiLayerNetwork denseWithNoise(IDropout dropout, IWeightNoise noise) {
        DenseLayer.Builder dense = new DenseLayer.Builder().nIn(1000).nOut(200).activation(Activation.IDENTITY)
                .weightInit(WeightInit.ONES).biasInit(0.0);
        if (dropout != null) {
            dense.dropOut(dropout);
        }
        if (noise != null) {
            dense.weightNoise(noise);
        }
        MultiLayerNetwork n = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().dataType(DataType.DOUBLE)
                .seed(5).list().layer(dense.build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nIn(200).nOut(1)
                        .activation(Activation.IDENTITY).build())
                .build());
        n.init();
        return n;
    }

    /** Pre-activations Σ_i w̃_i over 1000 unit weights, 200 units × 10 training passes. */
    private static INDArray trainingActivations(MultiLayerNetwork n) {
        return trainingActivations(n, Nd4j.ones(DataType.DOUBLE, 1, 1000));
    }

    /** The first layer's pre-activations on {@code x}, 200 units × 10 training passes (noise drawn anew each). */
    private static INDArray trainingActivations(MultiLayerNetwork n, INDArray x) {
        INDArray[] runs = new INDArray[10];
        for (int i = 0; i < runs.length; i++) {
            runs[i] = n.feedForward(x, true).get(1);
        }
        return Nd4j.concat(0, runs);
    }

    @Test
    void invertedDropConnectKeepsTheMeanWhereDl4jDropConnectShrinksIt() {
        double p = 0.5;
        INDArray ours = trainingActivations(denseWithNoise(null, new InvertedDropConnect(p, false)));
        INDArray dl4j = trainingActivations(denseWithNoise(null, new DropConnect(1 - p)));
        NetworkFixtures.measured("dropconnect mean (expect 1000) ours", ours.meanNumber().doubleValue());
        NetworkFixtures.measured("dropconnect mean DL4J (unscaled, expect 500)", dl4j.meanNumber().doubleValue());
        NetworkFixtures.measured("dropconnect variance (expect 1000) ours", variance(ours));
        NetworkFixtures.measured("dropconnect variance DL4J / (1-p)^2", variance(dl4j) / ((1 - p) * (1 - p)));
        // Ours: mean 1000, variance 1000·p/(1−p) = 1000 (s.e. of the mean 0.7).
        assertEquals(1000, ours.meanNumber().doubleValue(), 4);
        assertEquals(1000, variance(ours), 100);
        // DL4J: not rescaled, mean 1000·(1−p) = 500 and variance 1000·p(1−p) = 250: ours/(1−p) exactly in law.
        assertEquals(500, dl4j.meanNumber().doubleValue(), 3);
        assertEquals(variance(dl4j) / ((1 - p) * (1 - p)), variance(ours), 150);
    }

    /** Weights w_i = 0.2 … 3.0 and inputs x_i = 0.5 … 2.5 (not all 1), the same for every unit. */
    private static double weight(int i) {
        return 0.2 + 2.8 * (i % 7) / 6.0;
    }

    private static double input(int i) {
        return 0.5 + 0.5 * (i % 5);
    }

    /** Pre-activations Σ_i x_i·w̃_i with the weights and inputs above, 200 units × 10 training passes. */
    private static INDArray weightedActivations(IWeightNoise noise) {
        MultiLayerNetwork n = denseWithNoise(null, noise);
        INDArray w = Nd4j.zeros(DataType.DOUBLE, 1000, 200);
        INDArray x = Nd4j.zeros(DataType.DOUBLE, 1, 1000);
        for (int i = 0; i < 1000; i++) {
            w.getRow(i).assign(weight(i));
            x.putScalar(0, i, input(i));
        }
        n.getLayer(0).setParam("W", w);
        return trainingActivations(n, x);
    }

    /**
     * Additive noise w + e gives Var = σ²·Σx², multiplicative noise w·(1 + e) gives σ²·Σx²w²;
     * with these weights the two differ by a factor of about 3, so the moments tell them apart.
     */
    @Test
    void gaussianWeightNoiseIsAdditiveLikeDl4jWeightNoiseAndNotMultiplicative() {
        double sigma = 0.1;
        double mean = 0;
        double additive = 0;
        double multiplicative = 0;
        for (int i = 0; i < 1000; i++) {
            mean += input(i) * weight(i);
            additive += sigma * sigma * input(i) * input(i);
            multiplicative += sigma * sigma * input(i) * input(i) * weight(i) * weight(i);
        }
        assertTrue(multiplicative > 2 * additive, "the inputs must make the two kinds of noise differ");
        INDArray ours = weightedActivations(new GaussianWeightNoise(sigma, false));
        INDArray dl4jAdditive = weightedActivations(new WeightNoise(new NormalDistribution(0, sigma), false, true));
        INDArray dl4jMultiplicative = weightedActivations(new WeightNoise(new NormalDistribution(0, sigma), false, false));
        NetworkFixtures.measured("weight-noise variance (expect " + additive + ") ours", variance(ours));
        NetworkFixtures.measured("weight-noise variance DL4J additive", variance(dl4jAdditive));
        NetworkFixtures.measured("weight-noise variance (expect " + multiplicative + ") DL4J multiplicative",
                variance(dl4jMultiplicative));
        // 2000 draws: s.e. of the mean √(Var/2000), of the variance Var·√(2/2000) = 3.2 %; bounds at 5 s.e.
        double seMean = Math.sqrt(additive / 2000);
        assertEquals(mean, ours.meanNumber().doubleValue(), 5 * seMean);
        assertEquals(additive, variance(ours), 0.16 * additive);
        assertEquals(additive, variance(dl4jAdditive), 0.16 * additive);
        assertEquals(multiplicative, variance(dl4jMultiplicative), 0.16 * multiplicative);
        assertTrue(Math.abs(variance(ours) - multiplicative) > 0.3 * multiplicative,
                "ours must not have the multiplicative variance");
    }

    /** applyToBias = false: the biases stay clean in training too; true perturbs them. */
    @Test
    void biasesAreNoisyInTrainingOnlyWhenAskedFor() {
        INDArray x = Nd4j.zeros(DataType.DOUBLE, 1, 1000); // zero input: the pre-activation is the bias
        MultiLayerNetwork clean = denseWithNoise(null, new GaussianWeightNoise(0.5, false));
        MultiLayerNetwork noisy = denseWithNoise(null, new GaussianWeightNoise(0.5, true));
        assertEquals(0.0, clean.feedForward(x, true).get(1).amaxNumber().doubleValue(), 0.0);
        assertTrue(noisy.feedForward(x, true).get(1).amaxNumber().doubleValue() > 0.5,
                "with applyToBias the biases must be perturbed in training");
    }

    @Test
    void everyNoiseIsTheIdentityAtInferenceAndActiveInTraining() {
        INDArray x = NetworkFixtures.randn(6, 4, 1000);
        INDArray clean = denseWithNoise(null, null).output(x, false);
        Object[][] cases = {
                {new InvertedDropout(0.5), null}, {new GaussianInputNoise(0.5), null},
                {null, new InvertedDropConnect(0.5, true)}, {null, new GaussianWeightNoise(0.5, true)}};
        for (Object[] c : cases) {
            MultiLayerNetwork n = denseWithNoise((IDropout) c[0], (IWeightNoise) c[1]);
            assertEquals(0.0, maxAbsDiff(clean, n.output(x, false)), "inference " + c[0] + c[1]);
            assertTrue(maxAbsDiff(clean, n.output(x, true)) > 1e-3, "training " + c[0] + c[1]);
        }
    }

    /** Backprop through the input noises is right: a gradient check with the RNG reseeded before every pass. */
    @Test
    void gradientCheckThroughInputNoise() {
        for (IDropout noise : new IDropout[] {new InvertedDropout(0.3), new GaussianInputNoise(0.3)}) {
            MultiLayerNetwork n = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().dataType(DataType.DOUBLE)
                    .seed(2).weightInit(WeightInit.XAVIER).updater(new org.nd4j.linalg.learning.config.NoOp()).list()
                    .layer(new DenseLayer.Builder().nIn(4).nOut(5).activation(Activation.TANH).build())
                    .layer(new DenseLayer.Builder().nIn(5).nOut(5).activation(Activation.TANH).dropOut(noise).build())
                    .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(5).nOut(3)
                            .activation(Activation.SOFTMAX).build())
                    .build());
            n.init();
            assertTrue(org.deeplearning4j.gradientcheck.GradientCheckUtil.checkGradients(
                    new org.deeplearning4j.gradientcheck.GradientCheckUtil.MLNConfig().net(n)
                            .input(NetworkFixtures.randn(3, 8, 4)).labels(NetworkFixtures.oneHot(8, 3))
                            .callEachIter(m -> Nd4j.getRandom().setSeed(12345))
                            .print(org.deeplearning4j.gradientcheck.GradientCheckUtil.PrintMode.FAILURES_ONLY)),
                    noise.toString());
        }
    }

    /** DL4J M2.1's WeightNoise with applyToBias perturbs biases at inference too; ours does not. */
    @Test
    void biasNoiseIsTrainingOnlyUnlikeDl4jWeightNoise() {
        INDArray x = Nd4j.ones(DataType.DOUBLE, 1, 1000);
        MultiLayerNetwork dl4j = denseWithNoise(null, new WeightNoise(new NormalDistribution(0, 0.5), true, true));
        MultiLayerNetwork ours = denseWithNoise(null, new GaussianWeightNoise(0.5, true));
        assertTrue(maxAbsDiff(dl4j.output(x, false), dl4j.output(x, false)) > 1e-3, "DL4J: noisy inference");
        assertEquals(0.0, maxAbsDiff(ours.output(x, false), ours.output(x, false)), "ours: deterministic inference");
    }
}
