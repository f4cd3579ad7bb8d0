package dev.optimlab.optim;

import java.util.List;
import java.util.Objects;
import java.util.Set;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.regularization.Regularization;
import org.nd4j.linalg.schedule.ISchedule;

/**
 * An optimizer as one value: the elementwise {@link IUpdater} and the per-tensor
 * {@link ParameterHook}s (decoupled decay, LAMB's trust ratio, AdamP's projection, ...) that
 * together make the rule, so that no caller can put one part on a network and forget the other.
 * {@link Optimizers#optimizer} builds it from a registry name; {@link #of} wraps an updater that is
 * the whole rule (any DL4J built-in, or an OptimLab configuration built by hand).
 *
 * <p>Every way onto a network goes through {@link OptimizerWiring}, per layer:
 * <pre>
 *   Optimizer adamw = Optimizers.optimizer("adamw", Map.of("lr", 1e-3, "weightDecay", 0.05));
 *   MultiLayerNetwork net = new MultiLayerNetwork(adamw.applyTo(builder.list()...build()));
 *   ComputationGraph graph = new ComputationGraph(adamw.applyTo(graphBuilder.build()));
 *   MultiLayerNetwork tuned = adamw.applyTo(new TransferLearning.Builder(net)...build());  // before the first fit
 * </pre>
 * A global {@code NeuralNetConfiguration.Builder} cannot carry hooks (DL4J 1.0.0-M2.1 adds custom
 * regularizations set there twice), so {@link #applyTo(NeuralNetConfiguration.Builder)} sets the
 * updater only when it is the whole rule and otherwise refuses, naming the configuration route.
 *
 * @param name  the registry name, or the updater's class name for {@link #of}
 * @param hooks the weight tensors' hooks, in application order (empty when the updater is the whole rule)
 */
public record Optimizer(String name, IUpdater updater, List<Regularization> hooks) {

    public Optimizer {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(updater, "updater: an optimizer needs an IUpdater");
        hooks = List.copyOf(Objects.requireNonNull(hooks, "hooks: use List.of() for none"));
    }

    /** An updater that is the whole rule (no per-tensor part). */
    public static Optimizer of(IUpdater updater) {
        Objects.requireNonNull(updater, "updater");
        return new Optimizer(updater.getClass().getSimpleName(), updater, List.of());
    }

    /** What a caller must do besides wiring; see {@link OptimLabUpdater.Requirement}. */
    public Set<OptimLabUpdater.Requirement> requirements() {
        return updater instanceof OptimLabUpdater o ? o.requirements() : Set.of();
    }

    /**
     * Whether each parameter's step depends on its own gradient history only (no per-tensor
     * norm or matrix step), so that networks packed side by side train exactly as alone.
     */
    public boolean elementwise() {
        return !requirements().contains(OptimLabUpdater.Requirement.PER_LAYER_WIRING)
                && hooks.stream().allMatch(h -> h instanceof ParameterHook p && p.elementwise());
    }

    /**
     * This optimizer with its learning rate following {@code schedule} (a copy; this one is
     * unchanged). Refused by optimizers with {@link OptimLabUpdater.Requirement#NO_SCHEDULE}.
     */
    public Optimizer withSchedule(ISchedule schedule) {
        IUpdater copy = updater.clone();
        copy.setLrAndSchedule(copy.getLearningRate(0, 0), schedule);
        return new Optimizer(name, copy, hooks);
    }

    /** Wires both parts into every layer of {@code conf}; returns it. */
    public MultiLayerConfiguration applyTo(MultiLayerConfiguration conf) {
        return OptimizerWiring.apply(conf, updater, hooks);
    }

    /** Wires both parts into every layer vertex of {@code conf}; returns it. */
    public ComputationGraphConfiguration applyTo(ComputationGraphConfiguration conf) {
        return OptimizerWiring.apply(conf, updater, hooks);
    }

    /**
     * Wires both parts into a network already built (e.g. by {@code TransferLearning.Builder.build()},
     * whose {@code FineTuneConfiguration} can carry an updater but no hooks) and discards its
     * updater state, so that the next {@code fit} starts the new optimizer from zero state. Call it
     * before training with this optimizer.
     */
    public MultiLayerNetwork applyTo(MultiLayerNetwork net) {
        OptimizerWiring.apply(net.getLayerWiseConfigurations(), updater, hooks);
        net.setUpdater(null);
        return net;
    }

    /** As {@link #applyTo(MultiLayerNetwork)}, for a graph. */
    public ComputationGraph applyTo(ComputationGraph graph) {
        OptimizerWiring.apply(graph.getConfiguration(), updater, hooks);
        graph.setUpdater(null);
        return graph;
    }

    /**
     * Sets the updater on the global builder when it is the whole rule; otherwise throws, since
     * hooks cannot go there (DL4J would apply them twice) and per-layer prototypes must be wired
     * per layer: use {@link #applyTo(MultiLayerConfiguration)} on the built configuration instead.
     */
    public NeuralNetConfiguration.Builder applyTo(NeuralNetConfiguration.Builder builder) {
        if (!hooks.isEmpty() || requirements().contains(OptimLabUpdater.Requirement.PER_LAYER_WIRING)) {
            throw new IllegalArgumentException("optimizer '" + name + "' has a per-tensor part ("
                    + (hooks.isEmpty() ? "per-layer configurations" : hooks) + ") that a global builder cannot "
                    + "carry; build the configuration, then call applyTo(conf) on it");
        }
        return builder.updater(updater.clone());
    }
}
