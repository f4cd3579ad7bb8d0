package dev.optimlab.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Values out of range fail when the configuration is built, with a message naming them. */
class HyperparameterRangeTest {

    private static String rejected(String name, Map<String, Double> hp) {
        return assertThrows(IllegalArgumentException.class, () -> Optimizers.updaterPart(name, hp)).getMessage();
    }

    @Test
    void outOfRangeValuesAreRejectedWithTheirRange() {
        assertEquals("adam: beta1 must be in [0, 1), got 1.5", rejected("adam", Map.of("beta1", 1.5)));
        assertEquals("rmsprop: rho must be in [0, 1), got 1.0", rejected("rmsprop", Map.of("rho", 1.0)));
        assertEquals("adagrad: epsilon must be in (0, inf), got 0.0", rejected("adagrad", Map.of("epsilon", 0.0)));
        assertEquals("adagrad: initialAccumulator must be in [0, inf), got -1.0",
                rejected("adagrad", Map.of("initialAccumulator", -1.0)));
        assertEquals("nesterov: momentum must be in [0, 1), got -0.1", rejected("nesterov", Map.of("momentum", -0.1)));
        assertEquals("adadelta: lr must be in (0, inf), got 0.0", rejected("adadelta", Map.of("lr", 0.0)));
        assertEquals("nadam: beta2 must be in [0, 1), got NaN", rejected("nadam", Map.of("beta2", Double.NaN)));
        assertEquals("adabelief: lr must be in (0, inf), got Infinity",
                rejected("adabelief", Map.of("lr", Double.POSITIVE_INFINITY)));
    }

    @Test
    void keysOfOtherOptimizersAreRejected() {
        String msg = rejected("adadelta", Map.of("beta1", 0.9));
        assertEquals("optimizer 'adadelta' has no hyperparameter 'beta1'; allowed: lr, rho, epsilon", msg);
    }

    @Test
    void twinsThatCannotExpressAValueSaySo() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Optimizers.builtin("adadelta", Map.of("lr", 0.5)));
        assertEquals("adadelta: DL4J's built-in has no learning rate; its twin needs lr = 1.0, got 0.5", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Optimizers.builtin("adagrad", Map.of("initialAccumulator", 0.1)));
        assertEquals("adagrad: initialAccumulator must be 0 in the DL4J variant (the built-in starts the"
                + " accumulator at 1e-6), got 0.1", e.getMessage());
    }

    /**
     * The generic tests draw every hyperparameter from its declared range: each key must declare
     * one, and the draws must give each key more than one value (else a swapped β1/β2 or a
     * misplaced ε could hide behind a fixed value).
     */
    @ParameterizedTest
    @MethodSource("dev.optimlab.optim.OptimizerCases#names")
    void everyHyperparameterDeclaresARangeAndTheDrawsVaryIt(String name) {
        assertEquals(Optimizers.defaults(name).keySet(), Optimizers.ranges(name).keySet(),
                name + ": keys without a declared range");
        for (String key : Optimizers.defaults(name).keySet()) {
            Set<Double> seen = new HashSet<>();
            for (int d = 0; d < OptimizerCases.DRAWS; d++) {
                seen.add(OptimizerCases.draw(name, d, Variant.PAPER).getOrDefault(key, Double.NaN));
            }
            org.junit.jupiter.api.Assertions.assertTrue(seen.size() > 1 && !seen.contains(Double.NaN),
                    name + "." + key + " drawn as " + seen);
        }
    }

    @Test
    void declaredRangesAreTheOnesTheConfigurationsCheck() {
        assertEquals(Map.of("lr", Range.POSITIVE, "beta1", Range.UNIT_HALF_OPEN, "beta2", Range.UNIT_HALF_OPEN,
                "epsilon", Range.POSITIVE, "k", Range.AT_LEAST_ONE, "alpha", Range.UNIT_LEFT_OPEN),
                Optimizers.ranges("lookahead"));
        assertEquals(Range.NON_NEGATIVE, Optimizers.ranges("lion").get("weightDecay"), "declared also when 0");
        assertEquals(Range.NON_NEGATIVE, Optimizers.ranges("adagrad").get("initialAccumulator"));
        assertEquals("lookahead: alpha must be in (0, 1], got 0.0",
                rejected("lookahead", Map.of("alpha", 0.0)));
        assertEquals("lookahead: k must be in [1, inf), got 0.0", rejected("lookahead", Map.of("k", 0.0)));
    }

    @Test
    void rangeBoundariesAreWhereTheyAreWritten() {
        double below = -Double.MIN_VALUE;
        double[][] inOut = { // value, then 1 if in POSITIVE, NON_NEGATIVE, UNIT_CLOSED, UNIT_HALF_OPEN, UNIT_LEFT_OPEN, AT_LEAST_ONE
            {below, 0, 0, 0, 0, 0, 0}, {0, 0, 1, 1, 1, 0, 0}, {0.5, 1, 1, 1, 1, 1, 0}, {1, 1, 1, 1, 0, 1, 1},
            {Math.nextUp(1.0), 1, 1, 0, 0, 0, 1}, {Double.POSITIVE_INFINITY, 0, 0, 0, 0, 0, 0},
            {Double.NaN, 0, 0, 0, 0, 0, 0}};
        Range[] order = {Range.POSITIVE, Range.NON_NEGATIVE, Range.UNIT_CLOSED, Range.UNIT_HALF_OPEN,
            Range.UNIT_LEFT_OPEN, Range.AT_LEAST_ONE};
        for (double[] row : inOut) {
            for (int i = 0; i < order.length; i++) {
                assertEquals(row[i + 1] == 1, order[i].contains(row[0]), order[i] + " contains " + row[0]);
            }
        }
        assertEquals("[0, 1)", Range.UNIT_HALF_OPEN.toString());
        assertEquals(0.25, Range.UNIT_CLOSED.check("c", "k", 0.25), 0.0, "check returns the value");
    }
}
