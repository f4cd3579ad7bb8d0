package dev.optimlab.optim;

import java.util.HashMap;
import java.util.Map;

import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.deeplearning4j.optimize.solvers.BaseOptimizer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

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
 * <p>Not an {@code IUpdater}: it needs two gradient evaluations per step. {@link #step} does what
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
public final class Sam {

    public static final double DEFAULT_RHO = 0.05;

    private final double rho;

    public Sam() {
        this(DEFAULT_RHO);
    }

    public Sam(double rho) {
        this.rho = Range.POSITIVE.check("sam", "rho", rho);
    }

    public double getRho() {
        return rho;
    }

    /**
     * One epoch of SAM steps over {@code data}, as {@code net.fit(iterator)} does one epoch of
     * ordinary steps: resets the iterator if it can, calls the listeners' epoch hooks and advances
     * the network's epoch counter.
     */
    public void fit(MultiLayerNetwork net, DataSetIterator data) {
        if (data.resetSupported()) {
            data.reset();
        }
        for (TrainingListener l : net.getListeners()) {
            l.onEpochStart(net);
        }
        while (data.hasNext()) {
            step(net, data.next());
        }
        for (TrainingListener l : net.getListeners()) {
            l.onEpochEnd(net);
        }
        net.incrementEpochCount();
    }

    /** One SAM step on {@code batch}; returns the score at the unperturbed weights. */
    public double step(MultiLayerNetwork net, DataSet batch) {
        net.setInput(batch.getFeatures());
        net.setLabels(batch.getLabels());
        net.setLayerMaskArrays(batch.getFeaturesMaskArray(), batch.getLabelsMaskArray());
        net.computeGradientAndScore();
        double score = net.score();
        Gradient first = net.gradient();

        Map<String, INDArray> perturbation = new HashMap<>();
        Map<String, INDArray> runningStats = new HashMap<>();
        double sumSq = 0;
        for (Map.Entry<String, INDArray> e : first.gradientForVariable().entrySet()) {
            if (GlobalNormClipping.isTrainable(net, e.getKey())) {
                double n = e.getValue().norm2Number().doubleValue();
                sumSq += n * n;
                perturbation.put(e.getKey(), e.getValue().dup());
            } else {
                runningStats.put(e.getKey(), e.getValue().dup());
            }
        }
        double norm = Math.sqrt(sumSq);
        INDArray w = net.params().dup();
        if (norm > 0) { // the sum gradient has the direction of the mean one, so ρ·g/‖g‖ is the same
            for (Map.Entry<String, INDArray> e : perturbation.entrySet()) {
                ParameterKeys.param(net, e.getKey()).addi(e.getValue().muli(rho / norm));
            }
        }
        net.computeGradientAndScore();
        Gradient sharp = net.gradient();
        net.params().assign(w);
        for (Map.Entry<String, INDArray> e : runningStats.entrySet()) {
            sharp.getGradientFor(e.getKey()).assign(e.getValue());
        }
        for (TrainingListener l : net.getListeners()) {
            l.onGradientCalculation(net);
        }

        int iteration = net.getIterationCount();
        int epoch = net.getEpochCount();
        net.getUpdater().update(net, sharp, iteration, epoch, (int) batch.getFeatures().size(0),
                LayerWorkspaceMgr.noWorkspaces());
        net.params().subi(sharp.gradient());
        for (TrainingListener l : net.getListeners()) {
            l.iterationDone(net, iteration, epoch);
        }
        BaseOptimizer.incrementIterationCount(net, 1);
        BaseOptimizer.applyConstraints(net);
        net.clearLayerMaskArrays();
        return score;
    }
}
