package dev.optimlab.optim;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.regularization.Regularization;

/**
 * The one place that puts an {@link Optimizer} into a built DL4J configuration (every
 * {@code Optimizer.applyTo} comes here), both parts in one call: the elementwise
 * {@link IUpdater} on every parameter of every layer (weights and biases), and the optimizer's
 * per-tensor {@link ParameterHook}s on each layer's <em>weights</em>.
 *
 * <pre>
 *   MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder()...list()...build();
 *   Optimizers.optimizer("lamb", Map.of("lr", 1e-3)).applyTo(conf);   // or OptimizerWiring.apply(conf, "lamb", ...)
 *   MultiLayerNetwork net = new MultiLayerNetwork(conf); net.init();
 * </pre>
 *
 * <p>Choices, and why:
 * <ul>
 * <li>Per layer, never global: DL4J 1.0.0-M2.1 adds custom regularizations set on the global
 *     builder twice. Each layer gets its own clone of the updater and of each hook.</li>
 * <li>Order: the hooks are appended after the layer's existing regularizations. L1/L2 are
 *     BEFORE_UPDATER entries and so still feed the moments (coupled), whatever their position;
 *     another POST_UPDATER entry already on the layer (e.g. DL4J's {@code WeightDecay}) runs
 *     first, so a LAMB trust ratio rescales it too, like anything else in the update.</li>
 * <li>Biases get no hooks (no decoupled decay, no trust ratio), as in the LAMB and AdamP reference
 *     code and the usual AdamW practice; they take the plain elementwise step. Batch-norm layers
 *     get the updater but no hooks (no decay or adaptation of norm gains); their running
 *     statistics keep DL4J's {@code NoOp}.</li>
 * <li>{@link Muon} splits by layer: hidden dense/convolution weights get Muon and the given hooks,
 *     their biases Muon's auxiliary Adam; every other layer gets the auxiliary Adam and its decay.</li>
 * <li>{@link Shampoo} is shaped per tensor: each layer's weights get their own configuration
 *     ({@link Shampoo#forLayer}, numbered by layer so that DL4J never merges two), biases and
 *     other parameters the diagonal one.</li>
 * <li>Layers without parameters ({@code BaseLayer} not extended: pooling, activation, ...) are
 *     left alone.</li>
 * </ul>
 */
public final class OptimizerWiring {

    private OptimizerWiring() {
    }

    /** Wires the registry's optimizer {@code name} with {@code hyperparameters} into {@code conf}. */
    public static MultiLayerConfiguration apply(MultiLayerConfiguration conf, String name,
                                                Map<String, Double> hyperparameters) {
        return Optimizers.optimizer(name, hyperparameters).applyTo(conf);
    }

    /** As {@link #apply(MultiLayerConfiguration, String, Map)}, with the updater in {@code variant}. */
    public static MultiLayerConfiguration apply(MultiLayerConfiguration conf, String name,
                                                Map<String, Double> hyperparameters, Variant variant) {
        return Optimizers.optimizer(name, hyperparameters, variant).applyTo(conf);
    }

    /** Wires {@code updater} and the weight {@code hooks} into every layer of {@code conf}. */
    public static MultiLayerConfiguration apply(MultiLayerConfiguration conf, IUpdater updater,
                                                List<? extends Regularization> hooks) {
        int index = 0;
        for (NeuralNetConfiguration layerConf : conf.getConfs()) {
            wire(layerConf.getLayer(), updater, hooks, index++);
        }
        return conf;
    }

    /** Wires the registry's optimizer into every layer vertex of {@code conf}. */
    public static ComputationGraphConfiguration apply(ComputationGraphConfiguration conf, String name,
                                                      Map<String, Double> hyperparameters) {
        return Optimizers.optimizer(name, hyperparameters).applyTo(conf);
    }

    /** Wires {@code updater} and the weight {@code hooks} into every layer vertex of {@code conf}. */
    public static ComputationGraphConfiguration apply(ComputationGraphConfiguration conf, IUpdater updater,
                                                      List<? extends Regularization> hooks) {
        int index = 0;
        for (GraphVertex v : conf.getVertices().values()) {
            if (v instanceof LayerVertex lv) {
                wire(lv.getLayerConf().getLayer(), updater, hooks, index++);
            }
        }
        return conf;
    }

    private static void wire(Layer layer, IUpdater updater, List<? extends Regularization> hooks, int index) {
        if (!(layer instanceof BaseLayer base)) {
            return;
        }
        if (updater instanceof Muon muon && !Muon.isHidden(layer)) {
            wire(layer, muon.auxiliary(), muon.auxiliaryWeightHooks(), index);
            return;
        }
        if (updater instanceof Shampoo shampoo) {
            base.setIUpdater(shampoo.forLayer(layer, index));
            base.setBiasUpdater(shampoo.diagonal());
        } else {
            base.setIUpdater(updater instanceof Muon muon ? muon.wired() : updater.clone());
            base.setBiasUpdater(updater instanceof Muon muon ? muon.auxiliary().clone() : null);
        }
        if (layer instanceof BatchNormalization) {
            return;
        }
        List<Regularization> regs = new ArrayList<>();
        if (base.getRegularization() != null) {
            regs.addAll(base.getRegularization());
        }
        for (Regularization h : hooks) {
            regs.add(h instanceof ParameterHook p ? p.forLayer(layer) : h.clone());
        }
        base.setRegularization(regs);
    }
}
