package dev.optimlab.run;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import dev.optimlab.problem.Problem;
import dev.optimlab.problem.Regularizer;

/**
 * The identity of a trial: a SHA-256 fingerprint over a canonical, sorted, flat JSON of everything
 * that determines its numbers. A stored trial is reused only when its fingerprint equals the
 * plan's, so a changed {@code lr}, {@code epochs}, data size or quick override can never hide
 * behind an unchanged file name.
 *
 * <p>The inputs are flat dotted keys ({@code problem.epochs}, {@code arm.hyperparameters.lr}) so
 * that a mismatch lists exactly the fields that differ. They are the <em>resolved</em> values:
 * optimizer defaults are filled in (adding {@code beta2: 0.999} to a spec that used the default is
 * the same trial), and {@code --quick} enters through the values its overrides change, not as a
 * flag (a quick block that changes nothing yields the very same numbers). The arm's display name
 * is left out: it only names the file. Code version is not part of it either; the trial records
 * its commit ({@code gitCommit}, {@code gitDirty}) for provenance instead.
 */
public final class TrialIdentity {

    /** Bumped when the set or meaning of the inputs changes, so old fingerprints never match by accident. */
    static final int VERSION = 1;

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    private TrialIdentity() {
    }

    public static SortedMap<String, Object> inputs(Problem problem, Arm arm, long seed) {
        Map<String, Object> tree = new LinkedHashMap<>();
        tree.put("fingerprintVersion", VERSION);
        tree.put("problem", problem);
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("optimizer", arm.optimizer());
        a.put("impl", arm.impl());
        // DL4J's built-in updaters have no OptimLab variant; recording one would make a no-op edit stale.
        a.put("variant", arm.impl().equals("dl4j") ? "dl4j-builtin" : arm.variant().name().toLowerCase());
        a.put("hyperparameters", arm.effectiveHyperparameters());
        a.put("training", arm.training());
        List<Object> regs = new ArrayList<>(); // a list: the order of augmentations is the order they apply
        for (Regularizer r : arm.regularizers()) {
            regs.add(r);
        }
        a.put("regularizers", regs);
        tree.put("arm", a);
        tree.put("seed", seed);
        SortedMap<String, Object> flat = new TreeMap<>();
        flatten("", JSON.valueToTree(tree), flat);
        return flat;
    }

    private static void flatten(String prefix, JsonNode node, SortedMap<String, Object> out) {
        if (node.isObject()) {
            node.fields().forEachRemaining(e -> flatten(prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey(),
                    e.getValue(), out));
        } else if (node.isArray()) {
            if (node.isEmpty()) {
                out.put(prefix, List.of());
            }
            for (int i = 0; i < node.size(); i++) {
                flatten(prefix + "[" + i + "]", node.get(i), out);
            }
        } else if (!node.isNull()) { // an absent option (no SAM, no clipping) and a null one are the same trial
            out.put(prefix, JSON.convertValue(node, Object.class));
        }
    }

    /** SHA-256 (hex) of the inputs as compact JSON with sorted keys. */
    public static String fingerprint(SortedMap<String, Object> inputs) {
        try {
            byte[] canonical = JSON.writeValueAsString(inputs).getBytes(StandardCharsets.UTF_8);
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(canonical));
        } catch (JsonProcessingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The fields whose values differ between a stored trial's inputs and the plan's, as
     * {@code field: stored → planned} lines ({@code (absent)} where one side lacks the field).
     * Numbers are compared by value, so {@code 300} and {@code 300.0} (JSON round trip) are equal.
     */
    public static List<String> differences(Map<String, ?> stored, Map<String, ?> planned) {
        List<String> out = new ArrayList<>();
        TreeSet<String> keys = new TreeSet<>(stored.keySet());
        keys.addAll(planned.keySet());
        for (String k : keys) {
            Object s = stored.get(k);
            Object p = planned.get(k);
            if (!same(s, p)) {
                out.add(k + ": " + show(s) + " → " + show(p));
            }
        }
        return out;
    }

    private static boolean same(Object a, Object b) {
        if (a instanceof Number x && b instanceof Number y) {
            return x.doubleValue() == y.doubleValue();
        }
        return Objects.equals(a, b);
    }

    private static String show(Object v) {
        return v == null ? "(absent)" : v.toString();
    }
}
