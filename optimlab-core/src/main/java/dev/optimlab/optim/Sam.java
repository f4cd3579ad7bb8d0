package dev.optimlab.optim;

import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.function.Function;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.deeplearning4j.optimize.solvers.BaseOptimizer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.DataSet;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.dataset.api.iterator.MultiDataSetIterator;

/**
 * Sharpness-Aware Minimization (Foret, Kleiner, Mobahi, Neyshabur, "Sharpness-Aware Minimization
 * for Efficiently Improving Generalization", ICLR 2021, Algorithm 1, eq. 2 with p = 2), as a
 * training step around the network's own optimizer:
 *
 * <pre>
 *   g   = ∇L_B(w)                           (first forward/backward pass)
 *   ε̂   = ρ·g/‖g‖₂                          (over the whole trainable parameter vector)
 *   g_S = ∇L_B(w + ε̂)                       (second pass, at the perturbed weights)
 *   w  ← BaseOptimizer(w, g_S)              (the network's configured updater, at w)
 * </pre>
 *
 * <p>Not an {@code IUpdater}: it needs two gradient evaluations per step. {@link #step} (for a
 * {@code MultiLayerNetwork} or a {@code ComputationGraph}) does what
 * {@code net.fit(batch)} does (DL4J's {@code StochasticGradientDescent.optimize}) with g_S in
 * place of g: the network's updater (its state, schedules, L1/L2, per-tensor hooks such as
 * decoupled decay, which see the restored weights w), {@code params -= update},
 * {@code iterationDone} listeners, the iteration counter, constraints. Listeners'
 * {@code onGradientCalculation} runs on g_S, so {@link GlobalNormClipping} clips the applied
 * gradient.
 *
 * <p>Batch normalization: DL4J updates running mean/variance through their "gradient" entries
 * (with a {@code NoOp} updater). Those entries are taken from the first pass, at w, so the running
 * statistics end exactly as after one ordinary pass; the second pass leaves them untouched, and
 * they are not perturbed. ‖g‖ = 0 gives ε̂ = 0 (the reference implementation adds 1e-12 to the
 * norm instead; this keeps the step exactly the base step in that case).
 *
 * <p>Parameter: {@code rho} ρ &gt; 0, default 0.05 (the paper's CIFAR setting). The returned score
 * is the first pass's, i.e. the loss at w, as {@code fit} would report it.
 */
public record Sam(double rho) {

    public static final Hyperparameter RHO = new Hyperparameter("rho", 0.05, Range.POSITIVE,
            "radius ρ of the neighbourhood in which the loss is maximized");

    /** A value: its radius ρ, checked through {@link #RHO}, is all the configuration SAM has. */
    public Sam {
        RHO.check("sam", rho);
    }

    /** The paper's ρ. */
    public Sam() {
        this(RHO.defaultValue());
    }

    /**
     * One epoch of SAM steps over {@code data}, as {@code net.fit(iterator)} does one epoch of
     * ordinary steps: resets the iterator if it can, calls the listeners' epoch hooks and advances
     * the network's epoch counter.
     */
    public void fit(MultiLayerNetwork net, DataSetIterator data) {
        epoch(net, net.getListeners(), data, () -> step(net, data.next()));
        net.incrementEpochCount();
    }

    /** As {@link #fit(MultiLayerNetwork, DataSetIterator)}, for a {@link ComputationGraph}. */
    public void fit(ComputationGraph graph, MultiDataSetIterator data) {
        epoch(graph, graph.getListeners(), data, () -> step(graph, data.next()));
        graph.incrementEpochCount();
    }

    private static void epoch(Model model, Collection<TrainingListener> listeners, Iterator<?> data, Runnable step) {
        if (data instanceof DataSetIterator d && d.resetSupported()) {
            d.reset();
        } else if (data instanceof MultiDataSetIterator d && d.resetSupported()) {
            d.reset();
        }
        for (TrainingListener l : listeners) {
            l.onEpochStart(model);
        }
        while (data.hasNext()) {
            step.run();
        }
        for (TrainingListener l : listeners) {
            l.onEpochEnd(model);
        }
    }

    /** One SAM step on {@code batch}; returns the score at the unperturbed weights. */
    public double step(MultiLayerNetwork net, DataSet batch) {
        net.setInput(batch.getFeatures());
        net.setLabels(batch.getLabels());
        net.setLayerMaskArrays(batch.getFeaturesMaskArray(), batch.getLabelsMaskArray());
        double score = step(new Target(net, net::computeGradientAndScore, key -> ParameterKeys.param(net, key),
                (g, it, ep, b) -> net.getUpdater().update(net, g, it, ep, b, LayerWorkspaceMgr.noWorkspaces()),
                net.getListeners(), net.getIterationCount(), net.getEpochCount()), (int) batch.getFeatures().size(0));
        net.clearLayerMaskArrays();
        return score;
    }

    /** One SAM step of a {@link ComputationGraph} on {@code batch}; the score at the unperturbed weights. */
    public double step(ComputationGraph graph, MultiDataSet batch) {
        graph.setInputs(batch.getFeatures());
        graph.setLabels(batch.getLabels());
        graph.setLayerMaskArrays(batch.getFeaturesMaskArrays(), batch.getLabelsMaskArrays());
        double score = step(new Target(graph, graph::computeGradientAndScore, key -> ParameterKeys.param(graph, key),
                (g, it, ep, b) -> graph.getUpdater().update(g, it, ep, b, LayerWorkspaceMgr.noWorkspaces()),
                graph.getListeners(), graph.getIterationCount(), graph.getEpochCount()),
                (int) batch.getFeatures(0).size(0));
        graph.clearLayerMaskArrays();
        return score;
    }

    /** The updater call of a network kind: (gradient, iteration, epoch, batch size). */
    private interface UpdaterCall {
        void update(Gradient gradient, int iteration, int epoch, int batchSize);
    }

    /** What a SAM step needs of a network, whatever its kind. */
    private record Target(Model model, Runnable computeGradientAndScore, Function<String, INDArray> param,
                          UpdaterCall updater, Collection<TrainingListener> listeners, int iteration, int epoch) {
    }

    /** Algorithm 1 on a network whose inputs and labels are set. */
    private double step(Target net, int batchSize) {
        Model model = net.model();
        net.computeGradientAndScore().run();
        double score = model.score();
        Gradient first = model.gradient();

        Map<String, INDArray> perturbation = new HashMap<>();
        Map<String, INDArray> runningStats = new HashMap<>();
        double sumSq = 0;
        for (Map.Entry<String, INDArray> e : first.gradientForVariable().entrySet()) {
            if (GlobalNormClipping.isTrainable(model, e.getKey())) {
                double n = e.getValue().norm2Number().doubleValue();
                sumSq += n * n;
                perturbation.put(e.getKey(), e.getValue().dup());
            } else {
                runningStats.put(e.getKey(), e.getValue().dup());
            }
        }
        double norm = Math.sqrt(sumSq);
        INDArray w = model.params().dup();
        if (norm > 0) { // the sum gradient has the direction of the mean one, so ρ·g/‖g‖ is the same
            for (Map.Entry<String, INDArray> e : perturbation.entrySet()) {
                net.param().apply(e.getKey()).addi(e.getValue().muli(rho / norm));
            }
        }
        net.computeGradientAndScore().run();
        Gradient sharp = model.gradient();
        model.params().assign(w);
        for (Map.Entry<String, INDArray> e : runningStats.entrySet()) {
            sharp.getGradientFor(e.getKey()).assign(e.getValue());
        }
        for (TrainingListener l : net.listeners()) {
            l.onGradientCalculation(model);
        }

        net.updater().update(sharp, net.iteration(), net.epoch(), batchSize);
        model.params().subi(sharp.gradient());
        for (TrainingListener l : net.listeners()) {
            l.iterationDone(model, net.iteration(), net.epoch());
        }
        BaseOptimizer.incrementIterationCount(model, 1);
        BaseOptimizer.applyConstraints(model);
        return score;
    }
}
