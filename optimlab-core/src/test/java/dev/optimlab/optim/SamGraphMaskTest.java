package dev.optimlab.optim;

import static org.junit.jupiter.api.Assertions.assertNull;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.conf.layers.recurrent.SimpleRnn;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import dev.optimlab.DoublePrecision;

/**
 * {@link SamMaskTest} on a {@link ComputationGraph}: SAM's graph step must pass the batch's masks
 * to both gradient passes, so labels at masked time steps cannot move the weights, and clear
 * them afterwards.
 */
@ExtendWith(DoublePrecision.class)
class SamGraphMaskTest {

    private static ComputationGraph rnn() {
        ComputationGraph g = new ComputationGraph(new NeuralNetConfiguration.Builder().dataType(DataType.DOUBLE)
                .seed(3).weightInit(WeightInit.XAVIER).updater(new Sgd(0.5)).graphBuilder()
                .addInputs("in")
                .addLayer("rnn", new SimpleRnn.Builder().nOut(4).activation(Activation.TANH).build(), "in")
                .addLayer("out", new RnnOutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(2)
                        .activation(Activation.SOFTMAX).build(), "rnn")
                .setOutputs("out").setInputTypes(InputType.recurrent(3, 5)).build());
        g.init();
        return g;
    }

    private static MultiDataSet batch(int maskedClass, boolean masked) {
        DataSet d = SamMaskTest.batch(maskedClass);
        return masked ? new MultiDataSet(d.getFeatures(), d.getLabels(), d.getFeaturesMaskArray(), d.getLabelsMaskArray())
                : new MultiDataSet(d.getFeatures(), d.getLabels());
    }

    @Test
    void labelsAtMaskedStepsDoNotMoveTheWeightsAndMasksAreCleared() {
        ComputationGraph a = SamMaskTest.maskedLabelsDoNotMoveTheWeights(SamGraphMaskTest::rnn,
                (sam, net, maskedClass, masked) -> sam.step(net, batch(maskedClass, masked)));
        // a graph keeps the masks it is given itself (its layers get them per pass)
        assertNull(a.getInputMaskArrays(), "the features masks are left on the graph");
        assertNull(a.getLabelMaskArrays(), "the labels masks are left on the graph");
    }
}
