package dev.optimlab.optim;

import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.regularization.Regularization;

/**
 * The name registry: spec names ({@code sgd, momentum, adam, ...}) and hyperparameter keys
 * ({@code lr, momentum, beta1, beta2, epsilon, ...}) to OptimLab updaters and, where DL4J has
 * one, to DL4J's built-in twin with the same hyperparameters.
 *
 * <p>Unknown names and keys are rejected with the allowed ones listed; values out of range are
 * rejected by the configuration itself (see {@link Range}). Keys not given take the defaults of
 * {@link #defaults(String)}.
 *
 * <p>Optimizers that need the weights (decoupled decay, trust ratios) come in two parts: the
 * elementwise {@link IUpdater} ({@link #create}) and the per-tensor {@link ParameterHook}s
 * ({@link #parameterHooks}), to be set per layer on the weights; {@link OptimizerWiring} wires
 * both with one call. For {@code radam}, and {@code lion} without decay, the updater is the whole
 * optimizer and the hook list is empty. {@code lookahead} wraps {@code adam} (keys {@code k},
 * {@code alpha} plus Adam's); {@link #lookahead(String, Map)} wraps another base. {@code sam} is not
 * an updater but a training step ({@link Sam}, key {@code rho}) around any registered optimizer,
 * so it is not in this registry: a runner wires the base here and calls {@link Sam#step}
 * instead of {@code fit}.
 */
public final class Optimizers {

    /** One registered optimizer: its defaults (which also fix the allowed keys) and factories. */
    private record Entry(Map<String, Double> defaults,
                         Function<Params, IUpdater> optimlab,
                         Function<Params, IUpdater> dl4j,
                         Function<Params, List<Regularization>> hooks) {
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
        register("adamw", defaults("lr", Adam.DEFAULT_LR, "beta1", Adam.DEFAULT_BETA1,
                        "beta2", Adam.DEFAULT_BETA2, "epsilon", Adam.DEFAULT_EPSILON, "weightDecay", 0.01),
                p -> new Adam(p.get("lr"), p.get("beta1"), p.get("beta2"), p.get("epsilon"), p.variant()),
                null,
                p -> decay(p.get("weightDecay")));
        register("radam", defaults("lr", RAdam.DEFAULT_LR, "beta1", RAdam.DEFAULT_BETA1,
                        "beta2", RAdam.DEFAULT_BETA2, "epsilon", RAdam.DEFAULT_EPSILON),
                p -> new RAdam(p.get("lr"), p.get("beta1"), p.get("beta2"), p.get("epsilon")),
                null);
        register("lion", defaults("lr", Lion.DEFAULT_LR, "beta1", Lion.DEFAULT_BETA1,
                        "beta2", Lion.DEFAULT_BETA2, "weightDecay", Lion.DEFAULT_WEIGHT_DECAY),
                p -> new Lion(p.get("lr"), p.get("beta1"), p.get("beta2")),
                null,
                p -> decay(p.get("weightDecay")));
        register("lamb", defaults("lr", Lamb.DEFAULT_LR, "beta1", Lamb.DEFAULT_BETA1,
                        "beta2", Lamb.DEFAULT_BETA2, "epsilon", Lamb.DEFAULT_EPSILON,
                        "weightDecay", Lamb.DEFAULT_WEIGHT_DECAY),
                p -> new Lamb(p.get("lr"), p.get("beta1"), p.get("beta2"), p.get("epsilon")),
                null,
                p -> List.of(new LambTrustRatio(p.get("weightDecay"))));
        register("adamp", defaults("lr", Adam.DEFAULT_LR, "beta1", Adam.DEFAULT_BETA1,
                        "beta2", Adam.DEFAULT_BETA2, "epsilon", Adam.DEFAULT_EPSILON, "weightDecay", 0.0,
                        "delta", 0.1, "wdRatio", 0.1),
                p -> new Adam(p.get("lr"), p.get("beta1"), p.get("beta2"), p.get("epsilon"), p.variant()),
                null,
                p -> List.of(new AdamPProbe(p.get("delta"), p.get("epsilon")),
                        new AdamPProjection(p.get("delta"), p.get("wdRatio"), p.get("weightDecay"), p.get("epsilon"))));
        register("lookahead", lookaheadDefaults("adam"),
                p -> lookaheadOf("adam", p),
                null);
    }

    private static Map<String, Double> adamDefaults(double lr, double epsilon) {
        return defaults("lr", lr, "beta1", Adam.DEFAULT_BETA1, "beta2", Adam.DEFAULT_BETA2, "epsilon", epsilon);

    }

    private static List<Regularization> decay(double weightDecay) {
        Range.NON_NEGATIVE.check("decoupled weight decay", "weightDecay", weightDecay); // also when 0: declares it
        return weightDecay == 0 ? List.of() : List.of(new DecoupledWeightDecay(weightDecay));
    }

    private static Map<String, Double> lookaheadDefaults(String base) {
        Map<String, Double> d = new LinkedHashMap<>(defaults(base));
        d.put("k", (double) Lookahead.DEFAULT_K);
        d.put("alpha", Lookahead.DEFAULT_ALPHA);
        return d;
    }

    private static Lookahead lookaheadOf(String base, Params p) {
        Map<String, Double> baseHp = new HashMap<>(p.values());
        double k = baseHp.remove("k");
        double alpha = baseHp.remove("alpha");
        if (k != Math.rint(k)) {
            throw new IllegalArgumentException("lookahead: k must be a whole number, got " + k);
        }
        if (!parameterHooks(base, baseHp).isEmpty()) {
            throw new IllegalArgumentException("lookahead: base '" + base + "' changes updates per tensor "
                    + "after the updater (" + parameterHooks(base, baseHp) + "), which Lookahead cannot track");
        }
        return new Lookahead(create(base, baseHp, p.variant()), (int) k, alpha);
    }

    /**
     * Lookahead around any registered base without per-tensor hooks: {@code hyperparameters}
     * holds {@code k}, {@code alpha} and the base's keys. The spec name {@code lookahead} is this
     * with base {@code adam}.
     */
    public static Lookahead lookahead(String base, Map<String, Double> hyperparameters) {
        if (base.equals("lookahead")) {
            throw new IllegalArgumentException("lookahead: the base cannot itself be lookahead");
        }
        Map<String, Double> d = lookaheadDefaults(base);
        return lookaheadOf(base, params("lookahead(" + base + ")",
                new Entry(d, null, null, null), hyperparameters, Variant.PAPER));
    }

    /**
     * The per-tensor part of {@code name}: {@link ParameterHook}s to put, per layer, on the
     * weights' regularization list (empty when the updater is the whole optimizer).
     */
    public static List<Regularization> parameterHooks(String name, Map<String, Double> hyperparameters) {
        Entry e = entry(name);
        Params p = params(name, e, hyperparameters, Variant.PAPER);
        return e.hooks() == null ? List.of() : e.hooks().apply(p);
    }

    private Optimizers() {
    }

    private static void register(String name, Map<String, Double> defaults,
                                 Function<Params, IUpdater> optimlab, Function<Params, IUpdater> dl4j) {
        register(name, defaults, optimlab, dl4j, null);
    }

    private static void register(String name, Map<String, Double> defaults,
                                 Function<Params, IUpdater> optimlab, Function<Params, IUpdater> dl4j,
                                 Function<Params, List<Regularization>> hooks) {
        ENTRIES.put(name, new Entry(Collections.unmodifiableMap(defaults), optimlab, dl4j, hooks));
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

    /**
     * The allowed range of each hyperparameter of {@code name}, as its configuration and hooks
     * check it (read by building them with the defaults); keys the configuration does not check
     * are absent.
     */
    public static Map<String, Range> ranges(String name) {
        Map<String, Range> declared = Range.declaredBy(() -> {
            create(name, Map.of());
            parameterHooks(name, Map.of());
        });
        declared.keySet().retainAll(defaults(name).keySet());
        return Collections.unmodifiableMap(declared);
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
