package dev.optimlab.experiment.comparison;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.optimlab.data.Datasets;
import dev.optimlab.data.NoisyRegression;
import dev.optimlab.experiment.SpecException;
import dev.optimlab.experiment.SpecHeader;
import dev.optimlab.experiment.SpecNode;
import dev.optimlab.experiment.SpecParser;
import dev.optimlab.optim.Optimizers;
import dev.optimlab.optim.Variant;
import dev.optimlab.problem.BuiltinRegularizers;
import dev.optimlab.problem.DataSource;
import dev.optimlab.problem.Mlp;
import dev.optimlab.problem.Problem;
import dev.optimlab.problem.Regularizer;
import dev.optimlab.regularize.Regularizers;
import dev.optimlab.run.Arm;
import dev.optimlab.run.Trial;

/**
 * Reads a {@code kind: comparison} spec into a {@link Spec}: the problem (data, model, loss,
 * epochs, batch size), the arms (optimizer, impl, variant, hyperparameters, training options,
 * regularizers), the seeds, the baseline and the lecture's claim. Everything is checked before
 * anything runs: unknown keys, unknown names, out-of-range values, impossible combinations. The
 * data and model parts are shared with other kinds that train networks on the same sources.
 */
public final class ComparisonParser {

    public static final List<String> IMPLS = List.of("optimlab", "dl4j");
    public static final List<String> LOSSES = List.of("mse", "mae", "mcxent");
    public static final List<String> CLAIM_METRICS = List.of("testLoss", "trainLoss", "validationLoss", "testMetric");

    private ComparisonParser() {
    }

    public static Spec parse(SpecNode root, String file, String text) {
        SpecHeader header = SpecHeader.parse(root, file, text);
        Problem problem = problem(root.required("problem"));
        List<Arm> arms = arms(root.required("arms"));
        List<Long> seeds = SpecHeader.seeds(root);
        checkArmsFitProblem(root.get("arms"), arms, problem);
        Spec.Claim claim = root.has("claim") ? claim(root.get("claim"), arms) : null;
        String baseline = baseline(root, arms);
        root.rejectUnknownKeys();
        return new Spec(header.name(), header.title(), header.description(), problem, arms, seeds, claim, file, text, baseline);
    }

    private static Problem problem(SpecNode p) {
        DataSource data = data(p.required("data"));
        Mlp model = model(p.required("model"));
        String loss = p.choice("loss", data.synthetic() || data.source().equals("diabetes") ? "mse" : "mcxent", LOSSES);
        boolean classification = !data.synthetic() && !data.source().equals("diabetes");
        if (classification != loss.equals("mcxent")) {
            throw p.get("loss").error(classification
                    ? "data '" + data.source() + "' is classification; allowed loss: mcxent"
                    : "data '" + data.source() + "' is regression; allowed loss: mse, mae");
        }
        int epochs = p.integer("epochs", 10, 1, 100_000);
        int batchSize = p.integer("batchSize", 32, 1, 1_000_000);
        p.rejectUnknownKeys();
        return new Problem(data, model, loss, epochs, batchSize);
    }

    public static DataSource data(SpecNode d) {
        List<String> sources = new ArrayList<>(Datasets.NAMES);
        sources.add(0, "noisy-regression");
        String source = d.choice("source", null, sources);
        long seed = d.has("seed") ? d.get("seed").integer() : 0L;
        int limit = d.integer("limit", Integer.MAX_VALUE, 1, Integer.MAX_VALUE);
        int testLimit = Datasets.hasOfficialTestSet(source) ? d.integer("testLimit", Integer.MAX_VALUE, 1, Integer.MAX_VALUE)
                : Integer.MAX_VALUE;
        double val = d.number("validationFraction", 0.2, 0, 0.9);
        double test = d.number("testFraction", Datasets.hasOfficialTestSet(source) ? 0 : 0.2, 0, 0.9);
        if (val + test >= 1) {
            throw d.get("testFraction").error("validationFraction + testFraction must be < 1, got " + (val + test));
        }
        String function = "sin";
        int n = 0;
        double noise = 0;
        double outliers = 0;
        double outlierScale = 0;
        double xMin = 0;
        double xMax = 0;
        if (source.equals("noisy-regression")) {
            function = d.choice("function", "sin", NoisyRegression.FUNCTIONS);
            n = d.integer("n", 200, 2, 10_000_000);
            noise = d.number("noise", 0.3, 0, 1e6);
            outliers = d.number("outlierFraction", 0, 0, 1);
            outlierScale = d.number("outlierScale", 10, 0, 1e6);
            xMin = d.number("xMin", -3, -1e6, 1e6);
            xMax = d.number("xMax", 3, -1e6, 1e6);
            if (!(xMax > xMin)) {
                throw d.get("xMax").error("must exceed xMin (" + xMin + "), got " + xMax);
            }
        }
        d.rejectUnknownKeys();
        checkSplitSizes(d, source, source.equals("noisy-regression") ? n : limit, val, test);
        return new DataSource(source, seed, limit, testLimit, val, test, function, n, noise, outliers, outlierScale, xMin, xMax);
    }

    /**
     * Every part of the data must have rows: an empty validation or test part gives null losses
     * (stored as a trial that breaks every later report), an empty training part DL4J's nIn=0
     * crash. Sizes follow {@code HoldoutSplit}'s rounding; with a file data set and no
     * {@code limit} only zero fractions can be judged here (the run checks the loaded sizes).
     */
    private static void checkSplitSizes(SpecNode d, String source, int n, double val, double test) {
        boolean officialTest = Datasets.hasOfficialTestSet(source);
        if (val == 0) {
            throw d.get("validationFraction").error("must be > 0: every part of the data needs rows (the validation part "
                    + "gives the validation loss and early stopping)");
        }
        if (test == 0 && !officialTest) {
            throw d.get("testFraction").error("must be > 0: every part of the data needs rows");
        }
        if (n == Integer.MAX_VALUE) {
            return;
        }
        int nTest = officialTest ? 0 : (int) Math.round(n * test);
        int nVal = (int) Math.round(n * val);
        int nTrain = n - nTest - nVal;
        if (nTrain < 1 || nVal < 1 || (!officialTest && nTest < 1)) {
            String key = source.equals(DataSource.SYNTHETIC) ? "n" : "limit";
            throw d.get(key).error(key + " = " + n + " with validationFraction " + val
                    + (officialTest ? "" : " and testFraction " + test) + " gives " + nTrain + " training, " + nVal
                    + " validation" + (officialTest ? "" : " and " + nTest + " test") + " rows; every part needs at least one row");
        }
    }

    private static Mlp model(SpecNode m) {
        // Widths are checked here; the activation names are those Networks knows.
        List<Integer> hidden = m.required("hidden").integers("hidden width", 1, 100_000);
        List<Integer> conv = new ArrayList<>();
        if (m.has("conv")) {
            for (SpecNode c : m.get("conv").list()) {
                long ch = c.integer();
                if (ch < 1 || ch > 4096) {
                    throw c.error("convolution channels must be in [1, 4096], got " + ch);
                }
                conv.add((int) ch);
            }
        }
        String activation = m.choice("activation", "tanh", SpecParser.ACTIVATIONS);
        String dtype = m.choice("dtype", "float", List.of("float", "double"));
        m.rejectUnknownKeys();
        return new Mlp(conv, hidden, activation, dtype);
    }

    private static List<Arm> arms(SpecNode list) {
        List<Arm> arms = new ArrayList<>();
        Set<String> names = new HashSet<>();
        Map<String, String> files = new java.util.HashMap<>();
        for (SpecNode a : list.list()) {
            String optimizer = a.choice("optimizer", null, new ArrayList<>(Optimizers.names()));
            String impl = a.choice("impl", "optimlab", IMPLS);
            if (impl.equals("dl4j") && !Optimizers.hasBuiltin(optimizer)) {
                throw a.get("impl").error("optimizer '" + optimizer + "' has no DL4J built-in twin; allowed: optimlab");
            }
            Variant variant = Variant.valueOf(a.choice("variant", "paper", List.of("paper", "dl4j")).toUpperCase());
            Map<String, Double> hp = a.has("hyperparameters") ? a.get("hyperparameters").numbers() : Map.of();
            try {
                Optimizers.optimizer(optimizer, hp, variant);
            } catch (IllegalArgumentException e) {
                throw a.get("hyperparameters").error(e.getMessage());
            }
            String armName = a.string("name", optimizer + "/" + impl);
            if (!armName.matches("[A-Za-z0-9][A-Za-z0-9._/+-]*")) {
                throw a.get("name").error("must use letters, digits and . _ / + -, got '" + armName + "'");
            }
            if (!names.add(armName)) {
                throw a.get("name").error("duplicate arm name '" + armName + "'; arm names must be unique");
            }
            // Trial files are named after the arm; two names must never share a file (lower case: a
            // case-insensitive file system would merge 'Adam' and 'adam').
            String other = files.putIfAbsent(Trial.fileId(armName).toLowerCase(java.util.Locale.ROOT), armName);
            if (other != null) {
                throw a.get("name").error("'" + armName + "' and '" + other + "' would share the trial file "
                        + Trial.fileId(armName) + "__seedN.json; rename one (letters, digits, '.', '+', '-' are kept, "
                        + "every other character becomes '_')");
            }
            Arm.Training training = new Arm.Training(
                    a.has("sam") ? a.number("sam", 0, 1e-12, 1e6) : null,
                    a.has("clipNorm") ? a.number("clipNorm", 0, 1e-12, 1e12) : null,
                    a.has("warmupSteps") ? a.integer("warmupSteps", 0, 0, 100_000_000) : null);
            List<Regularizer> regularizers = a.has("regularization") ? regularizers(a.get("regularization")) : List.of();
            a.rejectUnknownKeys();
            arms.add(new Arm(armName, optimizer, impl, variant, hp, training, regularizers));
        }
        if (arms.isEmpty()) {
            throw list.error("needs at least one arm");
        }
        return arms;
    }

    /** Combinations the network builder cannot honour are spec errors, not run-time surprises. */
    private static void checkArmsFitProblem(SpecNode armsNode, List<Arm> arms, Problem problem) {
        boolean image = Datasets.imageShape(problem.data().source()) != null;
        if (!problem.model().conv().isEmpty() && !image) {
            throw new SpecException(armsNode.file(), "problem.model.conv",
                    "convolutions need image data; allowed sources: mnist, fashion-mnist, digits");
        }
        List<SpecNode> nodes = armsNode.list();
        for (int i = 0; i < arms.size(); i++) {
            for (Regularizer r : arms.get(i).regularizers()) {
                SpecNode at = nodes.get(i).get("regularization").get(r.name());
                boolean imageOnly = Regularizers.names(Regularizers.Kind.AUGMENTATION).contains(r.name()) && !r.name().equals("mixup");
                if (imageOnly && !image) {
                    throw at.error("'" + r.name() + "' transforms images; this problem's data is not an image set");
                }
                if (r.builtin() && r.name().equals("layer-norm") && !problem.model().conv().isEmpty()) {
                    throw at.get("impl").error("DL4J's layer norm exists only inside dense layers; allowed with convolutions: optimlab");
                }
                if (Regularizers.names(Regularizers.Kind.LOSS).contains(r.name())
                        && r.name().equals("label-smoothing") != problem.classification()) {
                    throw at.error("'" + r.name() + "' does not fit a " + (problem.classification() ? "classification" : "regression")
                            + " problem");
                }
            }
        }
    }

    /** All regularizer names a spec may use, by kind, plus early stopping. */
    private static Map<String, Regularizers.Kind> regularizerKinds() {
        Map<String, Regularizers.Kind> kinds = new LinkedHashMap<>();
        for (Regularizers.Kind k : Regularizers.Kind.values()) {
            Regularizers.names(k).forEach(n -> kinds.put(n, k));
        }
        return kinds;
    }

    private static List<Regularizer> regularizers(SpecNode reg) {
        Map<String, Regularizers.Kind> kinds = regularizerKinds();
        List<String> allowed = new ArrayList<>(kinds.keySet());
        allowed.add(Regularizer.EARLY_STOPPING);
        List<Regularizer> out = new ArrayList<>();
        Map<Regularizers.Kind, String> seen = new LinkedHashMap<>();
        for (String name : reg.keys()) {
            SpecNode r = reg.get(name);
            if (!allowed.contains(name)) {
                throw r.error("unknown regularizer; allowed: " + String.join(", ", allowed));
            }
            String impl = r.isMissing() ? "optimlab" : r.choice("impl", "optimlab", IMPLS);
            Map<String, Double> hp = new LinkedHashMap<>();
            if (!r.isMissing()) {
                for (String key : r.keys()) {
                    if (!key.equals("impl")) {
                        hp.put(key, r.get(key).number());
                    }
                }
            }
            if (impl.equals("dl4j") && !BuiltinRegularizers.NAMES.contains(name)) {
                throw r.get("impl").error("'" + name + "' has no DL4J built-in twin; allowed: optimlab");
            }
            if (name.equals(Regularizer.EARLY_STOPPING)) {
                for (String key : hp.keySet()) {
                    if (!key.equals("patience")) {
                        throw r.get(key).error("unknown key; allowed: patience");
                    }
                }
                double patience = hp.getOrDefault("patience", 5.0);
                if (patience < 1 || patience != Math.rint(patience)) {
                    throw r.get("patience").error("must be a whole number ≥ 1, got " + patience);
                }
            } else {
                Regularizers.Kind kind = kinds.get(name);
                // Penalties and augmentations combine; dropout and input noise sit in different places.
                boolean single = kind == Regularizers.Kind.WEIGHT_NOISE || kind == Regularizers.Kind.LOSS
                        || kind == Regularizers.Kind.NORM;
                if (single && seen.containsKey(kind)) {
                    throw r.error("only one " + kind.name().toLowerCase().replace('_', ' ') + " per arm; this arm already has '"
                            + seen.get(kind) + "'");
                }
                seen.put(kind, name);
                try {
                    switch (kind) {
                        case DROPOUT -> Regularizers.dropout(name, hp);
                        case WEIGHT_NOISE -> Regularizers.weightNoise(name, hp);
                        case PENALTY -> Regularizers.penalty(name, hp);
                        case LOSS -> Regularizers.loss(name, hp);
                        case NORM -> Regularizers.normLayer(name, hp);
                        case AUGMENTATION -> Regularizers.augmentation(name, hp, 0);
                        default -> throw new IllegalStateException(kind.name());
                    }
                } catch (IllegalArgumentException e) {
                    throw r.error(e.getMessage());
                }
            }
            out.add(new Regularizer(name, impl, hp));
        }
        return out;
    }

    /** The named baseline arm; by default {@code none} if an arm has that name, else the first arm. */
    private static String baseline(SpecNode root, List<Arm> arms) {
        List<String> names = arms.stream().map(Arm::name).toList();
        String fallback = names.contains("none") ? "none" : names.get(0);
        return root.choice("baseline", fallback, names);
    }

    private static Spec.Claim claim(SpecNode c, List<Arm> arms) {
        String text = c.required("text").string();
        Set<String> optimizers = new HashSet<>();
        arms.forEach(a -> optimizers.add(a.optimizer()));
        List<String> order = new ArrayList<>();
        for (SpecNode o : c.required("order").list()) {
            String opt = o.string();
            if (!optimizers.contains(opt)) {
                throw o.error("'" + opt + "' is not an optimizer of any arm; allowed: " + String.join(", ", optimizers));
            }
            order.add(opt);
        }
        String metric = c.choice("metric", "testLoss", CLAIM_METRICS);
        c.rejectUnknownKeys();
        return new Spec.Claim(text, order, metric);
    }
}
