package dev.optimlab.optim;

import dev.optimlab.DoublePrecision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.dataset.api.iterator.TestMultiDataSetIterator;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.regularization.Regularization;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * SAM on a ComputationGraph (two inputs, a merge, a hidden layer, softmax) against Algorithm 1
 * of Foret et al. written out with gradients from a twin graph, as {@link SamTest} does for a
 * MultiLayerNetwork; AdamW (decoupled decay on weights) as the base.
 */
@ExtendWith(DoublePrecision.class)
class SamGraphTest {


    static ComputationGraph graph(IUpdater updater, List<? extends Regularization> hooks, long seed) {
        ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder().dataType(DataType.DOUBLE).seed(seed)
                .weightInit(WeightInit.XAVIER).graphBuilder()
                .addInputs("a", "b")
                .addLayer("da", new DenseLayer.Builder().nIn(2).nOut(4).activation(Activation.TANH).build(), "a")
                .addLayer("db", new DenseLayer.Builder().nIn(2).nOut(3).activation(Activation.TANH).build(), "b")
                .addVertex("merge", new MergeVertex(), "da", "db")
                .addLayer("hidden", new DenseLayer.Builder().nIn(7).nOut(5).activation(Activation.TANH).build(), "merge")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(5).nOut(3)
                        .activation(Activation.SOFTMAX).build(), "hidden")
                .setOutputs("out")
                .build();
        OptimizerWiring.apply(conf, updater, hooks);
        ComputationGraph g = new ComputationGraph(conf);
        g.init();
        return g;
    }

    /** The harness batch with its four features split over the two inputs. */
    static MultiDataSet batch(int s) {
        DataSet d = NetworkHarness.batch(9000 + s);
        INDArray x = d.getFeatures();
        return new org.nd4j.linalg.dataset.MultiDataSet(
                new INDArray[] {x.get(NDArrayIndex.all(), NDArrayIndex.interval(0, 2)).dup(),
                        x.get(NDArrayIndex.all(), NDArrayIndex.interval(2, 4)).dup()},
                new INDArray[] {d.getLabels()});
    }

    /** Minibatch-mean gradients by key ("da_W", ...) at the graph's current parameters, 'c' order. */
    private static Map<String, double[]> meanGradients(ComputationGraph g, MultiDataSet batch) {
        g.setInputs(batch.getFeatures());
        g.setLabels(batch.getLabels());
        g.computeGradientAndScore();
        Map<String, double[]> out = new LinkedHashMap<>();
        for (Map.Entry<String, INDArray> e : g.gradient().gradientForVariable().entrySet()) {
            out.put(e.getKey(), e.getValue().dup('c').divi(batch.getFeatures(0).size(0)).data().asDouble());
        }
        return out;
    }

    @Test
    void samWithAdamWOnAGraphMatchesAlgorithm1() {
        SamReference algorithm1 = new SamReference(0.01, 0.1, 0.05);
        int steps = 15;
        Map<String, Double> hp = algorithm1.adamw();
        ComputationGraph net = graph(Optimizers.updaterPart("adamw", hp), Optimizers.parameterHooks("adamw", hp), 31);
        ComputationGraph ref = graph(new Sgd(1.0), List.of(), 31);
        assertEquals(ref.params(), net.params());
        Sam sam = new Sam(algorithm1.rho());
        for (int s = 0; s < steps; s++) {
            MultiDataSet batch = batch(s);
            double refScore = algorithm1.step(ref, () -> meanGradients(ref, batch), key -> ParameterKeys.param(ref, key));
            double score = sam.step(net, batch);
            assertEquals(refScore, score, 1e-12, "SAM reports the loss at the unperturbed weights");
        }
        SamReference.assertSameWeights(net, ref, steps, 1e-12, "sam(adamw) on a graph");

        ComputationGraph plain = graph(Optimizers.updaterPart("adamw", hp), Optimizers.parameterHooks("adamw", hp), 31);
        for (int s = 0; s < steps; s++) {
            plain.fit(batch(s));
        }
        assertTrue(plain.params().sub(net.params()).amaxNumber().doubleValue() > 1e-6, "SAM must differ from AdamW");
    }

    @Test
    void fitRunsOneStepPerMinibatchAndCountsEpochs() {
        ComputationGraph viaFit = graph(new Momentum(0.05, 0.9), List.of(), 32);
        ComputationGraph viaStep = graph(new Momentum(0.05, 0.9), List.of(), 32);
        List<MultiDataSet> batches = List.of(batch(1), batch(2), batch(3));
        Sam sam = new Sam(0.05);
        for (int epoch = 0; epoch < 2; epoch++) {
            sam.fit(viaFit, new TestMultiDataSetIterator(1, batches.toArray(new MultiDataSet[0])));
            for (MultiDataSet b : batches) {
                sam.step(viaStep, b);
            }
        }
        assertEquals(6, viaFit.getIterationCount());
        assertEquals(2, viaFit.getEpochCount());
        assertEquals(viaStep.params(), viaFit.params());
    }

    /** One iterator for both epochs: fit must reset it, as graph.fit(iterator) does, or the second epoch is empty. */
    @Test
    void fitResetsAReusedIterator() {
        ComputationGraph viaFit = graph(new Momentum(0.05, 0.9), List.of(), 33);
        ComputationGraph viaStep = graph(new Momentum(0.05, 0.9), List.of(), 33);
        List<MultiDataSet> batches = List.of(batch(4), batch(5));
        TestMultiDataSetIterator iterator = new TestMultiDataSetIterator(1, batches.toArray(new MultiDataSet[0]));
        Sam sam = new Sam(0.05);
        for (int epoch = 0; epoch < 2; epoch++) {
            sam.fit(viaFit, iterator);
            for (MultiDataSet b : batches) {
                sam.step(viaStep, b);
            }
        }
        assertEquals(4, viaFit.getIterationCount(), "two batches in each of two epochs");
        assertEquals(viaStep.params(), viaFit.params());
    }
}
