package dev.optimlab.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.regularization.Regularization;

import dev.optimlab.optim.References.Hp;

/**
 * Every registered optimizer (the updater and its per-tensor hooks, in the paper variant) against
 * its independent double-precision loop ({@link References}), at hyperparameters drawn from the
 * declared ranges, in double and float32, over a block of two tensors of drawn shapes whose
 * gradient makes AdamP take each of its branches. Per-layer optimizers (Muon, Shampoo) get one
 * configuration per tensor as their wiring gives it; schedule-free states start at w0. Then the checks that the references discriminate: the DL4J forms,
 * coupled decay and a whole-block trust ratio must come out visibly different.
 */
class ReferenceTest {

    private static final int[][] SHAPES = {{3, 4}, {2, 5}};
    private static final int N = 22;
    private static final int STEPS = 60;
    /** Float32 runs are shorter: rounding of w (6e-8 relative per step) accumulates like a random walk. */
    private static final int FLOAT_STEPS = 30;
    /**
     * Double: 60 steps × a few dozen roundings of 1.1e-16, relative to the size of w (measured up
     * to 6e-15, Adan's; Shampoo's LAPACK vs Jacobi roots 1e-15 on these well-conditioned blocks).
     */
    private static final double DOUBLE_TOLERANCE = 1e-12;
    /** Float32: 30 steps of updates rounded at 6e-8 relative, with headroom for ε-dominated divisions. */
    private static final double FLOAT_TOLERANCE = 1e-4;

    @ParameterizedTest
    @MethodSource("dev.optimlab.optim.OptimizerCases#names")
    void everyRegisteredOptimizerHasAReference(String name) {
        assertNotNull(References.of(name), name + ": no independent reference in References");
    }

    /**
     * Two tensors of shapes drawn with the case (2 to 6 rows and columns, so both tall and wide
     * matrices occur): the per-tensor rules (LAMB, AdamP, Muon, Shampoo) see their layout vary.
     */
    static int[][] drawShapes(long seed) {
        java.util.Random r = new java.util.Random(seed);
        return new int[][] {{2 + r.nextInt(5), 2 + r.nextInt(5)}, {2 + r.nextInt(5), 2 + r.nextInt(5)}};
    }

    @ParameterizedTest(name = "{0} {2} {1}")
    @MethodSource({"dev.optimlab.optim.OptimizerCases#paperDraws", "dev.optimlab.optim.OptimizerCases#switchedOff"})
    void matchesItsReferenceAtDrawnHyperparameters(String name, Map<String, Double> hp, DataType type) {
        References.Reference reference = References.of(name);
        assertNotNull(reference, name + ": no independent reference in References");
        int steps = type == DataType.DOUBLE ? STEPS : FLOAT_STEPS;
        int[][] shapes = drawShapes(12 + hp.hashCode());
        int n = References.lengths(shapes)[0] + References.lengths(shapes)[1];
        double[] w0 = TensorBlock.initial(n, 13 + hp.hashCode());
        double[][] raw = UpdateSequence.gradients(steps, n, 14 + hp.hashCode());
        BiFunction<double[], Integer, double[]> grad = (w, t) -> LayerwiseReferences.scaleInvariantGradient(shapes, w, t, raw);
        double[][] expected = reference.run(Hp.of(name, hp), shapes, w0, steps, grad);
        double[][] actual = TensorBlock.trajectory(Optimizers.updaterPart(name, hp), Optimizers.parameterHooks(name, hp),
                shapes, w0, steps, grad, type);
        double err = UpdateSequence.maxRelDiff(actual, expected);
        double tol = type == DataType.DOUBLE ? DOUBLE_TOLERANCE : FLOAT_TOLERANCE;
        System.out.println(name + " " + type + " " + Arrays.deepToString(shapes) + ": max rel |Δw| = " + err);
        assertTrue(err <= tol, name + " " + type + " " + Arrays.deepToString(shapes) + " " + hp
                + ": max |Δw|/max|w| = " + err);
    }

    private static double[][] run(String name, Map<String, Double> hp, Variant variant, int seed) {
        double[][] g = UpdateSequence.gradients(STEPS, N, seed);
        return TensorBlock.trajectory(Optimizers.updaterPart(name, hp, variant), Optimizers.parameterHooks(name, hp),
                SHAPES, TensorBlock.initial(N, seed), g);
    }

    private static double[][] reference(String name, Map<String, Double> hp, int seed) {
        double[][] g = UpdateSequence.gradients(STEPS, N, seed);
        return References.of(name).run(Hp.of(name, hp), SHAPES, TensorBlock.initial(N, seed), STEPS, (w, t) -> g[t]);
    }

    /** Where DL4J departs from the paper, its variant must differ visibly from the reference. */
    @Test
    void dl4jVariantsDifferFromThePapers() {
        Map<String, Double> bigEps = Map.of("lr", 0.01, "epsilon", 1e-3); // ε large enough that its place shows
        for (String name : List.of("adam", "rmsprop", "amsgrad", "adabelief")) {
            double diff = UpdateSequence.maxAbsDiff(run(name, bigEps, Variant.DL4J, 4), reference(name, bigEps, 4));
            assertTrue(diff > 1e-5, name + ": the DL4J variant equals the paper's, max |Δw| = " + diff);
        }
        // DL4J's Nadam skips the bias correction of v: its first step is ≈ 60·lr·sign(g), not ≈ 1.5·lr
        double[][] g = UpdateSequence.gradients(3, 19, 11);
        double[][] dl4j = UpdateSequence.updates(Optimizers.updaterPart("nadam", Map.of(), Variant.DL4J), g, DataType.DOUBLE);
        double[][] paper = UpdateSequence.updates(Optimizers.updaterPart("nadam", Map.of()), g, DataType.DOUBLE);
        double ratio = Math.abs(dl4j[0][0] / paper[0][0]);
        assertTrue(ratio > 30, "DL4J's first Nadam step must be much larger than the paper's, ratio " + ratio);
    }

    @Test
    void radamIsUnrectifiedForItsFirstFiveStepsAtDefaultBeta2() {
        double[][] g = UpdateSequence.gradients(8, 5, 31);
        double[][] u = UpdateSequence.updates(Optimizers.updaterPart("radam", Map.of("lr", 1.0)), g, DataType.DOUBLE);
        double[][] momentum = UpdateSequence.updates(Optimizers.updaterPart("radam", Map.of("lr", 1.0, "beta2", 0.0)), g,
                DataType.DOUBLE); // β2 = 0: ρ∞ = 1, never rectified, u = m̂
        for (int t = 0; t < 8; t++) {
            boolean same = Arrays.equals(u[t], momentum[t]);
            assertEquals(t < 5, same, "step " + (t + 1) + " rectified = " + !same);
        }
    }

    @Test
    void decoupledDecayDiffersFromL2AndPerTensorTrustRatioFromWholeBlock() {
        Map<String, Double> hp = Map.of("lr", 0.01, "weightDecay", 0.1);
        double[][] adamw = run("adamw", hp, Variant.PAPER, 8);
        double[][] g = UpdateSequence.gradients(STEPS, N, 8);
        double wd = 0.1;
        double[][] coupled = References.apply(References.adam(Hp.of("adam", Map.of("lr", 0.01)), N, 0),
                TensorBlock.initial(N, 8), STEPS, (w, t) -> {
                    double[] gt = g[t].clone();
                    for (int i = 0; i < N; i++) {
                        gt[i] += wd * w[i];
                    }
                    return gt;
                });
        assertTrue(UpdateSequence.maxAbsDiff(adamw, coupled) > 1e-3, "decoupled decay must differ from Adam + L2");
        Map<String, Double> lambHp = Map.of("lr", 0.02, "weightDecay", 0.05);
        double[][] wholeBlock = References.drive(LayerwiseReferences.lamb(Hp.of("lamb", lambHp), new int[] {N}, N),
                TensorBlock.initial(N, 9), STEPS, (w, t) -> UpdateSequence.gradients(STEPS, N, 10)[t]);
        double[][] lamb = TensorBlock.trajectory(Optimizers.updaterPart("lamb", lambHp), Optimizers.parameterHooks("lamb", lambHp),
                SHAPES, TensorBlock.initial(N, 9), UpdateSequence.gradients(STEPS, N, 10));
        assertTrue(UpdateSequence.maxAbsDiff(lamb, wholeBlock) > 1e-4,
                "a trust ratio over the whole block must differ from the per-tensor one");
    }

    @Test
    void adampTakesEveryBranchOnTheTestGradient() {
        Map<String, Double> hp = Map.of("lr", 0.01, "weightDecay", 0.1);
        double[][] raw = UpdateSequence.gradients(STEPS, N, 14);
        double[][] expected = References.drive(LayerwiseReferences.adamp(Hp.of("adamp", hp), SHAPES, N), TensorBlock.initial(N, 13), STEPS,
                (w, t) -> LayerwiseReferences.scaleInvariantGradient(SHAPES, w, t, raw));
        int[] views = LayerwiseReferences.ADAMP_VIEWS.clone();
        assertTrue(views[0] > 20 && views[1] > 20 && views[2] > 20,
                "every branch must be exercised: none/channel/layer = " + Arrays.toString(views));
        double[][] actual = TensorBlock.trajectory(Optimizers.updaterPart("adamp", hp), Optimizers.parameterHooks("adamp", hp),
                SHAPES, TensorBlock.initial(N, 13), STEPS, (w, t) -> LayerwiseReferences.scaleInvariantGradient(SHAPES, w, t, raw));
        assertTrue(UpdateSequence.maxRelDiff(actual, expected) <= DOUBLE_TOLERANCE);
    }

    @Test
    void lookaheadWrapsOtherBasesAndRefusesHookedOnes() {
        Lookahead l = Optimizers.lookahead("momentum", Map.of("lr", 0.1, "k", 3.0));
        assertEquals(new Lookahead(new Momentum(0.1, 0.9), 3, 0.5), l);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Optimizers.lookahead("adamw", Map.of()))
                .getMessage().contains("adamw"));
        assertTrue(Optimizers.lookahead("adamw", Map.of("weightDecay", 0.0)).getBase() instanceof Adam);
        assertThrows(IllegalArgumentException.class, () -> Optimizers.lookahead("lookahead", Map.of()));
        assertThrows(IllegalArgumentException.class, () -> Optimizers.updaterPart("lookahead", Map.of("k", 2.5)));
        assertEquals(List.<Regularization>of(), Optimizers.parameterHooks("lookahead", Map.of()));
    }

    @Test
    void registryExposesUpdaterAndHooksUnderSpecNames() {
        assertEquals(List.of(), Optimizers.parameterHooks("radam", Map.of()));
        assertEquals(List.of(new DecoupledWeightDecay(0.01)), Optimizers.parameterHooks("adamw", Map.of()));
        assertEquals(List.of(new LambTrustRatio(0.01)), Optimizers.parameterHooks("lamb", Map.of()));
        assertEquals(List.of(new AdamPProbe(0.1, 1e-8), new AdamPProjection(0.1, 0.1, 0.0, 1e-8)),
                Optimizers.parameterHooks("adamp", Map.of()));
        assertTrue(Optimizers.parameterHooks("lion", Map.of()).isEmpty(), "lion's default decay is 0: no hook");
        assertEquals(new Lion(1e-4, 0.9, 0.99), Optimizers.updaterPart("lion", Map.of()));
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> Optimizers.parameterHooks("lamb", Map.of("weight_decay", 0.1)));
        assertTrue(bad.getMessage().contains("weightDecay"), bad.getMessage());
        IllegalArgumentException negative = assertThrows(IllegalArgumentException.class,
                () -> Optimizers.parameterHooks("adamw", Map.of("weightDecay", -1.0)));
        assertTrue(negative.getMessage().contains("weightDecay must be in [0, inf)"), negative.getMessage());
    }
}
