package dev.optimlab.experiment;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.DuplicateKeyException;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

import dev.optimlab.experiment.benchmark.Benchmark;
import dev.optimlab.experiment.benchmark.BenchmarkSpec;
import dev.optimlab.experiment.biasvariance.BiasVarianceExperiment;
import dev.optimlab.experiment.biasvariance.BiasVarianceSpec;
import dev.optimlab.experiment.comparison.Comparison;
import dev.optimlab.experiment.comparison.ComparisonParser;
import dev.optimlab.experiment.comparison.Spec;
import dev.optimlab.experiment.convolution.ConvolutionExperiment;
import dev.optimlab.experiment.convolution.ConvolutionSpec;
import dev.optimlab.experiment.crossvalidation.CrossValidation;
import dev.optimlab.experiment.crossvalidation.CrossValidationSpec;
import dev.optimlab.experiment.ensembles.Ensembles;
import dev.optimlab.experiment.ensembles.EnsemblesSpec;
import dev.optimlab.experiment.lossrobustness.LossRobustness;
import dev.optimlab.experiment.lossrobustness.LossRobustnessSpec;
import dev.optimlab.experiment.sharpness.SharpnessExperiment;
import dev.optimlab.experiment.sharpness.SharpnessSpec;
import dev.optimlab.experiment.trajectories.Trajectories;
import dev.optimlab.experiment.trajectories.TrajectorySpec;

/**
 * Reads an experiment spec: loads the YAML (duplicate keys refused), merges the optional
 * {@code quick} mapping over it when {@code quick} is requested (tiny sizes for tests), and hands
 * the document to its kind's parser. {@link #KINDS} is the one list of kinds; each kind's parser
 * lives in the kind's sub-package and starts with {@link SpecHeader}. Everything is checked before
 * anything runs: unknown keys, unknown names, out-of-range values, impossible combinations.
 */
public final class SpecParser {

    public static final List<String> ACTIVATIONS = List.of("tanh", "relu", "sigmoid", "identity", "leakyrelu", "elu");

    private SpecParser() {
    }

    /** The parser of each experiment kind: the document's root node, file name and text → the experiment. */
    interface Kind {
        Experiment parse(SpecNode root, String file, String text);
    }

    private static final Map<String, Kind> KINDS = new LinkedHashMap<>();

    static {
        KINDS.put("comparison", (root, file, text) -> new Comparison(ComparisonParser.parse(root, file, text)));
        KINDS.put("trajectories", (root, file, text) -> new Trajectories(TrajectorySpec.parse(root, file, text)));
        KINDS.put("ensembles", (root, file, text) -> new Ensembles(EnsemblesSpec.parse(root, file, text)));
        KINDS.put("sharpness", (root, file, text) -> new SharpnessExperiment(SharpnessSpec.parse(root, file, text)));
        KINDS.put("cross-validation", (root, file, text) -> new CrossValidation(CrossValidationSpec.parse(root, file, text)));
        KINDS.put("loss-robustness", (root, file, text) -> new LossRobustness(LossRobustnessSpec.parse(root, file, text)));
        KINDS.put("bias-variance", (root, file, text) -> new BiasVarianceExperiment(BiasVarianceSpec.parse(root, file, text)));
        KINDS.put("convolution", (root, file, text) -> new ConvolutionExperiment(ConvolutionSpec.parse(root, file, text)));
        KINDS.put("benchmark", (root, file, text) -> new Benchmark(BenchmarkSpec.parse(root, file, text)));
    }

    /** A comparison spec; any other kind is an error. */
    public static Spec parse(Path file, boolean quick) {
        Experiment e = parseAny(file, quick);
        if (!(e instanceof Comparison c)) {
            throw new SpecException(file.toString(), "kind", "expected kind 'comparison' here");
        }
        return c.spec();
    }

    /**
     * A spec of any kind, validated. With {@code quick} the spec's {@code quick:} block is merged
     * over it; asking for quick on a spec without one is an error (it would silently run full size).
     */
    public static Experiment parseAny(Path file, boolean quick) {
        String name = file.toString();
        Object doc = load(file);
        boolean merged = false;
        if (quick) {
            if (!(doc instanceof Map<?, ?> m) || !m.containsKey("quick")) {
                throw new SpecException(name, "quick", "--quick needs a 'quick:' block of overrides (tiny sizes) in the spec, "
                        + "and this spec has none; run without --quick, or add a quick: block");
            }
            doc = mergeQuick(name, m);
            merged = true;
        }
        SpecNode root = new SpecNode(name, "", doc);
        try {
            String kind = root.choice("kind", "comparison", KINDS.keySet());
            return KINDS.get(kind).parse(root, name, readText(file));
        } catch (SpecException e) {
            throw merged ? inQuickBlock(e, ((Map<?, ?>) load(file)).get("quick")) : e;
        }
    }

    /** Whether the spec has a {@code quick:} block (so {@code validate} checks the quick variant too). */
    public static boolean hasQuickBlock(Path file) {
        return load(file) instanceof Map<?, ?> m && m.containsKey("quick");
    }

    private static String readText(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new SpecException(file.toString(), "", "cannot read the spec: " + e);
        }
    }

    /** The YAML document; duplicate keys are refused (SnakeYAML's default lets the last one win silently). */
    private static Object load(Path file) {
        String name = file.toString();
        String text = readText(file);
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        try {
            return new Yaml(new SafeConstructor(options)).load(text);
        } catch (DuplicateKeyException e) {
            String key = e.getProblem().replaceFirst("^found duplicate key\\s*", "");
            int second = e.getProblemMark().getLine() + 1;
            throw new SpecException(name, "", "duplicate key '" + key + "' at line " + second + " (first given at line "
                    + firstLine(text, key, e.getContextMark().getLine(), second) + "); a key may appear once per mapping");
        } catch (YAMLException e) {
            throw new SpecException(name, "", "not valid YAML: " + e.getMessage().replace('\n', ' '));
        }
    }

    /** The first line (1-based) from the mapping's start where {@code key:} appears; SnakeYAML names only the mapping. */
    private static int firstLine(String text, String key, int from, int fallback) {
        java.util.regex.Pattern p = java.util.regex.Pattern.compile("(^|[\\s{,])[\"']?" + java.util.regex.Pattern.quote(key)
                + "[\"']?\\s*:");
        List<String> lines = text.lines().toList();
        for (int i = from; i < Math.min(fallback, lines.size()); i++) {
            if (p.matcher(lines.get(i)).find()) {
                return i + 1;
            }
        }
        return fallback;
    }

    /**
     * An error found after merging {@code quick:} names the path inside the quick block when the
     * offending value came from there, so the user edits the right line.
     */
    private static SpecException inQuickBlock(SpecException e, Object quick) {
        String field = e.field();
        if (field.isEmpty() || !fromQuick(quick, field)) {
            return e;
        }
        return e.at("quick." + field);
    }

    /** Whether the value at {@code path} (a.b[2].c) was set by the quick block, as a whole or inside a replaced value. */
    private static boolean fromQuick(Object quick, String path) {
        Object at = quick;
        for (String part : path.split("\\.")) {
            String key = part.replaceFirst("\\[\\d+]$", "");
            if (!(at instanceof Map<?, ?> m) || !m.containsKey(key)) {
                return false;
            }
            at = m.get(key);
            if (!(at instanceof Map)) {
                return true; // a scalar or list from quick replaces the base value entirely
            }
        }
        return true;
    }

    @SuppressWarnings("unchecked")
    private static Object mergeQuick(String file, Map<?, ?> doc) {
        Object q = doc.get("quick");
        if (!(q instanceof Map)) {
            throw new SpecException(file, "quick", "must be a mapping of overrides, got " + SpecNode.describe(q));
        }
        return merge((Map<String, Object>) doc, (Map<String, Object>) q);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> merge(Map<String, Object> base, Map<String, Object> over) {
        Map<String, Object> out = new LinkedHashMap<>(base);
        for (Map.Entry<String, Object> e : over.entrySet()) {
            Object b = out.get(e.getKey());
            if (b instanceof Map && e.getValue() instanceof Map) {
                out.put(e.getKey(), merge((Map<String, Object>) b, (Map<String, Object>) e.getValue()));
            } else {
                out.put(e.getKey(), e.getValue());
            }
        }
        return out;
    }
}
