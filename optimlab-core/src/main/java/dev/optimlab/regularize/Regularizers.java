package dev.optimlab.regularize;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

import dev.optimlab.regularize.augment.CutMix;
import dev.optimlab.regularize.augment.Cutout;
import dev.optimlab.regularize.augment.HorizontalFlip;
import dev.optimlab.regularize.augment.Mixup;
import dev.optimlab.regularize.augment.RandomRotation;
import dev.optimlab.regularize.augment.RandomShift;
import dev.optimlab.regularize.loss.HuberLoss;
import dev.optimlab.regularize.loss.LabelSmoothingCrossEntropy;
import dev.optimlab.regularize.loss.MeanAbsoluteError;
import dev.optimlab.regularize.noise.GaussianInputNoise;
import dev.optimlab.regularize.noise.GaussianWeightNoise;
import dev.optimlab.regularize.noise.InvertedDropConnect;
import dev.optimlab.regularize.noise.InvertedDropout;
import dev.optimlab.regularize.norm.BatchNorm;
import dev.optimlab.regularize.norm.ChannelNormalization;
import dev.optimlab.regularize.norm.GroupNorm;
import dev.optimlab.regularize.norm.InstanceNorm;
import dev.optimlab.regularize.norm.LayerNorm;
import dev.optimlab.optim.DecoupledWeightDecay;
import dev.optimlab.optim.Hyperparameter;
import dev.optimlab.regularize.penalty.L2Penalty;
import org.deeplearning4j.nn.conf.dropout.IDropout;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.weightnoise.IWeightNoise;
import org.nd4j.linalg.dataset.api.DataSetPreProcessor;
import org.nd4j.linalg.learning.regularization.Regularization;
import org.nd4j.linalg.lossfunctions.ILossFunction;
import org.nd4j.linalg.lossfunctions.impl.LossMSE;

/**
 * The name registry of the regularization components, one table per {@link Kind}: spec names and
 * hyperparameter keys (with defaults) to configured DL4J objects. Unknown names and keys are an
 * {@link IllegalArgumentException} listing the allowed ones; out-of-range values are rejected by the
 * component itself; integer keys ({@code groups, size, channels, height, width}) must be integral.
 *
 * <table>
 *   <caption>names, keys and defaults</caption>
 *   <tr><td>{@link #dropout}</td><td>{@code dropout} {p = 0.5 (DROP probability)},
 *       {@code gaussian-noise} {sigma = 0.1}</td></tr>
 *   <tr><td>{@link #weightNoise}</td><td>{@code weight-noise} {sigma = 0.01, applyToBias = 0},
 *       {@code dropconnect} {p = 0.5 (DROP probability, rescaled), applyToBias = 0}</td></tr>
 *   <tr><td>{@link #penalty}</td><td>{@code l2} {l2 = 1e-4}, {@code weight-decay} {weightDecay = 1e-2}</td></tr>
 *   <tr><td>{@link #loss}</td><td>{@code mse} {}, {@code mae} {}, {@code huber} {delta = 1},
 *       {@code label-smoothing} {smoothing = 0.1}</td></tr>
 *   <tr><td>{@link #normLayer}</td><td>{@code batch-norm} {decay = 0.9, epsilon = 1e-5},
 *       {@code layer-norm}, {@code instance-norm} {epsilon = 1e-5}, {@code group-norm} {groups = 32,
 *       epsilon = 1e-5}</td></tr>
 *   <tr><td>{@link #augmentation}</td><td>{@code mixup} {alpha = 0.2, prob = 1}, {@code cutmix}
 *       {alpha = 1, prob = 0.5}, {@code cutout} {size = 8, prob = 1}, {@code shift} {size = 2, prob = 1},
 *       {@code rotate} {degrees = 10, prob = 1}, {@code flip} {prob = 0.5}; all but mixup also take
 *       {@code channels, height, width} (0 = read from NCHW features)</td></tr>
 * </table>
 *
 * <p>Wiring: dropout goes on a layer builder ({@code .dropOut(Regularizers.dropout(...))}, applied to
 * that layer's input), weight noise on a layer builder ({@code .weightNoise(...)}), penalties on
 * <b>each</b> layer builder ({@code .regularization(list)} and optionally {@code .regularizationBias}),
 * never on the global builder, which duplicates non-L1/L2 entries in DL4J 1.0.0-M2.1; the loss on the
 * output layer ({@code .lossFunction(...)}); norm layers are inserted as layers; augmentations are set
 * on the training iterator ({@code iter.setPreProcessor(...)}).
 */
public final class Regularizers {

    /** The six kinds of component, each with its own names. */
    public enum Kind { DROPOUT, WEIGHT_NOISE, PENALTY, LOSS, NORM, AUGMENTATION }

    /** Hyperparameters with defaults filled in (and the data seed, for augmentations). */
    public record Params(String name, Map<String, Double> values, long seed) {
        public double get(String key) {
            return values.get(key);
        }

        public int integer(String key) {
            double v = values.get(key);
            if (v != Math.rint(v) || Math.abs(v) > Integer.MAX_VALUE) {
                throw new IllegalArgumentException(name + ": " + key + " must be an integer, got " + v);
            }
            return (int) v;
        }

        public boolean flag(String key) {
            double v = values.get(key);
            if (v != 0 && v != 1) {
                throw new IllegalArgumentException(name + ": " + key + " must be 0 or 1, got " + v);
            }
            return v == 1;
        }
    }

    private record Entry(List<Hyperparameter> declared, Function<Params, Object> factory) {
        Map<String, Double> defaults() {
            return Collections.unmodifiableMap(Hyperparameter.defaults(declared));
        }
    }

    private static final Map<Kind, Map<String, Entry>> TABLES = new LinkedHashMap<>();

    static {
        register(Kind.DROPOUT, "dropout", List.of(InvertedDropout.P), p -> new InvertedDropout(p.get("p")));
        register(Kind.DROPOUT, "gaussian-noise", List.of(GaussianInputNoise.SIGMA),
                p -> new GaussianInputNoise(p.get("sigma")));

        register(Kind.WEIGHT_NOISE, "weight-noise", GaussianWeightNoise.HYPERPARAMETERS,
                p -> new GaussianWeightNoise(p.get("sigma"), p.flag("applyToBias")));
        register(Kind.WEIGHT_NOISE, "dropconnect", InvertedDropConnect.HYPERPARAMETERS,
                p -> new InvertedDropConnect(p.get("p"), p.flag("applyToBias")));

        register(Kind.PENALTY, "l2", List.of(L2Penalty.L2),
                p -> new ArrayList<Regularization>(List.of(new L2Penalty(p.get("l2")))));
        register(Kind.PENALTY, "weight-decay", List.of(DecoupledWeightDecay.ADAMW_WEIGHT_DECAY),
                p -> new ArrayList<Regularization>(List.of(new DecoupledWeightDecay(p.get("weightDecay")))));

        register(Kind.LOSS, "mse", List.of(), p -> new LossMSE());
        register(Kind.LOSS, "mae", List.of(), p -> new MeanAbsoluteError());
        register(Kind.LOSS, "huber", List.of(HuberLoss.DELTA), p -> new HuberLoss(p.get("delta")));
        register(Kind.LOSS, "label-smoothing", List.of(LabelSmoothingCrossEntropy.SMOOTHING),
                p -> new LabelSmoothingCrossEntropy(p.get("smoothing")));

        Hyperparameter eps = ChannelNormalization.EPSILON;
        register(Kind.NORM, "batch-norm", List.of(BatchNorm.DECAY, eps),
                p -> new BatchNorm.Builder().decay(p.get("decay")).epsilon(p.get("epsilon")));
        register(Kind.NORM, "layer-norm", List.of(eps), p -> new LayerNorm.Builder().epsilon(p.get("epsilon")));
        register(Kind.NORM, "instance-norm", List.of(eps), p -> new InstanceNorm.Builder().epsilon(p.get("epsilon")));
        register(Kind.NORM, "group-norm", List.of(GroupNorm.GROUPS, eps),
                p -> new GroupNorm.Builder().groups(p.integer("groups")).epsilon(p.get("epsilon")));

        register(Kind.AUGMENTATION, "mixup", Mixup.HYPERPARAMETERS, p -> new Mixup(p.get("alpha"), p.get("prob"), p.seed()));
        register(Kind.AUGMENTATION, "cutmix", CutMix.HYPERPARAMETERS,
                p -> new CutMix(p.get("alpha"), p.get("prob"), p.integer("channels"), p.integer("height"),
                        p.integer("width"), p.seed()));
        register(Kind.AUGMENTATION, "cutout", Cutout.HYPERPARAMETERS,
                p -> new Cutout(p.integer("size"), p.get("prob"), p.integer("channels"), p.integer("height"),
                        p.integer("width"), p.seed()));
        register(Kind.AUGMENTATION, "shift", RandomShift.HYPERPARAMETERS,
                p -> new RandomShift(p.integer("size"), p.get("prob"), p.integer("channels"), p.integer("height"),
                        p.integer("width"), p.seed()));
        register(Kind.AUGMENTATION, "rotate", RandomRotation.HYPERPARAMETERS,
                p -> new RandomRotation(p.get("degrees"), p.get("prob"), p.integer("channels"), p.integer("height"),
                        p.integer("width"), p.seed()));
        register(Kind.AUGMENTATION, "flip", HorizontalFlip.HYPERPARAMETERS,
                p -> new HorizontalFlip(p.get("prob"), p.integer("channels"), p.integer("height"),
                        p.integer("width"), p.seed()));
    }

    private Regularizers() {
    }

    /** Inverted dropout or Gaussian input noise, for {@code layerBuilder.dropOut(...)}. */
    public static IDropout dropout(String name, Map<String, Double> hyperparameters) {
        return (IDropout) create(Kind.DROPOUT, name, hyperparameters, 0);
    }

    /** Additive Gaussian weight noise or inverted DropConnect, for {@code layerBuilder.weightNoise(...)}. */
    public static IWeightNoise weightNoise(String name, Map<String, Double> hyperparameters) {
        return (IWeightNoise) create(Kind.WEIGHT_NOISE, name, hyperparameters, 0);
    }

    /** A fresh mutable list for {@code layerBuilder.regularization(...)}: set it per layer, not globally. */
    @SuppressWarnings("unchecked")
    public static List<Regularization> penalty(String name, Map<String, Double> hyperparameters) {
        return (List<Regularization>) create(Kind.PENALTY, name, hyperparameters, 0);
    }

    /** An output-layer loss; {@code mse} is DL4J's own {@code LossMSE}. */
    public static ILossFunction loss(String name, Map<String, Double> hyperparameters) {
        return (ILossFunction) create(Kind.LOSS, name, hyperparameters, 0);
    }

    /** A normalization layer whose channel count is inferred from the network's input type. */
    public static Layer normLayer(String name, Map<String, Double> hyperparameters) {
        return normBuilder(name, hyperparameters).build();
    }

    /** A normalization layer over {@code channels} channels (for configurations without input types). */
    public static Layer normLayer(String name, Map<String, Double> hyperparameters, long channels) {
        return normBuilder(name, hyperparameters).channels(channels).build();
    }

    private static ChannelNormalization.Builder<?> normBuilder(String name, Map<String, Double> hyperparameters) {
        return (ChannelNormalization.Builder<?>) create(Kind.NORM, name, hyperparameters, 0);
    }

    /** A training-data augmentation for {@code iterator.setPreProcessor(...)}, reproducible from {@code seed}. */
    public static DataSetPreProcessor augmentation(String name, Map<String, Double> hyperparameters, long seed) {
        return (DataSetPreProcessor) create(Kind.AUGMENTATION, name, hyperparameters, seed);
    }

    /** The registered names of {@code kind}, in registration order. */
    public static Set<String> names(Kind kind) {
        return Collections.unmodifiableSet(TABLES.get(kind).keySet());
    }

    /** The allowed keys of {@code name} with their defaults. */
    public static Map<String, Double> defaults(Kind kind, String name) {
        return entry(kind, name).defaults();
    }

    /** The hyperparameters of {@code name} as its component declares them (key, default, range, meaning). */
    public static List<Hyperparameter> declared(Kind kind, String name) {
        return entry(kind, name).declared();
    }

    private static Object create(Kind kind, String name, Map<String, Double> given, long seed) {
        Entry e = entry(kind, name);
        Map<String, Double> values = new TreeMap<>(e.defaults());
        for (Map.Entry<String, Double> kv : given.entrySet()) {
            if (!e.defaults().containsKey(kv.getKey())) {
                throw new IllegalArgumentException(name + " has no hyperparameter '" + kv.getKey() + "'; allowed: "
                        + (e.defaults().isEmpty() ? "(none)" : String.join(", ", e.defaults().keySet())));
            }
            if (kv.getValue() == null) {
                throw new IllegalArgumentException(name + ": hyperparameter '" + kv.getKey() + "' has no value");
            }
            values.put(kv.getKey(), kv.getValue());
        }
        return e.factory().apply(new Params(name, values, seed));
    }

    private static Entry entry(Kind kind, String name) {
        Entry e = TABLES.get(kind).get(name);
        if (e == null) {
            throw new IllegalArgumentException("unknown " + kind.name().toLowerCase().replace('_', ' ') + " '" + name
                    + "'; allowed: " + String.join(", ", TABLES.get(kind).keySet()));
        }
        return e;
    }

    private static void register(Kind kind, String name, List<Hyperparameter> declared, Function<Params, Object> factory) {
        TABLES.computeIfAbsent(kind, k -> new LinkedHashMap<>()).put(name, new Entry(declared, factory));
    }
}
