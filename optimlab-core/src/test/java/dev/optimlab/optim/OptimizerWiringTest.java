package dev.optimlab.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.regularization.L2Regularization;
import org.nd4j.linalg.learning.regularization.Regularization;

/** Where {@link OptimizerWiring} puts the updater and the hooks, in both configuration kinds. */
class OptimizerWiringTest {

    private static NeuralNetConfiguration.Builder base() {
        return new NeuralNetConfiguration.Builder().seed(1).l2(1e-3); // an existing BEFORE_UPDATER entry to keep
    }

    private static Layer[] layers() {
        return new Layer[] {new DenseLayer.Builder().nIn(3).nOut(4).build(), new BatchNormalization.Builder().nOut(4).build(),
            new ActivationLayer.Builder().activation(Activation.TANH).build(),
            new OutputLayer.Builder().nIn(4).nOut(2).activation(Activation.SOFTMAX).build()};
    }

    private static void assertWired(List<Layer> wired, String name, Map<String, Double> hp) {
        IUpdater updater = Optimizers.updaterPart(name, hp);
        List<Regularization> hooks = Optimizers.parameterHooks(name, hp);
        boolean perLayer = OptimizerCases.requirements(name).contains(OptimLabUpdater.Requirement.PER_LAYER_WIRING);
        int withParams = 0;
        for (Layer l : wired) {
            if (!(l instanceof BaseLayer b)) {
                continue;
            }
            int index = withParams++;
            if (perLayer && !(l instanceof DenseLayer)) {
                // batch norm and output layer: which configuration each takes is per optimizer (MuonTest,
                // ShampooTest check it); generically, it must be a runnable one, not the prototype
                assertTrue(b.getIUpdater() instanceof OptimLabUpdater o && o.requirements().isEmpty(),
                        name + " on " + l.getClass().getSimpleName() + ": " + b.getIUpdater());
                assertTrue(regsOf(b).stream().noneMatch(r -> hooks.stream().anyMatch(h -> r.equals(((ParameterHook) h).forLayer(l)))),
                        name + ": the hidden-weight hooks only on hidden weights");
                continue;
            }
            IUpdater expectedUpdater = perLayer ? ((OptimLabUpdater) updater).forWeightMatrix(4, 3, index) : updater; // dense 3 → 4
            assertEquals(expectedUpdater, b.getIUpdater(), name + " on " + l.getClass().getSimpleName());
            assertNotSame(updater, b.getIUpdater(), "each layer gets its own clone");
            if (perLayer) {
                assertTrue(b.getBiasUpdater() instanceof OptimLabUpdater o && o.requirements().isEmpty(),
                        name + ": biases take a runnable configuration, got " + b.getBiasUpdater());
            } else {
                assertNull(b.getBiasUpdater(), "biases take the same updater");
            }
            List<Regularization> regs = regsOf(b);
            if (l instanceof BatchNormalization) {
                for (Regularization h : hooks) {
                    assertTrue(!regs.contains(((ParameterHook) h).forLayer(l)), "no hooks on batch norm: " + regs);
                }
                continue;
            }
            List<Regularization> expected = new ArrayList<>(List.of(new L2Regularization(1e-3)));
            for (Regularization h : hooks) {
                expected.add(((ParameterHook) h).forLayer(l));
            }
            assertEquals(expected, regs, name + ": regularization of " + l.getClass().getSimpleName());
            assertTrue(b.getRegularizationBias() == null
                    || b.getRegularizationBias().stream().noneMatch(r -> r instanceof ParameterHook), "no hooks on biases");
        }
        assertEquals(3, withParams, "dense, batch norm and output have parameters");
    }

    private static List<Regularization> regsOf(BaseLayer b) {
        return b.getRegularization() == null ? List.of() : b.getRegularization();
    }

    @ParameterizedTest
    @MethodSource("dev.optimlab.optim.OptimizerCases#names")
    void multiLayerAndGraphConfigurationsAreWiredAlike(String name) {
        Map<String, Double> hp = OptimizerCases.draw(name, 0, Variant.PAPER);
        NeuralNetConfiguration.ListBuilder list = base().list();
        for (Layer l : layers()) {
            list.layer(l);
        }
        MultiLayerConfiguration conf = OptimizerWiring.apply(list.build(), name, hp);
        List<Layer> wired = new ArrayList<>();
        conf.getConfs().forEach(c -> wired.add(c.getLayer()));
        assertWired(wired, name, hp);

        ComputationGraphConfiguration.GraphBuilder g = base().graphBuilder().addInputs("in")
                .setInputTypes(InputType.feedForward(3));
        String prev = "in";
        Layer[] ls = layers();
        for (int i = 0; i < ls.length; i++) {
            g.addLayer("l" + i, ls[i], prev);
            prev = "l" + i;
        }
        ComputationGraphConfiguration graph = OptimizerWiring.apply(g.setOutputs(prev).build(), name, hp);
        List<Layer> graphLayers = new ArrayList<>();
        graph.getVertices().values().forEach(v -> {
            if (v instanceof LayerVertex lv) {
                graphLayers.add(lv.getLayerConf().getLayer());
            }
        });
        assertWired(graphLayers, name, hp);
    }

    @Test
    void theDl4jVariantIsWiredWhenAskedFor() {
        NeuralNetConfiguration.ListBuilder list = base().list();
        for (Layer l : layers()) {
            list.layer(l);
        }
        MultiLayerConfiguration conf = OptimizerWiring.apply(list.build(), "adam", Map.of(), Variant.DL4J);
        assertEquals(Optimizers.updaterPart("adam", Map.of(), Variant.DL4J), ((BaseLayer) conf.getConf(0).getLayer()).getIUpdater());
    }
}
