package dev.optimlab.optim;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

import org.nd4j.linalg.learning.config.IUpdater;

/**
 * The name registry: spec names ({@code sgd, momentum, adam, ...}) and hyperparameter keys
 * ({@code lr, momentum, beta1, beta2, epsilon, ...}) to OptimLab updaters and, where DL4J has
 * one, to DL4J's built-in twin with the same hyperparameters.
 *
 * <p>Unknown names and keys are rejected with the allowed ones listed; values out of range are
 * rejected by the configuration itself (see {@link Range}). Keys not given take the defaults of
 * {@link #defaults(String)}.
 */
public final class Optimizers {

    /** One registered optimizer: its defaults (which also fix the allowed keys) and factories. */
    private record Entry(Map<String, Double> defaults,
                         Function<Params, IUpdater> optimlab,
                         Function<Params, IUpdater> dl4j) {
    }

    /** Hyperparameters with defaults filled in, plus the formula variant. */
    public record Params(Map<String, Double> values, Variant variant) {
        public double get(String key) {
            return values.get(key);
        }
    }

    private static final Map<String, Entry> ENTRIES = new LinkedHashMap<>();

    static {
        register("sgd", defaults("lr", Sgd.DEFAULT_LR),
                p -> new Sgd(p.get("lr")),
                p -> new org.nd4j.linalg.learning.config.Sgd(p.get("lr")));
        register("momentum", defaults("lr", Momentum.DEFAULT_LR, "momentum", Momentum.DEFAULT_MOMENTUM),
                p -> new Momentum(p.get("lr"), p.get("momentum")),
                null);
        register("adam", defaults("lr", Adam.DEFAULT_LR, "beta1", Adam.DEFAULT_BETA1,
                        "beta2", Adam.DEFAULT_BETA2, "epsilon", Adam.DEFAULT_EPSILON),
                p -> new Adam(p.get("lr"), p.get("beta1"), p.get("beta2"), p.get("epsilon"), p.variant()),
                p -> new org.nd4j.linalg.learning.config.Adam(p.get("lr"), p.get("beta1"), p.get("beta2"),
                        p.get("epsilon")));
        register("nesterov", defaults("lr", Nesterov.DEFAULT_LR, "momentum", Nesterov.DEFAULT_MOMENTUM),
                p -> new Nesterov(p.get("lr"), p.get("momentum"), p.variant()),
                p -> new org.nd4j.linalg.learning.config.Nesterovs(p.get("lr"), p.get("momentum")));
        register("adagrad", defaults("lr", AdaGrad.DEFAULT_LR, "epsilon", AdaGrad.DEFAULT_EPSILON,
                        "initialAccumulator", AdaGrad.DEFAULT_INITIAL_ACCUMULATOR),
                p -> new AdaGrad(p.get("lr"), p.get("epsilon"), p.get("initialAccumulator"), p.variant()),
                p -> new org.nd4j.linalg.learning.config.AdaGrad(p.get("lr"), p.get("epsilon")));
        register("adadelta", defaults("lr", AdaDelta.DEFAULT_LR, "rho", AdaDelta.DEFAULT_RHO,
                        "epsilon", AdaDelta.DEFAULT_EPSILON),
                p -> new AdaDelta(p.get("lr"), p.get("rho"), p.get("epsilon")),
                p -> {
                    if (p.get("lr") != 1.0) {
                        throw new IllegalArgumentException("adadelta: DL4J's built-in has no learning rate;"
                                + " its twin needs lr = 1.0, got " + p.get("lr"));
                    }
                    return new org.nd4j.linalg.learning.config.AdaDelta(p.get("rho"), p.get("epsilon"));
                });
        register("rmsprop", defaults("lr", RmsProp.DEFAULT_LR, "rho", RmsProp.DEFAULT_RHO,
                        "epsilon", RmsProp.DEFAULT_EPSILON),
                p -> new RmsProp(p.get("lr"), p.get("rho"), p.get("epsilon"), p.variant()),
                p -> new org.nd4j.linalg.learning.config.RmsProp(p.get("lr"), p.get("rho"), p.get("epsilon")));
        register("amsgrad", adamDefaults(AMSGrad.DEFAULT_LR, AMSGrad.DEFAULT_EPSILON),
                p -> new AMSGrad(p.get("lr"), p.get("beta1"), p.get("beta2"), p.get("epsilon"), p.variant()),
                p -> new org.nd4j.linalg.learning.config.AMSGrad(p.get("lr"), p.get("beta1"), p.get("beta2"),
                        p.get("epsilon")));
        register("adamax", adamDefaults(AdaMax.DEFAULT_LR, AdaMax.DEFAULT_EPSILON),
                p -> new AdaMax(p.get("lr"), p.get("beta1"), p.get("beta2"), p.get("epsilon"), p.variant()),
                p -> new org.nd4j.linalg.learning.config.AdaMax(p.get("lr"), p.get("beta1"), p.get("beta2"),
                        p.get("epsilon")));
        register("nadam", adamDefaults(Nadam.DEFAULT_LR, Nadam.DEFAULT_EPSILON),
                p -> new Nadam(p.get("lr"), p.get("beta1"), p.get("beta2"), p.get("epsilon"), p.variant()),
                p -> new org.nd4j.linalg.learning.config.Nadam(p.get("lr"), p.get("beta1"), p.get("beta2"),
                        p.get("epsilon")));
        // DL4J 1.0.0-M2.1's AdaBelief config cannot be instantiated in a network (instantiate throws
        // ArrayIndexOutOfBoundsException); the twin is registered for its update rule, which is
        // correct when its GradientUpdater is given a [1, 2n] state view directly.
        register("adabelief", adamDefaults(AdaBelief.DEFAULT_LR, AdaBelief.DEFAULT_EPSILON),
                p -> new AdaBelief(p.get("lr"), p.get("beta1"), p.get("beta2"), p.get("epsilon"), p.variant()),
                p -> new org.nd4j.linalg.learning.config.AdaBelief(p.get("lr"), p.get("beta1"), p.get("beta2"),
                        p.get("epsilon")));
    }

    private static Map<String, Double> adamDefaults(double lr, double epsilon) {
        return defaults("lr", lr, "beta1", Adam.DEFAULT_BETA1, "beta2", Adam.DEFAULT_BETA2, "epsilon", epsilon);
    }

    private Optimizers() {
    }

    private static void register(String name, Map<String, Double> defaults,
                                 Function<Params, IUpdater> optimlab, Function<Params, IUpdater> dl4j) {
        ENTRIES.put(name, new Entry(Collections.unmodifiableMap(defaults), optimlab, dl4j));
    }

    private static Map<String, Double> defaults(Object... keyValues) {
        Map<String, Double> m = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            m.put((String) keyValues[i], ((Number) keyValues[i + 1]).doubleValue());
        }
        return m;
    }

    /** The registered names, in registration order. */
    public static Set<String> names() {
        return Collections.unmodifiableSet(ENTRIES.keySet());
    }

    /** The allowed hyperparameter keys of {@code name} with their defaults. */
    public static Map<String, Double> defaults(String name) {
        return entry(name).defaults();
    }

    /** Whether DL4J 1.0.0-M2.1 ships a built-in with the same update rule. */
    public static boolean hasBuiltin(String name) {
        return entry(name).dl4j() != null;
    }

    /** The OptimLab updater for {@code name}, following the paper ({@link Variant#PAPER}). */
    public static IUpdater create(String name, Map<String, Double> hyperparameters) {
        return create(name, hyperparameters, Variant.PAPER);
    }

    /** The OptimLab updater for {@code name} in the given formula variant. */
    public static IUpdater create(String name, Map<String, Double> hyperparameters, Variant variant) {
        Entry e = entry(name);
        return e.optimlab().apply(params(name, e, hyperparameters, variant));
    }

    /** DL4J's built-in twin of {@code name}, if DL4J has one. */
    public static Optional<IUpdater> builtin(String name, Map<String, Double> hyperparameters) {
        Entry e = entry(name);
        if (e.dl4j() == null) {
            return Optional.empty();
        }
        Params p = params(name, e, hyperparameters, Variant.DL4J);
        e.optimlab().apply(p); // the built-ins accept anything; validate the values through our config
        return Optional.of(e.dl4j().apply(p));
    }

    private static Entry entry(String name) {
        Entry e = ENTRIES.get(name);
        if (e == null) {
            throw new IllegalArgumentException("unknown optimizer '" + name + "'; allowed: "
                    + String.join(", ", ENTRIES.keySet()));
        }
        return e;
    }

    private static Params params(String name, Entry e, Map<String, Double> given, Variant variant) {
        Map<String, Double> values = new TreeMap<>(e.defaults());
        for (Map.Entry<String, Double> kv : given.entrySet()) {
            if (!e.defaults().containsKey(kv.getKey())) {
                throw new IllegalArgumentException("optimizer '" + name + "' has no hyperparameter '"
                        + kv.getKey() + "'; allowed: " + String.join(", ", e.defaults().keySet()));
            }
            if (kv.getValue() == null) {
                throw new IllegalArgumentException("optimizer '" + name + "': hyperparameter '"
                        + kv.getKey() + "' has no value");
            }
            values.put(kv.getKey(), kv.getValue());
        }
        return new Params(values, variant);
    }
}
