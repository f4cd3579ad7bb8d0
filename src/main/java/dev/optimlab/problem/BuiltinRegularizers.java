package dev.optimlab.problem;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.deeplearning4j.nn.conf.distribution.NormalDistribution;
import org.deeplearning4j.nn.conf.dropout.Dropout;
import org.deeplearning4j.nn.conf.dropout.GaussianNoise;
import org.deeplearning4j.nn.conf.dropout.IDropout;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.weightnoise.DropConnect;
import org.deeplearning4j.nn.conf.weightnoise.IWeightNoise;
import org.deeplearning4j.nn.conf.weightnoise.WeightNoise;
import org.nd4j.linalg.learning.regularization.L2Regularization;
import org.nd4j.linalg.learning.regularization.Regularization;
import org.nd4j.linalg.learning.regularization.WeightDecay;

import dev.optimlab.regularize.Regularizers;

/**
 * DL4J's built-in twins of OptimLab's regularizers, configured from the same spec
 * hyperparameters. The translation is where the two differ in convention: OptimLab's {@code p}
 * is the DROP probability, DL4J's {@code Dropout} and {@code DropConnect} take the RETAIN
 * probability; DL4J's {@code DropConnect} does not rescale the kept weights (OptimLab's does);
 * {@code layer-norm} is DL4J's {@code DenseLayer.hasLayerNorm}, applied inside the dense layers
 * (before their activation) rather than as a layer of its own.
 */
public final class BuiltinRegularizers {

    /** The names with a DL4J twin. */
    public static final Set<String> NAMES = Set.of("dropout", "gaussian-noise", "dropconnect", "weight-noise",
            "l2", "weight-decay", "batch-norm", "layer-norm");

    private BuiltinRegularizers() {
    }

    /** Hyperparameters with the OptimLab defaults filled in (validates the keys and values too). */
    private static Map<String, Double> filled(Regularizers.Kind kind, String name, Map<String, Double> hp) {
        switch (kind) { // the OptimLab twin checks the keys and ranges, with its messages
            case DROPOUT -> Regularizers.dropout(name, hp);
            case WEIGHT_NOISE -> Regularizers.weightNoise(name, hp);
            case PENALTY -> Regularizers.penalty(name, hp);
            default -> Regularizers.normLayer(name, hp);
        }
        Map<String, Double> all = new java.util.HashMap<>(Regularizers.defaults(kind, name));
        all.putAll(hp);
        return all;
    }

    public static IDropout dropout(String name, Map<String, Double> hp) {
        Map<String, Double> v = filled(Regularizers.Kind.DROPOUT, name, hp);
        return name.equals("dropout") ? new Dropout(1 - v.get("p")) : new GaussianNoise(v.get("sigma"));
    }

    public static IWeightNoise weightNoise(String name, Map<String, Double> hp) {
        Map<String, Double> v = filled(Regularizers.Kind.WEIGHT_NOISE, name, hp);
        boolean bias = v.get("applyToBias") == 1.0;
        return name.equals("dropconnect") ? new DropConnect(1 - v.get("p"), bias)
                : new WeightNoise(new NormalDistribution(0, v.get("sigma")), bias, true);
    }

    public static List<Regularization> penalty(String name, Map<String, Double> hp) {
        Map<String, Double> v = filled(Regularizers.Kind.PENALTY, name, hp);
        List<Regularization> list = new ArrayList<>();
        list.add(name.equals("l2") ? new L2Regularization(v.get("l2")) : new WeightDecay(v.get("weightDecay"), true));
        return list;
    }

    /** DL4J's batch normalization ({@code useLogStd(false)}: the variance is stored as is). */
    public static Layer batchNorm(Map<String, Double> hp) {
        Map<String, Double> v = filled(Regularizers.Kind.NORM, "batch-norm", hp);
        return new BatchNormalization.Builder().decay(v.get("decay")).eps(v.get("epsilon")).useLogStd(false).build();
    }
}
