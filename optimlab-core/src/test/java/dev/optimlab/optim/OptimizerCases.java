package dev.optimlab.optim;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Stream;

import org.junit.jupiter.params.provider.Arguments;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.IUpdater;

/**
 * The one source of optimizer cases for the generic tests: every name of the {@link Optimizers}
 * registry, and hyperparameters drawn from each one's declared {@link Optimizers#ranges ranges}.
 * A new optimizer registered there is in every generic test without editing a list here.
 *
 * <p>Draws are seeded by name and index, so a failing case is reproduced by its display name.
 * Each value comes from a mixture (range boundaries, around the default, anywhere in [0, 1),
 * near 1, six decades of scale, small whole numbers for counts) kept only if the declared range and the
 * configuration accept it, so decay rates near 0 and near 1, large ε that make its placement
 * visible, and flags (0 or 1) all occur.
 */
final class OptimizerCases {

    /** Draws per optimizer: enough that every key meets an extreme value somewhere. */
    static final int DRAWS = 4;

    private OptimizerCases() {
    }

    static Stream<String> names() {
        return Optimizers.names().stream();
    }

    /** The {@link OptimLabUpdater.Requirement}s {@code name}'s configuration declares (none for non-OptimLab ones). */
    static Set<OptimLabUpdater.Requirement> requirements(String name) {
        return Optimizers.updaterPart(name, Map.of()) instanceof OptimLabUpdater o ? o.requirements() : Set.of();
    }

    /**
     * {@code updater} as a lone updater on one [rows × cols] weight matrix can run it: a
     * per-layer prototype (muon, shampoo) replaced by the configuration its wiring gives such a matrix.
     */
    static IUpdater standalone(IUpdater updater, int rows, int cols) {
        return updater instanceof OptimLabUpdater o ? o.forWeightMatrix(rows, cols, 0) : updater;
    }

    /** As {@link #standalone(IUpdater, int, int)} for n parameters as the squarest matrix r × c = n (r ≤ c). */
    static IUpdater standalone(IUpdater updater, int n) {
        int rows = (int) Math.sqrt(n);
        while (n % rows != 0) {
            rows--;
        }
        return standalone(updater, rows, n / rows);
    }

    /**
     * {@code u} made ready for its first step: a state that declares
     * {@link OptimLabUpdater.Requirement#START_AT_INITIAL_WEIGHTS} started at weights 0 (what
     * ScheduleFree.start does in a network, where the weights are the layer's).
     */
    static GradientUpdater<?> started(GradientUpdater<?> u, long n) {
        if (u.getConfig() instanceof OptimLabUpdater o
                && o.requirements().contains(OptimLabUpdater.Requirement.START_AT_INITIAL_WEIGHTS)) {
            ((ScheduleFreeUpdater.State<?>) u).start(Nd4j.zeros(DataType.DOUBLE, n));
        }
        return u;
    }

    static Stream<String> withBuiltin() {
        return names().filter(Optimizers::hasBuiltin);
    }

    /** name × draw × {DOUBLE, FLOAT} in the paper variant (for the reference loops). */
    static Stream<Arguments> paperDraws() {
        return names().flatMap(n -> drawsOf(n, Variant.PAPER));
    }

    /**
     * name × {DOUBLE, FLOAT} at the registry's defaults, and in double the first draw with each key
     * whose default is 0 held there: the switched-off branches (Nadam's constant momentum, no
     * decay) that the drawn values, continuous on [0, ∞), almost never reach.
     */
    static Stream<Arguments> switchedOff() {
        return names().flatMap(name -> {
            List<Arguments> out = new ArrayList<>();
            out.add(Arguments.of(name, Map.of(), DataType.DOUBLE));
            out.add(Arguments.of(name, Map.of(), DataType.FLOAT));
            for (Map.Entry<String, Double> e : Optimizers.defaults(name).entrySet()) {
                Map<String, Double> hp = with(draw(name, 0, Variant.PAPER), e.getKey(), e.getValue());
                if (e.getValue() == 0 && builds(name, hp, Variant.PAPER)) {
                    out.add(Arguments.of(name, hp, DataType.DOUBLE));
                }
            }
            return out.stream();
        });
    }

    /** name × draw × {DOUBLE, FLOAT} in the DL4J variant, values the built-in twin can express. */
    static Stream<Arguments> twinDraws() {
        return withBuiltin().flatMap(n -> drawsOf(n, Variant.DL4J));
    }

    private static Stream<Arguments> drawsOf(String name, Variant variant) {
        List<Arguments> out = new ArrayList<>();
        for (int d = 0; d < DRAWS; d++) {
            Map<String, Double> hp = draw(name, d, variant);
            for (DataType type : new DataType[] {DataType.DOUBLE, DataType.FLOAT}) {
                out.add(Arguments.of(name, hp, type));
            }
        }
        return out.stream();
    }

    /** Draw {@code index} of {@code name}'s hyperparameters; reproducible. */
    static Map<String, Double> draw(String name, int index, Variant variant) {
        Random r = new Random(31L * name.hashCode() + index);
        Map<String, Range> ranges = Optimizers.ranges(name);
        Map<String, Double> hp = new LinkedHashMap<>();
        for (Map.Entry<String, Double> e : Optimizers.defaults(name).entrySet()) {
            Range range = ranges.get(e.getKey());
            if (range == null) {
                continue; // HyperparameterRangeTest fails for it; the others keep the default
            }
            Predicate<Double> accepted = v -> range.contains(v) && builds(name, with(hp, e.getKey(), v), variant);
            Double v = candidate(r, e.getKey(), range, e.getValue(), accepted);
            if (v != null) {
                hp.put(e.getKey(), v);
            }
        }
        return hp;
    }

    private static Map<String, Double> with(Map<String, Double> hp, String key, double v) {
        Map<String, Double> m = new LinkedHashMap<>(hp);
        m.put(key, v);
        return m;
    }

    /** Whether the configuration (and, in the DL4J variant, the twin) accepts {@code hp}. */
    static boolean builds(String name, Map<String, Double> hp, Variant variant) {
        try {
            Optimizers.updaterPart(name, hp, variant);
            Optimizers.parameterHooks(name, hp);
            if (variant == Variant.DL4J) {
                Optimizers.builtin(name, hp);
            }
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /**
     * A value from the mixture that {@code accepted} takes, or null (keep the default) after 200
     * tries. The learning rate stays within a decade of its default: further out, runs diverge or
     * turn chaotic and no comparison of trajectories means anything. Whole numbers above 1 are
     * drawn only for counts.
     */
    private static Double candidate(Random r, String key, Range range, double dflt, Predicate<Double> accepted) {
        for (int attempt = 0; attempt < 200; attempt++) {
            int kind = key.equals("lr") ? 1 : r.nextInt(range == Range.AT_LEAST_ONE ? 6 : 5);
            double v = switch (kind) {
                case 0 -> r.nextBoolean() ? 0.0 : 1.0;
                case 1 -> dflt > 0 ? dflt * Math.pow(10, 2 * r.nextDouble() - 1) : Math.pow(10, -4 * r.nextDouble());
                case 2 -> r.nextDouble();
                case 3 -> 1 - Math.pow(10, -3 * r.nextDouble());
                case 4 -> Math.pow(10, -6 * r.nextDouble());
                default -> 1 + r.nextInt(9);
            };
            if (accepted.test(v)) {
                return v;
            }
        }
        return null;
    }
}
