package dev.optimlab.experiment.benchmark;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.optimlab.experiment.SpecHeader;
import dev.optimlab.experiment.SpecNode;
import dev.optimlab.experiment.comparison.ComparisonParser;
import dev.optimlab.optim.Optimizers;
import dev.optimlab.optim.Variant;
import dev.optimlab.run.Arm;
import dev.optimlab.run.Trial;

/**
 * A validated {@code kind: benchmark} spec: problems by id ({@link BenchmarkProblems}), arms each
 * tuned over its search space at {@code tuningSeed} then re-run at the chosen point over
 * {@code seeds}, the {@code baseline} arm of the paired comparisons, and where the targets come
 * from ({@code committed}: the problem definitions; {@code baselines}: computed from this run's
 * {@code targetArms}, the AlgoPerf rule). Optionally {@code alsoAgainst: {baseline: B, arms: [...]}}
 * names a second family of paired comparisons, those arms against arm B (e.g. the frontier
 * optimizers against tuned AdamW), Holm-adjusted on its own.
 *
 * @param alsoAgainst the second family's baseline and arms; null when the spec has none
 */
public record BenchmarkSpec(String name, String title, String description, List<BenchmarkProblem> problems,
                            List<TunedArm> arms, long tuningSeed, List<Long> seeds, String baseline, String targets,
                            List<String> targetArms, Family alsoAgainst, String source, String text)
        implements SpecHeader.Named {

    /** A family of paired comparisons: {@code arms} each against {@code baseline}. */
    public record Family(String baseline, List<String> arms) {
    }

    public static final List<String> TARGETS = List.of("committed", "baselines");
    public static final List<String> SIZES = List.of("full", "quick");

    /**
     * An arm with its search space: {@code fixed} hyperparameters hold at every grid point.
     */
    public record TunedArm(String name, String optimizer, String impl, Map<String, Double> fixed, SearchSpace search) {

        /** The arm trained at one grid point, named {@code problem/arm/point} (the trial file's name). */
        public Arm at(String problem, Map<String, Double> point) {
            Map<String, Double> hp = new LinkedHashMap<>(fixed);
            hp.putAll(point);
            return new Arm(problem + "/" + name + "/" + SearchSpace.label(point), optimizer, impl, Variant.PAPER, hp);
        }
    }

    public TunedArm arm(String armName) {
        return arms.stream().filter(a -> a.name().equals(armName)).findFirst().orElseThrow();
    }

    public static BenchmarkSpec parse(SpecNode root, String file, String text) {
        SpecHeader header = SpecHeader.parse(root, file, text);
        boolean quick = root.choice("sizes", "full", SIZES).equals("quick");
        List<BenchmarkProblem> problems = problems(root.required("problems"), quick);
        SearchSpace defaultSearch = root.has("search") ? SearchSpace.parse(root.get("search")) : null;
        List<TunedArm> arms = arms(root.required("arms"), defaultSearch);
        long tuningSeed = root.required("tuningSeed").integer();
        List<Long> seeds = SpecHeader.seeds(root);
        List<String> names = arms.stream().map(TunedArm::name).toList();
        String baseline = root.choice("baseline", names.contains("adam") ? "adam" : names.get(0), names);
        String targets = root.choice("targets", "committed", TARGETS);
        List<String> targetArms = new ArrayList<>();
        for (SpecNode t : root.has("targetArms") ? root.get("targetArms").list() : List.<SpecNode>of()) {
            if (!names.contains(t.string())) {
                throw t.error("unknown arm '" + t.string() + "'; allowed: " + String.join(", ", names));
            }
            targetArms.add(t.string());
        }
        if (targetArms.isEmpty()) {
            names.stream().filter(n -> List.of("sgd", "momentum", "adam").contains(n)).forEach(targetArms::add);
        }
        if (targets.equals("baselines") && targetArms.isEmpty()) {
            throw root.get("targetArms").error("targets: baselines needs the baseline arms (default: arms named sgd, "
                    + "momentum, adam; none here)");
        }
        if (targets.equals("committed")) {
            for (int i = 0; i < problems.size(); i++) {
                if (!problems.get(i).hasTarget()) {
                    throw root.get("problems").list().get(i).error("problem '" + problems.get(i).id() + "' has no committed "
                            + "target (" + problems.get(i).targetSource() + "); use targets: baselines, or commit one from "
                            + BenchmarkProblems.TARGET_COMMAND);
                }
            }
        }
        Family alsoAgainst = root.has("alsoAgainst") ? family(root.get("alsoAgainst"), names) : null;
        root.rejectUnknownKeys();
        return new BenchmarkSpec(header.name(), header.title(), header.description(), problems, arms, tuningSeed, seeds,
                baseline, targets, targetArms, alsoAgainst, file, text);
    }

    private static Family family(SpecNode node, List<String> names) {
        String base = node.required("baseline").string();
        if (!names.contains(base)) {
            throw node.get("baseline").error("unknown arm '" + base + "'; allowed: " + String.join(", ", names));
        }
        List<String> members = new ArrayList<>();
        for (SpecNode a : node.required("arms").list()) {
            if (!names.contains(a.string()) || a.string().equals(base)) {
                throw a.error("unknown arm '" + a.string() + "' (or the baseline itself); allowed: " + String.join(", ", names));
            }
            members.add(a.string());
        }
        if (members.isEmpty()) {
            throw node.get("arms").error("needs at least one arm");
        }
        node.rejectUnknownKeys();
        return new Family(base, List.copyOf(members));
    }

    private static List<BenchmarkProblem> problems(SpecNode list, boolean quick) {
        List<BenchmarkProblem> out = new ArrayList<>();
        for (SpecNode p : list.list()) {
            String id = p.string();
            if (!BenchmarkProblems.ids().contains(id)) {
                throw p.error("unknown problem '" + id + "'; allowed: " + String.join(", ", BenchmarkProblems.ids()));
            }
            if (out.stream().anyMatch(b -> b.id().equals(id))) {
                throw p.error("duplicate problem '" + id + "'");
            }
            out.add(BenchmarkProblems.get(id, quick));
        }
        if (out.isEmpty()) {
            throw list.error("needs at least one problem");
        }
        return out;
    }

    private static List<TunedArm> arms(SpecNode list, SearchSpace defaultSearch) {
        List<TunedArm> arms = new ArrayList<>();
        Set<String> files = new HashSet<>();
        for (SpecNode a : list.list()) {
            String optimizer = a.choice("optimizer", null, new ArrayList<>(Optimizers.names()));
            String impl = a.choice("impl", "optimlab", ComparisonParser.IMPLS);
            if (impl.equals("dl4j") && !Optimizers.hasBuiltin(optimizer)) {
                throw a.get("impl").error("optimizer '" + optimizer + "' has no DL4J built-in twin; allowed: optimlab");
            }
            String name = a.string("name", impl.equals("dl4j") ? optimizer + "/dl4j" : optimizer);
            if (!name.matches("[A-Za-z0-9][A-Za-z0-9._/+-]*") || !files.add(Trial.fileId(name).toLowerCase(java.util.Locale.ROOT))) {
                throw a.get("name").error("must be unique (also as a file name) and use letters, digits and . _ / + -, got '"
                        + name + "'");
            }
            Map<String, Double> fixed = a.has("hyperparameters") ? a.get("hyperparameters").numbers() : Map.of();
            SearchSpace search = a.has("search") ? SearchSpace.parse(a.get("search")) : defaultSearch;
            if (search == null) {
                throw a.error("needs a search: (or a spec-wide search: default)");
            }
            checkGrid(a, new TunedArm(name, optimizer, impl, fixed, search));
            a.rejectUnknownKeys();
            arms.add(new TunedArm(name, optimizer, impl, fixed, search));
        }
        if (arms.isEmpty()) {
            throw list.error("needs at least one arm");
        }
        return arms;
    }

    /** Every grid point must make a valid optimizer, and two points must never share a name. */
    private static void checkGrid(SpecNode a, TunedArm arm) {
        Set<String> labels = new HashSet<>();
        for (Map<String, Double> point : arm.search().grid()) {
            Arm at = arm.at("p", point);
            try {
                at.toOptimizer();
            } catch (IllegalArgumentException e) {
                throw (a.has("search") ? a.get("search") : a).error(e.getMessage());
            }
            if (!labels.add(SearchSpace.label(point))) {
                throw a.get("search").error("two grid points share the name '" + SearchSpace.label(point)
                        + "' (values closer than 4 significant digits)");
            }
        }
    }
}
