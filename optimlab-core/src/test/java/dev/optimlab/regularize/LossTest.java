package dev.optimlab.regularize;

import dev.optimlab.DoublePrecision;
import org.junit.jupiter.api.extension.ExtendWith;

import static dev.optimlab.regularize.NetworkFixtures.maxAbsDiff;
import static dev.optimlab.regularize.NetworkFixtures.randn;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.optimlab.regularize.loss.HuberLoss;
import dev.optimlab.regularize.loss.LabelSmoothingCrossEntropy;
import dev.optimlab.regularize.loss.MeanAbsoluteError;
import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.activations.impl.ActivationTanH;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.lossfunctions.ILossFunction;
import org.nd4j.linalg.lossfunctions.impl.LossMAE;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;
import org.nd4j.linalg.lossfunctions.impl.LossMSE;

/**
 * MAE against DL4J's {@code LossMAE}; Huber against plain loops and, for huge δ, against ½·MSE;
 * label smoothing against the closed form, against {@code LossMCXENT} at ε = 0, and by gradient
 * check inside a network.
 */
@ExtendWith(DoublePrecision.class)
class LossTest {

    private static final int N = 6;
    private static final int K = 4;


    /**
     * {@code expected} gets copies: DL4J's built-in losses overwrite {@code preOutput} in place when the
     * activation is not the identity (seen with LossMSE + tanh), ours never do.
     */
    private static void assertSameLoss(ILossFunction expected, ILossFunction actual, INDArray labels, INDArray pre,
                                       IActivation act, INDArray mask, double factor, double scoreArrayFactor) {
        INDArray preBefore = pre.dup();
        assertEquals(factor * expected.computeScore(labels, pre.dup(), act, mask, true),
                actual.computeScore(labels, pre, act, mask, true), 1e-12);
        assertTrue(maxAbsDiff(expected.computeScoreArray(labels, pre.dup(), act, mask).mul(scoreArrayFactor)
                .reshape(-1), actual.computeScoreArray(labels, pre, act, mask).reshape(-1)) < 1e-12);
        assertTrue(maxAbsDiff(expected.computeGradient(labels, pre.dup(), act, mask).mul(factor),
                actual.computeGradient(labels, pre, act, mask)) < 1e-12);
        assertEquals(0.0, maxAbsDiff(preBefore, pre), "preOutput must be left untouched");
    }

    @Test
    void maeMatchesDl4jLossMae() {
        INDArray labels = randn(1, N, K), pre = randn(2, N, K);
        INDArray perExample = Nd4j.createFromArray(1.0, 0, 1, 1, 0, 1).reshape(N, 1);
        INDArray perOutput = randn(3, N, K).gt(0).castTo(DataType.DOUBLE);
        for (IActivation act : new IActivation[] {new ActivationIdentity(), new ActivationTanH()}) {
            for (INDArray mask : new INDArray[] {null, perExample, perOutput}) {
                // LossMAE's score array is the per-example SUM over outputs while its score is the mean;
                // ours is the mean in both, so score arrays agree up to 1/K.
                assertSameLoss(new LossMAE(), new MeanAbsoluteError(), labels, pre, act, mask, 1.0, 1.0 / K);
            }
        }
    }

    @Test
    void huberMatchesLoopReferenceAndHalfMseForLargeDelta() {
        double delta = 0.7;
        INDArray labels = randn(4, N, K), pre = randn(5, N, K).muli(2);
        HuberLoss huber = new HuberLoss(delta);
        INDArray scores = huber.computeScoreArray(labels, pre, new ActivationIdentity(), null);
        INDArray grad = huber.computeGradient(labels, pre, new ActivationIdentity(), null);
        int quadratic = 0;
        for (int i = 0; i < N; i++) {
            double s = 0;
            for (int k = 0; k < K; k++) {
                double r = pre.getDouble(i, k) - labels.getDouble(i, k);
                quadratic += Math.abs(r) <= delta ? 1 : 0;
                s += Math.abs(r) <= delta ? 0.5 * r * r : delta * (Math.abs(r) - 0.5 * delta);
                double g = Math.max(-delta, Math.min(delta, r)) / K;
                assertEquals(g, grad.getDouble(i, k), 1e-14);
            }
            assertEquals(s / K, scores.getDouble(i), 1e-14);
        }
        assertTrue(quadratic > 2 && quadratic < N * K - 2, "both branches exercised: " + quadratic);
        assertSameLoss(new LossMSE(), new HuberLoss(1e6), labels, pre, new ActivationTanH(), null, 0.5, 0.5);
    }

    /** −Σ q′ log softmax(z), q′ = (1−ε)q + ε/K, and its gradient p·Σq′ − q′, in plain loops. */
    @Test
    void labelSmoothingMatchesClosedForm() {
        double eps = 0.2;
        INDArray z = randn(6, N, K).muli(3);
        INDArray q = NetworkFixtures.oneHot(N, K);
        q.putRow(1, Nd4j.createFromArray(0.3, 0.7, 0.0, 0.0)); // a soft (mixup-style) label
        LabelSmoothingCrossEntropy loss = new LabelSmoothingCrossEntropy(eps);
        INDArray scores = loss.computeScoreArray(q, z, new ActivationSoftmax(), null);
        INDArray grad = loss.computeGradient(q, z, new ActivationSoftmax(), null);
        double total = 0;
        for (int i = 0; i < N; i++) {
            double max = Double.NEGATIVE_INFINITY, norm = 0, s = 0;
            for (int k = 0; k < K; k++) {
                max = Math.max(max, z.getDouble(i, k));
            }
            for (int k = 0; k < K; k++) {
                norm += Math.exp(z.getDouble(i, k) - max);
            }
            for (int k = 0; k < K; k++) {
                double logP = z.getDouble(i, k) - max - Math.log(norm);
                double qs = (1 - eps) * q.getDouble(i, k) + eps / K;
                s -= qs * logP;
                assertEquals(Math.exp(logP) - qs, grad.getDouble(i, k), 1e-14);
            }
            assertEquals(s, scores.getDouble(i), 1e-12);
            total += s;
        }
        assertEquals(total / N, loss.computeScore(q, z, new ActivationSoftmax(), null, true), 1e-12);
    }

    @Test
    void labelSmoothingWithZeroSmoothingIsDl4jMcxent() {
        INDArray z = randn(7, N, K);
        INDArray q = NetworkFixtures.oneHot(N, K);
        INDArray perExample = Nd4j.createFromArray(1.0, 0, 1, 1, 0, 1).reshape(N, 1);
        INDArray perOutput = randn(8, N, K).gt(0).castTo(DataType.DOUBLE);
        // softmax takes the closed-form gradient, sigmoid the general backprop of −q/p
        for (IActivation act : new IActivation[] {new ActivationSoftmax(), new org.nd4j.linalg.activations.impl.ActivationSigmoid()}) {
            // DL4J's MCXENT refuses per-output masks with softmax ("not supported"), so those run with sigmoid only
            for (INDArray mask : act instanceof ActivationSoftmax ? new INDArray[] {null, perExample}
                    : new INDArray[] {null, perExample, perOutput}) {
                assertSameLoss(new LossMCXENT(), new LabelSmoothingCrossEntropy(0.0), q, z, act, mask, 1.0, 1.0);
            }
        }
        LabelSmoothingCrossEntropy loss = new LabelSmoothingCrossEntropy(0.1);
        org.nd4j.common.primitives.Pair<Double, INDArray> both = loss.computeGradientAndScore(q, z, new ActivationSoftmax(),
                perExample, false);
        assertEquals(loss.computeScore(q, z, new ActivationSoftmax(), perExample, false), both.getFirst(), 0.0);
        assertEquals(loss.computeGradient(q, z, new ActivationSoftmax(), perExample), both.getSecond());
        assertEquals("label-smoothing", loss.name());
    }

    @Test
    void gradientChecksInANetwork() {
        ILossFunction[] losses = {new LabelSmoothingCrossEntropy(0.1), new HuberLoss(0.5), new MeanAbsoluteError()};
        String[] activations = {"softmax", "tanh", "identity"};
        for (int i = 0; i < losses.length; i++) {
            MultiLayerNetwork n = new MultiLayerNetwork(new NeuralNetConfiguration.Builder()
                    .dataType(DataType.DOUBLE).seed(3).weightInit(WeightInit.XAVIER).updater(new NoOp()).list()
                    .layer(new DenseLayer.Builder().nIn(4).nOut(5).activation(
                            org.nd4j.linalg.activations.Activation.TANH).build())
                    .layer(new OutputLayer.Builder().lossFunction(losses[i]).nIn(5).nOut(3)
                            .activation(org.nd4j.linalg.activations.Activation.fromString(activations[i])).build())
                    .build());
            n.init();
            // Labels away from the outputs: MAE's kink at r = 0 is never within the finite-difference step.
            INDArray labels = i == 0 ? NetworkFixtures.oneHot(8, 3) : randn(9, 8, 3).muli(3);
            assertTrue(GradientCheckUtil.checkGradients(new GradientCheckUtil.MLNConfig().net(n)
                    .input(randn(8, 8, 4)).labels(labels).print(GradientCheckUtil.PrintMode.FAILURES_ONLY)),
                    losses[i].toString());
        }
    }
}
