package dev.optimlab.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * What the per-layer optimizers (Muon, Shampoo) tell their wiring and their users: Muon's
 * configuration read back as given (its defaults those it declares), which layers count as
 * hidden, its auxiliary AdamW's hooks, the wiring shown in {@code toString}; Shampoo's smallest
 * tensor (one row) accepted and an empty one refused.
 */
class PerLayerConfigurationTest {

    @Test
    void muonsJacksonConstructorGivesTheDeclaredDefaults() {
        Muon m = new Muon();
        assertEquals(Hyperparameter.defaults(Muon.HYPERPARAMETERS), m.hyperparameters());
        assertTrue(m.isNesterov(), "the reference code's default is Nesterov momentum");
    }

    @Test
    void muonReportsTheConfiguredValues() {
        Muon m = (Muon) Optimizers.updaterPart("muon", Map.of("momentum", 0.8, "nesterov", 0.0, "nsSteps", 3.0,
                "weightDecay", 0.1));
        assertEquals(0.8, m.getMomentum(), 0.0);
        assertFalse(m.isNesterov());
        assertEquals(3, m.getNsSteps());
        assertEquals(0.1, m.getWeightDecay(), 0.0);
    }

    @Test
    void muonsAuxiliaryAdamWHasADecayHookOnlyWithDecay() {
        assertEquals(List.of(), ((Muon) Optimizers.updaterPart("muon", Map.of())).auxiliaryWeightHooks(),
                "no decay, no hook");
        assertEquals(List.of(new DecoupledWeightDecay(0.2)),
                ((Muon) Optimizers.updaterPart("muon", Map.of("adamWeightDecay", 0.2))).auxiliaryWeightHooks());
    }

    @Test
    void muonTakesHiddenUnitMajorLayersOnly() {
        assertTrue(Muon.isHidden(new DenseLayer.Builder().nIn(3).nOut(7).build()));
        assertFalse(Muon.isHidden(new OutputLayer.Builder().nIn(3).nOut(5).build()), "output layer");
        assertFalse(Muon.isHidden(new LSTM.Builder().nIn(3).nOut(4).build()), "recurrent weights are not unit-major");
    }

    @Test
    void muonsToStringShowsTheWiring() {
        Muon prototype = (Muon) Optimizers.updaterPart("muon", Map.of());
        assertFalse(prototype.toString().contains("[wired]"), prototype.toString());
        assertTrue(prototype.wired().toString().contains("[wired]"), prototype.wired().toString());
    }

    @Test
    void shampooAcceptsAOneRowTensorAndRefusesAnEmptyOne() {
        Shampoo prototype = (Shampoo) Optimizers.updaterPart("shampoo", Map.of());
        for (int[] shape : new int[][] {{1, 5}, {5, 1}}) { // one row, one column: both are tensors
            Shampoo one = prototype.forTensor(shape[0], shape[1], 0);
            var u = one.instantiate(Nd4j.zeros(DataType.DOUBLE, one.stateSize(5)), true);
            var g = Nd4j.createFromArray(0.3, -0.1, 0.2, 0.5, -0.4);
            u.applyUpdater(g, 0, 0);
            assertTrue(g.amaxNumber().doubleValue() > 0 && Double.isFinite(g.sumNumber().doubleValue()), g.toString());
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> prototype.forTensor(0, 5, 0));
        assertTrue(e.getMessage().contains("0x5"), e.getMessage());
        IllegalArgumentException c = assertThrows(IllegalArgumentException.class, () -> prototype.forTensor(5, 0, 0));
        assertTrue(c.getMessage().contains("5x0"), c.getMessage());
    }
}
