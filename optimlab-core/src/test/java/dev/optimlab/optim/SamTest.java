package dev.optimlab.optim;

import dev.optimlab.DoublePrecision;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/** SAM against Algorithm 1 written out on a small double network; batch-norm statistics. */
@ExtendWith(DoublePrecision.class)
class SamTest {


    @Test
    void samWithAdamWMatchesAlgorithm1() {
        SamReference algorithm1 = new SamReference(0.01, 0.05, 0.1);
        int steps = 15;
        MultiLayerNetwork net = ParameterHookNetworkTest.wired("adamw", algorithm1.adamw(), 21);
        MultiLayerNetwork ref = ParameterHookNetworkTest.wired(new Sgd(1.0), List.of(), 21);
        Sam sam = new Sam(algorithm1.rho());
        for (int s = 0; s < steps; s++) {
            DataSet batch = NetworkHarness.batch(2000 + s);
            double refScore = algorithm1.step(ref, () -> ParameterHookNetworkTest.meanGradients(ref, batch),
                    key -> ParameterHookNetworkTest.paramOf(ref, key));
            double score = sam.step(net, batch);
            assertEquals(refScore, score, 1e-12, "SAM reports the loss at the unperturbed weights");
        }
        SamReference.assertSameWeights(net, ref, steps, 1e-10, "sam(adamw)");
        MultiLayerNetwork plain = ParameterHookNetworkTest.wired("adamw", algorithm1.adamw(), 21);
        for (int s = 0; s < steps; s++) {
            plain.fit(NetworkHarness.batch(2000 + s));
        }
        assertTrue(plain.params().sub(net.params()).amaxNumber().doubleValue() > 1e-6,
                "SAM must differ from plain AdamW");
    }

    private static MultiLayerNetwork batchNormNetwork() {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder()
                .dataType(DataType.DOUBLE).seed(8).weightInit(WeightInit.XAVIER).list()
                .layer(new DenseLayer.Builder().nIn(4).nOut(6).activation(Activation.IDENTITY).build())
                .layer(new BatchNormalization.Builder().nOut(6).build())
                .layer(new DenseLayer.Builder().nIn(6).nOut(5).activation(Activation.TANH).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(5).nOut(3)
                        .activation(Activation.SOFTMAX).build())
                .build();
        OptimizerWiring.apply(conf, "momentum", Map.of("lr", 0.05));
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    @Test
    void batchNormRunningStatisticsAreThoseOfOneOrdinaryPass() {
        MultiLayerNetwork withSam = batchNormNetwork();
        MultiLayerNetwork ordinary = batchNormNetwork();
        assertEquals(withSam.params(), ordinary.params());
        Map<String, INDArray> initial = withSam.getLayer(1).paramTable();
        Map<String, INDArray> before = new HashMap<>();
        initial.forEach((k, v) -> before.put(k, v.dup()));
        Sam sam = new Sam(0.5); // large ρ: a perturbed pass would visibly move the batch statistics
        for (int s = 0; s < 3; s++) {
            DataSet batch = NetworkHarness.batch(3000 + s);
            // Same starting point each step, so that only the pass that fed the statistics differs.
            ordinary.setParams(withSam.params());
            sam.step(withSam, batch);
            ordinary.fit(batch);
            int stats = 0;
            for (String key : withSam.getLayer(1).paramTable().keySet()) {
                INDArray a = withSam.getLayer(1).getParam(key);
                INDArray b = ordinary.getLayer(1).getParam(key);
                if (GlobalNormClipping.isTrainable(withSam, "1_" + key)) {
                    assertTrue(a.sub(b).amaxNumber().doubleValue() > 1e-8, key + ": SAM must change the trainable update");
                } else {
                    stats++;
                    assertEquals(0.0, a.sub(b).amaxNumber().doubleValue(), 1e-15, key + " after SAM step " + s);
                    assertTrue(a.sub(before.get(key)).amaxNumber().doubleValue() > 1e-6, key + " must have moved");
                }
            }
            assertEquals(2, stats, "batch norm has two running statistics");
        }
    }

    @Test
    void fitRunsOneStepPerMinibatchAndCountsEpochs() {
        MultiLayerNetwork viaFit = ParameterHookNetworkTest.wired("adamw", Map.of("lr", 0.01), 22);
        MultiLayerNetwork viaStep = ParameterHookNetworkTest.wired("adamw", Map.of("lr", 0.01), 22);
        List<org.nd4j.linalg.dataset.DataSet> batches = List.of(NetworkHarness.batch(1), NetworkHarness.batch(2),
                NetworkHarness.batch(3));
        Sam sam = new Sam();
        int[] epochHooks = new int[4];
        viaFit.addListeners(new org.deeplearning4j.optimize.api.BaseTrainingListener() {
            @Override
            public void onEpochStart(org.deeplearning4j.nn.api.Model model) {
                epochHooks[0]++;
            }

            @Override
            public void onEpochEnd(org.deeplearning4j.nn.api.Model model) {
                epochHooks[1]++;
            }

            @Override
            public void onGradientCalculation(org.deeplearning4j.nn.api.Model model) {
                epochHooks[2]++;
            }

            @Override
            public void iterationDone(org.deeplearning4j.nn.api.Model model, int iteration, int epoch) {
                epochHooks[3]++;
            }
        });
        // one iterator for both epochs: fit must reset it, as net.fit(iterator) does
        var iterator = new org.deeplearning4j.datasets.iterator.ExistingDataSetIterator(batches);
        for (int epoch = 0; epoch < 2; epoch++) {
            sam.fit(viaFit, iterator);
            for (org.nd4j.linalg.dataset.DataSet b : batches) {
                sam.step(viaStep, b);
            }
        }
        assertEquals(6, viaFit.getIterationCount());
        assertEquals(2, viaFit.getEpochCount());
        assertEquals(2, epochHooks[0], "listeners' epoch starts");
        assertEquals(2, epochHooks[1], "listeners' epoch ends");
        assertEquals(6, epochHooks[2], "one gradient calculation reported per SAM step (the sharp one)");
        assertEquals(6, epochHooks[3], "one iteration reported per SAM step");
        assertEquals(0.05, sam.rho(), 0.0, "the paper's default ρ");
        assertEquals(viaStep.params(), viaFit.params());
    }
}
