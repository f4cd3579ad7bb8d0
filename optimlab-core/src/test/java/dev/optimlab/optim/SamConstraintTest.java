package dev.optimlab.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.deeplearning4j.nn.api.layers.LayerConstraint;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.constraint.NonNegativeConstraint;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import dev.optimlab.DoublePrecision;

/**
 * SAM honours the layers' constraints as {@code fit} does: after each step the constrained
 * parameters are projected. Checked with a non-negativity constraint on the weights, whose
 * projection is written out here as max(w, 0) on a twin network trained without it.
 */
@ExtendWith(DoublePrecision.class)
class SamConstraintTest {

    private static MultiLayerNetwork net(LayerConstraint weightConstraint) {
        NeuralNetConfiguration.Builder b = new NeuralNetConfiguration.Builder().dataType(DataType.DOUBLE).seed(41)
                .weightInit(WeightInit.XAVIER).updater(new Sgd(0.2));
        if (weightConstraint != null) {
            b.constrainWeights(weightConstraint);
        }
        MultiLayerNetwork net = new MultiLayerNetwork(b.list()
                .layer(new DenseLayer.Builder().nIn(4).nOut(6).activation(Activation.TANH).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(6).nOut(3)
                        .activation(Activation.SOFTMAX).build())
                .build());
        net.init();
        return net;
    }

    @Test
    void eachStepEndsWithTheLayersConstraintsApplied() {
        MultiLayerNetwork constrained = net(new NonNegativeConstraint());
        MultiLayerNetwork free = net(null);
        assertEquals(free.params(), constrained.params(), "same seed, same initial parameters");
        Sam sam = new Sam(0.05);
        // one step from identical weights: the constrained net's result is the projection of the free one's
        sam.step(constrained, NetworkHarness.batch(7));
        sam.step(free, NetworkHarness.batch(7));
        int clipped = 0;
        for (String key : free.paramTable().keySet()) {
            INDArray f = free.getParam(key);
            INDArray c = constrained.getParam(key);
            boolean weights = key.endsWith("_W");
            for (int i = 0; i < f.length(); i++) {
                double expected = weights ? Math.max(f.getDouble(i), 0.0) : f.getDouble(i);
                clipped += weights && f.getDouble(i) < 0 ? 1 : 0;
                // the same double operations on the same values, then an exact projection
                assertEquals(expected, c.getDouble(i), 1e-15, key + "[" + i + "]");
            }
        }
        // Xavier weights of both signs after one small step: without the projection the check above fails
        assertTrue(clipped > 5, "the free step leaves negative weights to project: " + clipped);
    }
}
