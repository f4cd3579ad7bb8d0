package dev.optimlab.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.Supplier;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.conf.layers.recurrent.SimpleRnn;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import dev.optimlab.DoublePrecision;

/**
 * SAM on masked sequences: both gradients of a step (at w and at w + ε) must honour the batch's
 * masks, so what the labels say at masked time steps cannot move the weights; and the masks are
 * cleared after the step, as {@code fit} leaves a network.
 */
@ExtendWith(DoublePrecision.class)
class SamMaskTest {

    private static final int T = 5;

    private static MultiLayerNetwork rnn() {
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().dataType(DataType.DOUBLE)
                .seed(3).weightInit(WeightInit.XAVIER).updater(new Sgd(0.5)).list()
                .layer(new SimpleRnn.Builder().nOut(4).activation(Activation.TANH).build())
                .layer(new RnnOutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(2)
                        .activation(Activation.SOFTMAX).build())
                .setInputType(InputType.recurrent(3, T)).build());
        net.init();
        return net;
    }

    /** Two sequences, the first masked after step 2; {@code maskedClass} labels its masked steps. */
    static DataSet batch(int maskedClass) {
        java.util.Random r = new java.util.Random(5);
        INDArray x = Nd4j.zeros(DataType.DOUBLE, 2, 3, T);
        for (int i = 0; i < x.length(); i++) {
            x.putScalar(i, r.nextGaussian());
        }
        INDArray y = Nd4j.zeros(DataType.DOUBLE, 2, 2, T);
        INDArray mask = Nd4j.ones(DataType.DOUBLE, 2, T);
        for (int t = 0; t < T; t++) {
            y.putScalar(new long[] {1, t % 2, t}, 1);
            boolean masked = t >= 2;
            y.putScalar(new long[] {0, masked ? maskedClass : 0, t}, 1);
            mask.putScalar(0, t, masked ? 0 : 1);
        }
        return new DataSet(x, y, mask, mask);
    }

    /** One SAM step of {@code net} on {@link #batch}{@code (maskedClass)}, with its masks or without. */
    interface MaskedStep<N extends Model> {
        void run(Sam sam, N net, int maskedClass, boolean masked);
    }

    /**
     * Three SAM steps on each of three fresh RNNs: two on masked batches whose masked time steps
     * carry different labels, one on the second batch unmasked. The masked labels must not move
     * the weights (the first two end equal) while the masks must matter (the third differs).
     * Returns the first network, for the checks of where its masks were left.
     */
    static <N extends Model> N maskedLabelsDoNotMoveTheWeights(Supplier<N> rnn, MaskedStep<N> step) {
        N a = rnn.get();
        N b = rnn.get();
        N unmasked = rnn.get();
        Sam sam = new Sam(0.05);
        for (int s = 0; s < 3; s++) {
            step.run(sam, a, 0, true);
            step.run(sam, b, 1, true);
            step.run(sam, unmasked, 1, false);
        }
        assertEquals(a.params(), b.params(), "the labels at masked steps moved the weights");
        assertTrue(a.params().sub(unmasked.params()).amaxNumber().doubleValue() > 1e-6,
                "the masks must matter on this batch");
        return a;
    }

    @Test
    void labelsAtMaskedStepsDoNotMoveTheWeightsAndMasksAreCleared() {
        MultiLayerNetwork a = maskedLabelsDoNotMoveTheWeights(SamMaskTest::rnn, (sam, net, maskedClass, masked) -> {
            DataSet batch = batch(maskedClass);
            if (!masked) {
                batch.setFeaturesMaskArray(null);
                batch.setLabelsMaskArray(null);
            }
            sam.step(net, batch);
        });
        assertNull(a.getLayer(0).getMaskArray(), "the features mask is left on the recurrent layer");
        assertNull(a.getOutputLayer().getMaskArray(), "the labels mask is left on the output layer");
    }
}
