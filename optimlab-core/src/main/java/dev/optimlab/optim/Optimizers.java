package dev.optimlab.optim;

import java.util.ArrayList;
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
 * <p>{@link #optimizer} returns an optimizer as one value ({@link Optimizer}): the elementwise
 * {@link IUpdater} and, for optimizers that need the weights (decoupled decay, trust ratios), the
 * per-tensor {@link ParameterHook}s ({@link #parameterHooks}), wired together per layer by
 * {@link Optimizer#applyTo}. {@link #create} returns the bare updater only where it is the whole
 * optimizer (for {@code radam}, {@code lion} without decay, ...) and throws for the others, so that
 * no caller silently drops the hooks. {@code lookahead} wraps {@code adam} (keys {@code k},
 * {@code alpha} plus Adam's); {@link #lookahead(String, Map)} wraps another base without hooks, and
 * {@code lookahead-adamw}, {@code lookahead-lamb}, {@code lookahead-adamp} wrap the hooked bases
 * (updater plus hooks that do the Lookahead step after the base's hooks). {@code muon} and
 * {@code shampoo} treat layers differently (hidden matrices vs the rest; per-tensor shapes): their
 * configurations here are prototypes that run only once {@link OptimizerWiring} has wired them. {@code sam} is not
 * an updater but a training step ({@link Sam}, key {@code rho}) around any registered optimizer,
 * so it is not in this registry: a runner wires the base here and calls {@link Sam#step}
 * instead of {@code fit}. The schedule-free optimizers need {@link ScheduleFree#start} once
 * before training and are evaluated through {@link ScheduleFree#atX}.
 */
public final class Optimizers {

    /** One registered optimizer: its declared hyperparameters (which also fix the allowed keys) and factories. */
    private record Entry(List<Hyperparameter> declared,
                         Function<Params, IUpdater> optimlab,
                         Function<Params, IUpdater> dl4j,
                         Function<Params, List<Regularization>> hooks) {
        Map<String, Double> defaults() {
            return Collections.unmodifiableMap(Hyperparameter.defaults(declared));
        }
    }

    /** Hyperparameters with defaults filled in, plus the formula variant. */
    public record Params(Map<String, Double> values, Variant variant) {
        public double get(String key) {
            return values.get(key);
        }
    }

    private static final Map<String, Entry> ENTRIES = new LinkedHashMap<>();

    static {
        registerElementwise();
        registerWithPerTensorParts();
        registerWrappersAndFrontier();
    }

    /*
     * One line per optimizer: its declaration (the class's HYPERPARAMETERS, plus the hooks' keys),
     * the OptimLab factory, DL4J's twin or null, the per-tensor hooks if any.
     */

    /** The classic elementwise rules and the Adam family: the updater is the whole optimizer. */
    private static void registerElementwise() {
        register("sgd", Sgd.HYPERPARAMETERS, p -> new Sgd(p.get("lr")),
                p -> new org.nd4j.linalg.learning.config.Sgd(p.get("lr")));
        register("momentum", Momentum.HYPERPARAMETERS, p -> new Momentum(p.get("lr"), p.get("momentum")), null);
        register("adam", Adam.HYPERPARAMETERS, Optimizers::adam,
                p -> new org.nd4j.linalg.learning.config.Adam(p.get("lr"), p.get("beta1"), p.get("beta2"), p.get("epsilon")));
        register("nesterov", Nesterov.HYPERPARAMETERS, p -> new Nesterov(p.get("lr"), p.get("momentum"), p.variant()),
                p -> new org.nd4j.linalg.learning.config.Nesterovs(p.get("lr"), p.get("momentum")));
        register("adagrad", AdaGrad.HYPERPARAMETERS,
                p -> new AdaGrad(p.get("lr"), p.get("epsilon"), p.get("initialAccumulator"), p.variant()),
                p -> new org.nd4j.linalg.learning.config.AdaGrad(p.get("lr"), p.get("epsilon")));
        register("adadelta", AdaDelta.HYPERPARAMETERS, p -> new AdaDelta(p.get("lr"), p.get("rho"), p.get("epsilon")),
                Optimizers::dl4jAdaDelta);
        register("rmsprop", RmsProp.HYPERPARAMETERS, p -> new RmsProp(p.get("lr"), p.get("rho"), p.get("epsilon"), p.variant()),
                p -> new org.nd4j.linalg.learning.config.RmsProp(p.get("lr"), p.get("rho"), p.get("epsilon")));
        register("amsgrad", AMSGrad.HYPERPARAMETERS,
                p -> new AMSGrad(p.get("lr"), p.get("beta1"), p.get("beta2"), p.get("epsilon"), p.variant()),
                p -> new org.nd4j.linalg.learning.config.AMSGrad(p.get("lr"), p.get("beta1"), p.get("beta2"), p.get("epsilon")));
        register("adamax", AdaMax.HYPERPARAMETERS,
                p -> new AdaMax(p.get("lr"), p.get("beta1"), p.get("beta2"), p.get("epsilon"), p.variant()),
                p -> new org.nd4j.linalg.learning.config.AdaMax(p.get("lr"), p.get("beta1"), p.get("beta2"), p.get("epsilon")));
        register("nadam", Nadam.HYPERPARAMETERS, p -> new Nadam(p.get("lr"), p.get("beta1"), p.get("beta2"),
                        p.get("epsilon"), p.get("momentumDecay"), p.variant()),
                p -> new org.nd4j.linalg.learning.config.Nadam(p.get("lr"), p.get("beta1"), p.get("beta2"), p.get("epsilon")));
        // DL4J 1.0.0-M2.1's AdaBelief config cannot be instantiated in a network (instantiate throws
        // ArrayIndexOutOfBoundsException); the twin is registered for its update rule, which is
        // correct when its GradientUpdater is given a [1, 2n] state view directly.
        register("adabelief", AdaBelief.HYPERPARAMETERS,
                p -> new AdaBelief(p.get("lr"), p.get("beta1"), p.get("beta2"), p.get("epsilon"), p.variant()),
                p -> new org.nd4j.linalg.learning.config.AdaBelief(p.get("lr"), p.get("beta1"), p.get("beta2"),
                        p.get("epsilon")));
    }

    /** Optimizers with per-tensor hooks or per-layer configurations. */
    private static void registerWithPerTensorParts() {
        register("adamw", with(Adam.HYPERPARAMETERS, DecoupledWeightDecay.ADAMW_WEIGHT_DECAY), Optimizers::adam, null,
                p -> decay(p.get("weightDecay")));
        register("radam", RAdam.HYPERPARAMETERS, p -> new RAdam(p.get("lr"), p.get("beta1"), p.get("beta2"), p.get("epsilon")),
                null);
        register("lion", Lion.HYPERPARAMETERS, p -> new Lion(p.get("lr"), p.get("beta1"), p.get("beta2")), null,
                p -> decay(p.get("weightDecay")));
        register("lamb", Lamb.HYPERPARAMETERS, p -> new Lamb(p.get("lr"), p.get("beta1"), p.get("beta2"), p.get("epsilon")),
                null, p -> List.of(new LambTrustRatio(p.get("weightDecay"))));
        register("adamp", with(Adam.HYPERPARAMETERS, AdamPProjection.HYPERPARAMETERS), Optimizers::adam, null,
                p -> List.of(new AdamPProbe(p.get("delta"), p.get("epsilon")), new AdamPProjection(p.get("delta"),
                        p.get("wdRatio"), p.get("weightDecay"), p.get("epsilon"))));
        register("muon", Muon.HYPERPARAMETERS, Optimizers::muon, null, p -> muon(p).hiddenWeightHooks());
        register("shampoo", Shampoo.HYPERPARAMETERS, Optimizers::shampoo, null);
    }

    /** Lookahead, schedule-free, Prodigy, Adan, and Lookahead over the hooked bases (registered last: it reads them). */
    private static void registerWrappersAndFrontier() {
        register("lookahead", lookaheadDeclared("adam"), p -> lookaheadOf("adam", p), null);
        register("schedule-free-adamw", ScheduleFreeAdamW.HYPERPARAMETERS, p -> new ScheduleFreeAdamW(p.get("lr"),
                        p.get("beta1"), p.get("beta2"), p.get("epsilon"), p.get("weightDecay"),
                        whole("schedule-free-adamw", "warmupSteps", p), p.get("r"), p.get("weightLrPower")),
                null);
        register("schedule-free-sgd", ScheduleFreeSgd.HYPERPARAMETERS, p -> new ScheduleFreeSgd(p.get("lr"),
                        p.get("momentum"), p.get("weightDecay"), whole("schedule-free-sgd", "warmupSteps", p),
                        p.get("r"), p.get("weightLrPower")),
                null);
        register("prodigy", Prodigy.HYPERPARAMETERS, p -> new Prodigy(p.get("lr"), p.get("beta1"), p.get("beta2"),
                        p.get("epsilon"), p.get("d0"), p.get("dCoef"), p.get("growthRate")),
                null);
        register("adan", Adan.HYPERPARAMETERS,
                p -> new Adan(p.get("lr"), p.get("beta1"), p.get("beta2"), p.get("beta3"), p.get("epsilon")), null,
                p -> Adan.WEIGHT_DECAY.check("adan", p.get("weightDecay")) == 0 // declared also when 0
                        ? List.of() : List.of(new ProximalWeightDecay(p.get("weightDecay"))));
        for (String base : List.of("adamw", "lamb", "adamp")) {
            register("lookahead-" + base, lookaheadDeclared(base),
                    p -> new Lookahead(updaterPart(base, baseKeys(p), p.variant()), lookaheadK(p), p.get("alpha")),
                    null, p -> lookaheadHooks(base, p));
        }
    }

    private static Adam adam(Params p) {
        return new Adam(p.get("lr"), p.get("beta1"), p.get("beta2"), p.get("epsilon"), p.variant());
    }

    private static IUpdater dl4jAdaDelta(Params p) {
        if (p.get("lr") != 1.0) {
            throw new IllegalArgumentException("adadelta: DL4J's built-in has no learning rate;"
                    + " its twin needs lr = 1.0, got " + p.get("lr"));
        }
        return new org.nd4j.linalg.learning.config.AdaDelta(p.get("rho"), p.get("epsilon"));
    }

    private static Shampoo shampoo(Params p) {
        return new Shampoo(p.get("lr"), p.get("beta1"), p.get("beta2"), p.get("epsilon"), p.get("matrixEpsilon"),
                whole("shampoo", "preconditionFrequency", p.get("preconditionFrequency")),
                whole("shampoo", "maxPreconditionerDim", p.get("maxPreconditionerDim")));
    }

    /** A declaration followed by the keys of the optimizer's hooks. */
    private static List<Hyperparameter> with(List<Hyperparameter> declared, Hyperparameter... more) {
        return with(declared, List.of(more));
    }

    private static List<Hyperparameter> with(List<Hyperparameter> declared, List<Hyperparameter> more) {
        List<Hyperparameter> all = new ArrayList<>(declared);
        all.addAll(more);
        return List.copyOf(all);
    }

    private static int whole(String name, String key, Params p) {
        double v = p.get(key);
        if (v != Math.rint(v) || v < 0 || v > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(name + ": " + key + " must be a whole number in [0, 2^31), got " + v);
        }
        return (int) v;
    }

    private static List<Regularization> decay(double weightDecay) {
        Range.NON_NEGATIVE.check("decoupled weight decay", "weightDecay", weightDecay); // also when 0: declares it
        return weightDecay == 0 ? List.of() : List.of(new DecoupledWeightDecay(weightDecay));
    }

    private static Muon muon(Params p) {
        return new Muon(p.get("lr"), p.get("momentum"), flag("muon", "nesterov", p.get("nesterov")),
                whole("muon", "nsSteps", p.get("nsSteps")), p.get("weightDecay"),
                new Adam(p.get("adamLr"), p.get("adamBeta1"), p.get("adamBeta2"), p.get("adamEpsilon"), Variant.PAPER),
                p.get("adamWeightDecay"));
    }

    /** A 0/1 switch; the {@link Range} check declares it (draws then try 0 and 1). */
    private static boolean flag(String name, String key, double value) {
        Range.UNIT_CLOSED.check(name, key, value);
        if (value != 0 && value != 1) {
            throw new IllegalArgumentException(name + ": " + key + " must be 0 or 1, got " + value);
        }
        return value == 1;
    }

    private static int whole(String name, String key, double value) {
        if (value != Math.rint(value) || Math.abs(value) > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(name + ": " + key + " must be a whole number, got " + value);
        }
        return (int) value;
    }

    private static List<Hyperparameter> lookaheadDeclared(String base) {
        return with(entry(base).declared(), Lookahead.HYPERPARAMETERS);
    }

    private static Lookahead lookaheadOf(String base, Params p) {
        Map<String, Double> baseHp = baseKeys(p);
        if (!parameterHooks(base, baseHp).isEmpty()) {
            throw new IllegalArgumentException("lookahead: base '" + base + "' changes updates per tensor "
                    + "after the updater (" + parameterHooks(base, baseHp) + "), which the updater alone cannot "
                    + "track; use the registry's lookahead-" + base + ", whose hooks do");
        }
        return new Lookahead(create(base, baseHp, p.variant()), lookaheadK(p), p.get("alpha"));
    }

    /** The base's keys of a lookahead parameter set: all but {@code k} and {@code alpha}. */
    private static Map<String, Double> baseKeys(Params p) {
        Map<String, Double> baseHp = new HashMap<>(p.values());
        baseHp.remove("k");
        baseHp.remove("alpha");
        return baseHp;
    }

    private static int lookaheadK(Params p) {
        return whole("lookahead", "k", p.get("k"));
    }

    /**
     * Lookahead over a base with hooks: {@link LookaheadMark} first, the base's hooks, then
     * {@link LookaheadSync}, which does the Lookahead step on the final update (see
     * {@link LookaheadHandover}).
     */
    private static List<Regularization> lookaheadHooks(String base, Params p) {
        List<Regularization> hooks = new ArrayList<>();
        hooks.add(new LookaheadMark());
        hooks.addAll(parameterHooks(base, baseKeys(p)));
        hooks.add(new LookaheadSync());
        return hooks;
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
        return lookaheadOf(base, params("lookahead(" + base + ")",
                new Entry(lookaheadDeclared(base), null, null, null), hyperparameters, Variant.PAPER));
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

    private static void register(String name, List<Hyperparameter> declared,
                                 Function<Params, IUpdater> optimlab, Function<Params, IUpdater> dl4j) {
        register(name, declared, optimlab, dl4j, null);
    }

    private static void register(String name, List<Hyperparameter> declared,
                                 Function<Params, IUpdater> optimlab, Function<Params, IUpdater> dl4j,
                                 Function<Params, List<Regularization>> hooks) {
        ENTRIES.put(name, new Entry(declared, optimlab, dl4j, hooks));
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
     * The hyperparameters of {@code name} as declared (key, default, range, meaning), in spec
     * order: the class's declaration, plus the keys of its per-tensor hooks or base.
     */
    public static List<Hyperparameter> declared(String name) {
        return entry(name).declared();
    }

    /**
     * The allowed range of each hyperparameter of {@code name}, as its configuration and hooks
     * check it (read by building them with the defaults); keys the configuration does not check
     * are absent.
     */
    public static Map<String, Range> ranges(String name) {
        Map<String, Range> declared = Range.declaredBy(() -> optimizer(name, Map.of()));
        declared.keySet().retainAll(defaults(name).keySet());
        return Collections.unmodifiableMap(declared);
    }

    /** Whether DL4J 1.0.0-M2.1 ships a built-in with the same update rule. */
    public static boolean hasBuiltin(String name) {
        return entry(name).dl4j() != null;
    }

    /**
     * The optimizer {@code name} as one value, updater and per-tensor hooks together, following
     * the paper ({@link Variant#PAPER}); wire it with {@link Optimizer#applyTo}.
     */
    public static Optimizer optimizer(String name, Map<String, Double> hyperparameters) {
        return optimizer(name, hyperparameters, Variant.PAPER);
    }

    /** As {@link #optimizer(String, Map)}, with the updater in the given formula variant. */
    public static Optimizer optimizer(String name, Map<String, Double> hyperparameters, Variant variant) {
        Entry e = entry(name);
        Params p = params(name, e, hyperparameters, variant);
        return new Optimizer(name, e.optimlab().apply(p), e.hooks() == null ? List.of() : e.hooks().apply(p));
    }

    /**
     * The OptimLab updater for {@code name} when the updater is the whole optimizer, following
     * the paper ({@link Variant#PAPER}). Throws for an optimizer with a per-tensor part (adamw,
     * adamp, lamb, lion or adan with decay, the hooked lookaheads, muon, shampoo): a bare
     * {@link IUpdater} would silently drop it; use {@link #optimizer} instead.
     */
    public static IUpdater create(String name, Map<String, Double> hyperparameters) {
        return create(name, hyperparameters, Variant.PAPER);
    }

    /** As {@link #create(String, Map)}, in the given formula variant. */
    public static IUpdater create(String name, Map<String, Double> hyperparameters, Variant variant) {
        Optimizer o = optimizer(name, hyperparameters, variant);
        if (!o.hooks().isEmpty() || o.requirements().contains(OptimLabUpdater.Requirement.PER_LAYER_WIRING)) {
            throw new IllegalArgumentException("optimizer '" + name + "' is more than an IUpdater ("
                    + (o.hooks().isEmpty() ? "a per-layer prototype" : "per-tensor hooks " + o.hooks())
                    + "); an IUpdater alone would drop that part: use Optimizers.optimizer(name, hyperparameters)"
                    + ".applyTo(configuration) (see OptimizerWiring)");
        }
        return o.updater();
    }

    /**
     * The updater part alone, hooks or not: for tests and benchmarks that drive the two parts
     * separately. Not public: outside this package an optimizer is an {@link Optimizer}.
     */
    static IUpdater updaterPart(String name, Map<String, Double> hyperparameters, Variant variant) {
        return optimizer(name, hyperparameters, variant).updater();
    }

    static IUpdater updaterPart(String name, Map<String, Double> hyperparameters) {
        return updaterPart(name, hyperparameters, Variant.PAPER);
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
        if (name == null) {
            throw new IllegalArgumentException("optimizer name is null; allowed: " + String.join(", ", ENTRIES.keySet()));
        }
        Entry e = ENTRIES.get(name);
        if (e == null) {
            throw new IllegalArgumentException("unknown optimizer '" + name + "'; allowed: "
                    + String.join(", ", ENTRIES.keySet()));
        }
        return e;
    }

    private static Params params(String name, Entry e, Map<String, Double> given, Variant variant) {
        if (given == null) {
            throw new IllegalArgumentException("optimizer '" + name + "': hyperparameters are null; pass Map.of() "
                    + "for the defaults " + e.defaults());
        }
        if (variant == null) {
            throw new IllegalArgumentException("optimizer '" + name + "': variant is null; use Variant.PAPER or Variant.DL4J");
        }
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
