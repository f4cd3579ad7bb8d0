package dev.optimlab.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.regularization.Regularization;
import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.linalg.schedule.ScheduleType;
import org.nd4j.linalg.schedule.StepSchedule;

/**
 * What DL4J relies on besides the update itself, for every registered optimizer: value equality
 * (DL4J merges parameters whose updaters are equal into one block, so an equality that ignores a
 * hyperparameter would silently share one updater between different settings), clones, the
 * learning rate and its schedule, and the state views under their keys.
 */
class UpdaterContractTest {

    /** The key changed to another value its range and the configuration accept. */
    private static Map<String, Double> changed(String name, Map<String, Double> hp, String key) {
        Map<String, Double> other = new LinkedHashMap<>(hp);
        double v = hp.getOrDefault(key, Optimizers.defaults(name).get(key));
        for (double candidate : new double[] {v * 0.5, v + 1, v * 2, 0.5, 1, 0}) {
            other.put(key, candidate);
            if (candidate != v && OptimizerCases.builds(name, other, Variant.PAPER)) {
                return other;
            }
        }
        throw new AssertionError(name + "." + key + ": no other value is accepted");
    }

    @ParameterizedTest
    @MethodSource("dev.optimlab.optim.OptimizerCases#names")
    void equalityFollowsEveryHyperparameterAndTheVariant(String name) {
        Map<String, Double> hp = OptimizerCases.draw(name, 1, Variant.PAPER);
        IUpdater u = Optimizers.updaterPart(name, hp);
        assertEquals(u, Optimizers.updaterPart(name, hp));
        assertEquals(u.hashCode(), Optimizers.updaterPart(name, hp).hashCode());
        assertEquals(u, u.clone());
        assertNotSame(u, u.clone());
        assertNotEquals(u, null);
        assertNotEquals(u, new Object());
        for (String key : Optimizers.defaults(name).keySet()) {
            Map<String, Double> other = changed(name, hp, key);
            IUpdater v = Optimizers.updaterPart(name, other);
            List<Regularization> hooks = Optimizers.parameterHooks(name, hp);
            List<Regularization> otherHooks = Optimizers.parameterHooks(name, other);
            assertTrue(!u.equals(v) || !hooks.equals(otherHooks), name + ": " + key + " changes neither updater nor hooks");
            if (!u.equals(v)) {
                assertNotEquals(u.toString(), v.toString(), name + ": toString must show " + key);
            }
        }
        for (String otherName : Optimizers.names()) {
            if (!otherName.equals(name) && Optimizers.updaterPart(otherName, Map.of()).getClass() != u.getClass()) {
                assertNotEquals(u, Optimizers.updaterPart(otherName, Map.of()), name + " vs " + otherName);
            }
        }
        if (u instanceof OptimLabUpdater o && o.getVariant() != null && OptimizerCases.builds(name, hp, Variant.DL4J)) {
            assertNotEquals(u, Optimizers.updaterPart(name, hp, Variant.DL4J), name + ": the variant is part of equality");
            assertTrue(Optimizers.updaterPart(name, hp, Variant.DL4J).toString().contains("dl4j"));
        }
    }

    @ParameterizedTest
    @MethodSource("dev.optimlab.optim.OptimizerCases#names")
    void hooksCompareByValueAndCloneEqual(String name) {
        Map<String, Double> hp = OptimizerCases.draw(name, 2, Variant.PAPER);
        for (Regularization h : Optimizers.parameterHooks(name, hp)) {
            ParameterHook p = (ParameterHook) h;
            assertEquals(p, p.clone());
            assertNotSame(p, p.clone());
            assertEquals(p.hashCode(), p.clone().hashCode());
            // hyperparameters define equality: a hook reporting none must hold no configuration
            // (LookaheadMark/LookaheadSync are pure markers, equal by class, which is right)
            assertTrue(!p.hyperparameters().isEmpty() || configurationFields(p.getClass()).isEmpty(),
                    p + ": hyperparameters define equality, but fields " + configurationFields(p.getClass()) + " are not in them");
            assertTrue(p.toString().startsWith(p.getClass().getSimpleName()), p.toString());
            assertNotEquals(p, null);
        }
    }

    private static List<String> configurationFields(Class<?> c) {
        List<String> out = new java.util.ArrayList<>();
        for (Class<?> k = c; k != null && k != Object.class; k = k.getSuperclass()) {
            for (java.lang.reflect.Field f : k.getDeclaredFields()) {
                if (!java.lang.reflect.Modifier.isStatic(f.getModifiers()) && !f.isSynthetic()) {
                    out.add(k.getSimpleName() + "." + f.getName());
                }
            }
        }
        return out;
    }

    @ParameterizedTest
    @MethodSource("dev.optimlab.optim.OptimizerCases#names")
    void learningRateAndScheduleAreTheConfiguredOnes(String name) {
        Map<String, Double> hp = OptimizerCases.draw(name, 3, Variant.PAPER);
        IUpdater u = Optimizers.updaterPart(name, hp);
        double lr = hp.getOrDefault("lr", Optimizers.defaults(name).get("lr"));
        assertTrue(u.hasLearningRate());
        assertEquals(lr, u.getLearningRate(7, 1), 0.0);
        ISchedule s = new StepSchedule(ScheduleType.ITERATION, 0.4, 0.5, 2);
        if (OptimizerCases.requirements(name).contains(OptimLabUpdater.Requirement.NO_SCHEDULE)) {
            assertThrows(IllegalArgumentException.class, () -> u.setLrAndSchedule(0.4, s)); // ScheduleTest checks the message
            assertEquals(lr, u.getLearningRate(5, 0), 0.0, "a refused schedule leaves the rate");
            assertEquals(u, u.clone());
            return;
        }
        u.setLrAndSchedule(0.4, s);
        assertEquals(0.1, u.getLearningRate(5, 0), 1e-15, "the schedule at iteration 5: 0.4·0.5²");
        if (u instanceof OptimLabUpdater o) {
            assertTrue(o.schedule(s) == o, "schedule(...) returns the same configuration for chaining");
            assertEquals(s, o.getLearningRateSchedule());
        }
        IUpdater copy = u.clone();
        assertEquals(0.1, copy.getLearningRate(5, 0), 1e-15, "clones keep the schedule");
        assertEquals(u, copy);
    }

    /** Updaters with state: the view path and the state-map path (SameDiff's) hold the same state. */
    @ParameterizedTest
    @MethodSource("dev.optimlab.optim.OptimizerCases#names")
    void stateViewsCarryTheStateUnderTheirKeys(String name) {
        int n = 6;
        IUpdater u = OptimizerCases.standalone(Optimizers.updaterPart(name, Map.of()), 2, 3);
        long size = u.stateSize(n);
        INDArray view = Nd4j.zeros(DataType.DOUBLE, size);
        GradientUpdater<?> g = OptimizerCases.started(u.instantiate(view, true), n);
        assertEquals(u, g.getConfig());
        INDArray grad = Nd4j.createFromArray(0.3, -0.2, 0.5, 1.0, -1.5, 0.01);
        g.applyUpdater(grad.dup(), 0, 0);
        Map<String, INDArray> state = g.getState();
        long total = state.values().stream().mapToLong(INDArray::length).sum();
        assertEquals(size, total, name + ": the state maps cover the state array");
        if (size > 0) {
            assertTrue(view.amaxNumber().doubleValue() > 0, name + ": a step must write the state array");
        }
        if (!(u instanceof OptimLabUpdater)) {
            return;
        }
        Map<String, INDArray> copies = new LinkedHashMap<>();
        state.forEach((k, v) -> copies.put(k, v.dup()));
        GradientUpdater<?> fromMap = OptimizerCases.started(u.instantiate(copies, false), n); // started: z, x kept
        INDArray a = grad.dup();
        INDArray b = grad.dup();
        g.applyUpdater(a, 1, 0);
        fromMap.applyUpdater(b, 1, 0);
        assertEquals(a, b, name + ": the state map path must continue exactly like the view path");
        INDArray matrix = grad.dup().reshape(2, 3); // SameDiff hands gradients shaped like the variable
        GradientUpdater<?> shaped = OptimizerCases.started(u.instantiate(Nd4j.zeros(DataType.DOUBLE, size), true), n);
        GradientUpdater<?> flat = OptimizerCases.started(u.instantiate(Nd4j.zeros(DataType.DOUBLE, size), true), n);
        INDArray f = grad.dup();
        shaped.applyUpdater(matrix, 0, 0);
        flat.applyUpdater(f, 0, 0);
        assertEquals(f.reshape(2, 3), matrix, name + ": a rank-2 gradient is updated like its flat copy");
        if (!state.isEmpty()) {
            Map<String, INDArray> missing = new LinkedHashMap<>(copies);
            String key = missing.keySet().iterator().next();
            missing.remove(key);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> u.instantiate(missing, false));
            assertTrue(e.getMessage().contains(key), e.getMessage());
            if (state.size() > 1) {
                assertThrows(IllegalStateException.class, () -> u.instantiate(Nd4j.zeros(DataType.DOUBLE, size + 1), true),
                        name + ": a state array that is not whole slots must be refused");
            }
        }
    }

    /** Lookahead over a DL4J base: its learning rate is the base's, and only k and α are its own keys. */
    @org.junit.jupiter.api.Test
    void lookaheadReportsItsBasesLearningRate() {
        Lookahead noLr = new Lookahead(new org.nd4j.linalg.learning.config.AdaDelta(), 2, 0.25);
        assertTrue(!noLr.hasLearningRate(), "DL4J's AdaDelta has no learning rate, so neither has its lookahead");
        Lookahead sgd = new Lookahead(new org.nd4j.linalg.learning.config.Sgd(0.3), 2, 0.25);
        assertEquals(0.3, sgd.getLearningRate(0, 0), 0.0);
        assertEquals(Map.of("k", 2.0, "alpha", 0.25), sgd.hyperparameters());
        assertEquals(2, sgd.getK());
        assertEquals(0.25, sgd.getAlpha(), 0.0);
        assertTrue(sgd.toString().contains("k=2") && sgd.toString().contains("alpha=0.25"), sgd.toString());
        assertThrows(UnsupportedOperationException.class, () -> sgd.instantiate(Map.of(), true));
    }
}
