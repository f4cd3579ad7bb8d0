package dev.optimlab.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.optimize.solvers.BaseOptimizer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Algorithm 1 of Foret et al. (SAM) with AdamW as the base step, written out in double loops on a
 * twin network whose own updater is never used: ε̂ = ρ·g/‖g‖ over every parameter, the gradient
 * g_S at w + ε̂, w restored, then AdamW (β = 0.9, 0.999, ε = 1e-8; decoupled decay on the "_W"
 * weights only) at w with g_S. {@link SamTest} runs it beside a MultiLayerNetwork,
 * {@link SamGraphTest} beside a ComputationGraph.
 */
final class SamReference {

    private final double lr;
    private final double rho;
    private final double wd;
    private final Map<String, double[][]> moments = new HashMap<>();
    private int t;

    SamReference(double lr, double rho, double wd) {
        this.lr = lr;
        this.rho = rho;
        this.wd = wd;
    }

    double rho() {
        return rho;
    }

    /**
     * After {@code steps} SAM steps of {@code net} beside as many reference steps of {@code twin}
     * from the same weights: the weights agree to {@code tol}, and {@code net} counted one iteration
     * per step, as {@code fit} does. {@code what} names the network kind in the messages.
     */
    static void assertSameWeights(Model net, Model twin, int steps, double tol, String what) {
        double err = net.params().sub(twin.params()).amaxNumber().doubleValue();
        System.out.println(what + " vs Algorithm 1: max |Δθ| = " + err);
        assertTrue(err <= tol, what + ": max |Δθ| = " + err);
        assertEquals(steps, BaseOptimizer.getIterationCount(net), "one iteration per SAM step, as fit");
    }

    /** The hyperparameters of the registry's adamw that this reference steps like. */
    Map<String, Double> adamw() {
        return Map.of("lr", lr, "weightDecay", wd);
    }

    /**
     * One SAM step of the twin. {@code gradients} computes minibatch-mean gradients by key at the
     * twin's current parameters (and sets its score); {@code param} finds a parameter by key.
     * Returns the objective at the unperturbed weights as DL4J reports it: the data loss plus the
     * decoupled decay's ½·λ·‖W‖² (as DL4J's WeightDecay).
     */
    double step(Model twin, Supplier<Map<String, double[]>> gradients, Function<String, INDArray> param) {
        Map<String, double[]> g = gradients.get();
        double score = twin.score();
        for (Map.Entry<String, INDArray> e : twin.paramTable().entrySet()) {
            if (e.getKey().endsWith("_W")) {
                double n = e.getValue().norm2Number().doubleValue();
                score += 0.5 * wd * n * n;
            }
        }
        double norm = 0;
        for (double[] gk : g.values()) {
            for (double x : gk) {
                norm += x * x;
            }
        }
        norm = Math.sqrt(norm);
        INDArray w = twin.params().dup();
        for (Map.Entry<String, double[]> e : g.entrySet()) { // ε̂ = ρ·g/‖g‖
            INDArray p = param.apply(e.getKey());
            double[] eps = e.getValue().clone();
            for (int i = 0; i < eps.length; i++) {
                eps[i] *= rho / norm;
            }
            p.addi(Nd4j.createFromArray(eps).reshape('c', p.shape()));
        }
        Map<String, double[]> gSharp = gradients.get();
        twin.params().assign(w);
        t++;
        for (Map.Entry<String, double[]> e : gSharp.entrySet()) { // AdamW at w with g_S
            INDArray p = param.apply(e.getKey());
            double[] wk = p.dup('c').data().asDouble();
            double[] gk = e.getValue();
            double decay = e.getKey().endsWith("_W") ? wd : 0; // decoupled decay at the unperturbed weights
            double[][] mv = moments.computeIfAbsent(e.getKey(), k -> new double[2][gk.length]);
            MuonTest.adamStep(wk, gk, mv[0], mv[1], t, lr, 0.9, 0.999, 1e-8, decay);
            p.assign(Nd4j.createFromArray(wk).reshape('c', p.shape()));
        }
        return score;
    }
}
