package dev.optimlab.problem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.deeplearning4j.nn.conf.distribution.NormalDistribution;
import org.deeplearning4j.nn.conf.dropout.Dropout;
import org.deeplearning4j.nn.conf.dropout.GaussianNoise;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.weightnoise.DropConnect;
import org.deeplearning4j.nn.conf.weightnoise.WeightNoise;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.learning.regularization.L2Regularization;
import org.nd4j.linalg.learning.regularization.Regularization;
import org.nd4j.linalg.learning.regularization.WeightDecay;

import dev.optimlab.regularize.Regularizers;

/**
 * The DL4J twins of the regularizers: the conventions translated (drop vs retain probability,
 * additive noise, the bias flag) and the spec's values carried through, compared with DL4J
 * objects built here by hand.
 */
class BuiltinRegularizersTest {

    @Test
    void everyTwinNameIsARegisteredRegularizer() {
        assertFalse(BuiltinRegularizers.NAMES.isEmpty());
        for (String name : BuiltinRegularizers.NAMES) {
            boolean registered = false;
            for (Regularizers.Kind k : Regularizers.Kind.values()) {
                registered |= Regularizers.names(k).contains(name);
            }
            assertTrue(registered, name);
        }
    }

    @Test
    void dropoutTakesTheRetainProbabilityAndNoiseItsSigma() {
        Dropout d = (Dropout) BuiltinRegularizers.dropout("dropout", Map.of("p", 0.3));
        assertEquals(0.7, d.getP(), 1e-15);
        GaussianNoise g = (GaussianNoise) BuiltinRegularizers.dropout("gaussian-noise", Map.of("sigma", 0.25));
        assertEquals(0.25, g.getStddev(), 0.0);
        Dropout dflt = (Dropout) BuiltinRegularizers.dropout("dropout", Map.of());
        assertEquals(1 - Regularizers.defaults(Regularizers.Kind.DROPOUT, "dropout").get("p"), dflt.getP(), 1e-15);
    }

    @Test
    void weightNoiseIsAdditiveAndCarriesTheBiasFlag() {
        DropConnect dc = (DropConnect) BuiltinRegularizers.weightNoise("dropconnect", Map.of("p", 0.2, "applyToBias", 1.0));
        assertEquals(new DropConnect(0.8, true), dc);
        assertEquals(new DropConnect(0.8, false), BuiltinRegularizers.weightNoise("dropconnect", Map.of("p", 0.2)));
        assertEquals(new WeightNoise(new NormalDistribution(0, 0.3), false, true),
                BuiltinRegularizers.weightNoise("weight-noise", Map.of("sigma", 0.3)));
        assertEquals(new WeightNoise(new NormalDistribution(0, 0.3), true, true),
                BuiltinRegularizers.weightNoise("weight-noise", Map.of("sigma", 0.3, "applyToBias", 1.0)));
    }

    @Test
    void penaltiesAreL2OrDl4jsWeightDecayScaledByTheLearningRate() {
        assertEquals(List.<Regularization>of(new L2Regularization(0.004)),
                BuiltinRegularizers.penalty("l2", Map.of("l2", 0.004)));
        assertEquals(List.<Regularization>of(new WeightDecay(0.02, true)),
                BuiltinRegularizers.penalty("weight-decay", Map.of("weightDecay", 0.02)));
    }

    @Test
    void batchNormStoresTheVarianceWithTheSpecsDecayAndEpsilon() {
        BatchNormalization bn = (BatchNormalization) BuiltinRegularizers.batchNorm(Map.of("decay", 0.8, "epsilon", 1e-3));
        assertEquals(0.8, bn.getDecay(), 0.0);
        assertEquals(1e-3, bn.getEps(), 0.0);
        assertFalse(bn.isUseLogStd());
    }

    @Test
    void badValuesAreRejectedByTheOptimLabValidation() {
        assertThrows(IllegalArgumentException.class, () -> BuiltinRegularizers.dropout("dropout", Map.of("p", 1.5)));
        assertThrows(IllegalArgumentException.class, () -> BuiltinRegularizers.penalty("l2", Map.of("beta", 1.0)));
    }
}
