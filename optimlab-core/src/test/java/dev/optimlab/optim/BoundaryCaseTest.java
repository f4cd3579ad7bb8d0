package dev.optimlab.optim;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Cases at the edge of an optimizer's domain that the drawn-hyperparameter tests do not reach:
 * gradients that are exactly zero (where a rule divides by a norm or takes a sign), the smallest
 * accepted setting, and the registry's refusal to hand out half an optimizer.
 */
class BoundaryCaseTest {

    /** A gradient sequence whose first step has exact zeros (elements 0 and 3), later steps not. */
    private static double[][] gradientsStartingWithZeros() {
        double[][] g = UpdateSequence.gradients(4, 6, 51);
        g[0][0] = 0;
        g[0][3] = 0;
        return g;
    }

    /** Lion: sign(β1·0 + (1 − β1)·0) = 0, so an element with no gradient and no momentum does not move. */
    @ParameterizedTest
    @EnumSource(value = DataType.class, names = {"FLOAT", "DOUBLE"})
    void lionLeavesAnElementWithZeroGradientAndMomentumWhereItIs(DataType type) {
        double[][] u = UpdateSequence.updates(Optimizers.updaterPart("lion", Map.of("lr", 0.1)), gradientsStartingWithZeros(), type);
        assertEquals(0.0, u[0][0], type + ": " + java.util.Arrays.toString(u[0]));
        assertEquals(0.0, u[0][3], type + ": " + java.util.Arrays.toString(u[0]));
        assertEquals(0.1, Math.abs(u[0][1]), 1e-7, "the other elements step by lr");
    }

    /**
     * Shampoo: a tensor whose whole gradient is 0 has a preconditioned direction of norm 0; the grafted
     * step then falls back to the Adam direction (0 here), never 0/0.
     */
    @ParameterizedTest
    @EnumSource(value = DataType.class, names = {"FLOAT", "DOUBLE"})
    void shampooStepsZeroForAZeroGradientTensor(DataType type) {
        double[][] g = UpdateSequence.gradients(3, 6, 52);
        java.util.Arrays.fill(g[0], 0.0);
        double[][] u = UpdateSequence.updates(OptimizerCases.standalone(Optimizers.updaterPart("shampoo", Map.of()), 2, 3), g, type);
        for (double ui : u[0]) {
            assertEquals(0.0, ui, type + ": first update " + java.util.Arrays.toString(u[0]));
        }
        assertTrue(Math.abs(u[1][0]) > 0 && Double.isFinite(u[1][0]), "a later non-zero gradient steps: " + java.util.Arrays.toString(u[1]));
    }

    /** One Newton–Schulz step is the smallest meaningful setting and is accepted; zero is refused. */
    @Test
    void muonAcceptsOneNewtonSchulzStep() {
        assertDoesNotThrow(() -> new MuonOrthogonalization(1, 0));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new MuonOrthogonalization(0, 0));
        assertTrue(e.getMessage().contains("nsSteps"), e.getMessage());
    }

    /** Lookahead declares its own k and α and passes on its base's hyperparameters. */
    @Test
    void lookaheadReportsItsBasesHyperparametersToo() {
        Map<String, Double> hp = ((Lookahead) Optimizers.updaterPart("lookahead", Map.of("lr", 0.003, "k", 7.0)))
                .hyperparameters();
        assertEquals(0.003, hp.get("lr"), "the base's rate: " + hp);
        assertEquals(7.0, hp.get("k"), hp.toString());
        assertTrue(hp.containsKey("alpha") && hp.containsKey("beta1"), hp.toString());
    }

    /**
     * {@code Optimizers.create} hands out an IUpdater only where that is the whole optimizer: adam yes;
     * adamw (a per-tensor decay hook) and shampoo (a per-layer prototype) are refused with the reason.
     */
    @Test
    void createRefusesOptimizersThatAreMoreThanAnIUpdater() {
        assertInstanceOf(Adam.class, Optimizers.create("adam", Map.of()));
        IllegalArgumentException hooks = assertThrows(IllegalArgumentException.class, () -> Optimizers.create("adamw", Map.of()));
        assertTrue(hooks.getMessage().contains("per-tensor hooks"), hooks.getMessage());
        IllegalArgumentException wiring = assertThrows(IllegalArgumentException.class, () -> Optimizers.create("shampoo", Map.of()));
        assertTrue(wiring.getMessage().contains("per-layer"), wiring.getMessage());
    }
}
