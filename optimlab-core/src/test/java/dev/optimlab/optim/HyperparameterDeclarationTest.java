package dev.optimlab.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.learning.config.IUpdater;

/**
 * The declared hyperparameters ({@link Hyperparameter}) are the ones the registry serves, the
 * constructors check and the configurations report, for every registered optimizer: same keys in
 * the same order, same defaults, same ranges.
 */
class HyperparameterDeclarationTest {

    @Test
    void theRegistryServesTheDeclaration() {
        for (String name : Optimizers.names()) {
            List<Hyperparameter> declared = Optimizers.declared(name);
            assertEquals(Hyperparameter.defaults(declared), Optimizers.defaults(name), name);
            assertEquals(List.copyOf(Hyperparameter.defaults(declared).keySet()), List.copyOf(Optimizers.defaults(name).keySet()),
                    name + ": key order");
            Map<String, Range> ranges = Optimizers.ranges(name);
            for (Hyperparameter h : declared) {
                assertEquals(h.range(), ranges.get(h.key()), name + "." + h.key() + ": the range the constructor checks");
                assertTrue(!h.description().isBlank(), name + "." + h.key());
            }
        }
    }

    @Test
    void theDefaultConfigurationReportsTheDeclaredValues() {
        for (String name : Optimizers.names()) {
            IUpdater u = Optimizers.updaterPart(name, Map.of());
            Map<String, Double> reported = new LinkedHashMap<>(u instanceof Lookahead l ? l.hyperparameters()
                    : ((OptimLabUpdater) u).hyperparameters());
            reported.keySet().retainAll(Optimizers.defaults(name).keySet());
            Map<String, Double> expected = new LinkedHashMap<>(Optimizers.defaults(name));
            expected.keySet().retainAll(reported.keySet());
            assertEquals(expected, reported, name + ": hyperparameters() of the registry's default configuration");
        }
    }

    @Test
    void theDefaultConstructorsUseTheDeclaredDefaults() {
        assertEquals(Hyperparameter.defaults(Adam.HYPERPARAMETERS), new Adam().hyperparameters());
        assertEquals(Hyperparameter.defaults(AdaBelief.HYPERPARAMETERS), new AdaBelief().hyperparameters());
        assertEquals(Hyperparameter.defaults(RAdam.HYPERPARAMETERS), new RAdam().hyperparameters());
        assertEquals(Hyperparameter.defaults(AdaMax.HYPERPARAMETERS), new AdaMax().hyperparameters());
    }

    @Test
    void aValueOutsideTheDeclaredRangeIsRefusedWithIt() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Nadam(1e-3, 0.9, 0.999, 1e-8, -1.0, Variant.PAPER));
        assertEquals("nadam: momentumDecay must be in [0, inf), got -1.0", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new AMSGrad(1e-3, 1.0, 0.999, 1e-8, Variant.PAPER));
        assertEquals("amsgrad: beta1 must be in [0, 1), got 1.0", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Hyperparameter("beta1", 1.0, Range.UNIT_HALF_OPEN, "x"),
                "a default outside its own range");
    }
}
