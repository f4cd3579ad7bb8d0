package dev.optimlab.regularize;

import dev.optimlab.DoublePrecision;
import org.junit.jupiter.api.extension.ExtendWith;

import static dev.optimlab.regularize.NetworkFixtures.maxAbsDiff;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import dev.optimlab.optim.DecoupledWeightDecay;
import dev.optimlab.regularize.penalty.L2Penalty;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.regularization.L2Regularization;
import org.nd4j.linalg.learning.regularization.Regularization;
import org.nd4j.linalg.learning.regularization.WeightDecay;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * L2 and decoupled weight decay against DL4J's {@code L2Regularization} and {@code WeightDecay}:
 * identical training trajectories under Adam (where coupled and decoupled differ) and identical
 * scores; plus the global-builder duplication that makes per-layer configuration necessary.
 */
@ExtendWith(DoublePrecision.class)
class PenaltyTest {


    /** Penalties on weights and biases of both layers, set per layer. */
    private static MultiLayerNetwork net(Regularization r) {
        List<Regularization> list = new ArrayList<>(List.of(r));
        MultiLayerNetwork n = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().dataType(DataType.DOUBLE)
                .seed(11).weightInit(WeightInit.XAVIER).updater(new Adam(0.05)).list()
                .layer(new DenseLayer.Builder().nIn(4).nOut(5).activation(Activation.TANH)
                        .regularization(list).regularizationBias(list).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nIn(5).nOut(2)
                        .activation(Activation.IDENTITY).regularization(list).regularizationBias(list).build())
                .build());
        n.init();
        return n;
    }

    private static void assertSameTrajectory(Regularization ours, Regularization dl4j, Regularization other) {
        DataSet ds = new DataSet(NetworkFixtures.randn(1, 8, 4), NetworkFixtures.randn(2, 8, 2));
        MultiLayerNetwork a = net(ours), b = net(dl4j), c = net(other);
        for (int i = 0; i < 5; i++) {
            a.fit(ds);
            b.fit(ds);
            c.fit(ds);
            assertEquals(b.score(), a.score(), 1e-14, "score step " + i);
        }
        double diff = maxAbsDiff(a.params(), b.params());
        assertTrue(NetworkFixtures.measured(ours + " vs " + dl4j + " params after 5 Adam steps", diff) < 1e-14);
        // The other penalty with the same coefficient really trains differently under Adam.
        assertTrue(maxAbsDiff(a.params(), c.params()) > 1e-4);
    }

    @Test
    void l2MatchesDl4jL2Regularization() {
        assertSameTrajectory(new L2Penalty(0.05), new L2Regularization(0.05), new DecoupledWeightDecay(0.05));
    }

    @Test
    void decoupledDecayMatchesDl4jWeightDecay() {
        assertSameTrajectory(new DecoupledWeightDecay(0.05), new WeightDecay(0.05, true), new L2Penalty(0.05));
    }

    @Test
    void scoreIsHalfLambdaSquaredNorm() {
        org.nd4j.linalg.api.ndarray.INDArray w = org.nd4j.linalg.factory.Nd4j.createFromArray(1.0, -2.0, 3.0);
        assertEquals(0.5 * 0.1 * 14, new L2Penalty(0.1).score(w, 0, 0), 1e-15);
        assertEquals(0.5 * 0.1 * 14, new DecoupledWeightDecay(0.1).score(w, 0, 0), 1e-15);
        assertThrows(IllegalArgumentException.class, () -> new L2Penalty(-1));
    }

    /** The DL4J trap the per-layer advice avoids: a custom regularization set globally lands twice. */
    @Test
    void globalBuilderDuplicatesCustomRegularizationPerLayerDoesNot() {
        MultiLayerConfiguration global = new NeuralNetConfiguration.Builder()
                .regularization(new ArrayList<>(List.of(new DecoupledWeightDecay(0.01)))).list()
                .layer(new DenseLayer.Builder().nIn(4).nOut(5).build()).build();
        MultiLayerConfiguration perLayer = new NeuralNetConfiguration.Builder().list()
                .layer(new DenseLayer.Builder().nIn(4).nOut(5)
                        .regularization(new ArrayList<>(List.of(new DecoupledWeightDecay(0.01)))).build()).build();
        assertEquals(2, ((BaseLayer) global.getConf(0).getLayer()).getRegularization().size());
        assertEquals(1, ((BaseLayer) perLayer.getConf(0).getLayer()).getRegularization().size());
    }
}
