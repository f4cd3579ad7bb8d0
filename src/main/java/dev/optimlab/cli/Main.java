package dev.optimlab.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import dev.optimlab.data.DataException;
import dev.optimlab.optim.Optimizers;
import dev.optimlab.report.GitInfo;
import dev.optimlab.run.ResultsDirs;
import dev.optimlab.run.RunException;
import dev.optimlab.run.RunLock;
import dev.optimlab.experiment.Experiment;
import dev.optimlab.experiment.SpecException;
import dev.optimlab.experiment.SpecParser;
import dev.optimlab.experiment.comparison.Comparison;
import dev.optimlab.experiment.comparison.ResultsCheck;
import dev.optimlab.run.TrialEngine;
import dev.optimlab.run.TrialExecutor;

/**
 * The command line: {@code run}, {@code validate}, {@code list}, {@code check}. Bad input (spec,
 * data, stale or damaged stored trials, a results directory in use) exits with code 2 and one
 * clear message (the stack trace only with {@code --verbose}); nothing is written or deleted
 * before every check has passed.
 */
@Command(name = "optimlab", mixinStandardHelpOptions = true, version = "optimlab 0.1",
        description = "Verified optimizers for DL4J and reproducible comparisons.",
        subcommands = {Main.Run.class, Main.Validate.class, Main.ListNames.class, Main.Check.class})
public final class Main implements Callable<Integer> {

    /** Exit code for invalid input: a bad spec or a bad data file. */
    public static final int BAD_INPUT = 2;

    @Option(names = "--verbose", scope = CommandLine.ScopeType.INHERIT,
            description = "Show library logging (ND4J start-up, DL4J warnings).")
    boolean verbose;

    @Override
    public Integer call() {
        CommandLine.usage(this, System.out);
        return 0;
    }

    /** The project folder: the launcher's OPTIMLAB_HOME (a system property of that name wins, for tests). */
    static Path home() {
        String h = System.getProperty("optimlab.home", System.getenv("OPTIMLAB_HOME"));
        return Path.of(h == null ? "." : h);
    }

    @Command(name = "run", description = "Run an experiment spec (resumes: finished trials of the same fingerprint are kept) "
            + "and write its report.")
    static final class Run implements Callable<Integer> {
        @Parameters(paramLabel = "SPEC", description = "experiments/NAME.yaml")
        Path spec;

        @Option(names = "--quick", description = "Apply the spec's 'quick' overrides (tiny sizes); without --results "
                + "the results go to results-quick/, never to the committed results/.")
        boolean quick;

        @Option(names = "--fresh", description = "Delete this experiment's stored trials (after every check passed) "
                + "and train them all again.")
        boolean fresh;

        @Option(names = "--retrain-stale", description = "Train again only the stored trials whose fingerprint differs "
                + "from the spec's plan (they are listed when a run refuses them).")
        boolean retrainStale;

        @Option(names = "--allow-dirty", description = "Accept trials trained by code with uncommitted changes to src/ "
                + "or pom.xml; the report then says so at its top.")
        boolean allowDirty;

        @Option(names = "--results", description = "Results directory (default: results/ of the project; "
                + "results-quick/ with --quick).")
        Path results;

        @Option(names = "--data", description = "Data directory (default: data/ of the project).")
        Path data;

        @Option(names = "--workers", paramLabel = "N", description = "Independent trials run at once (default: the "
                + "number of cores, at most the number of trials to run); results are the same for any N.")
        Integer workers;

        @Option(names = "--spark", paramLabel = "MASTER", description = "Compute each independent unit (missing trial, "
                + "seed, fold, fit) as an Apache Spark task (local[N], spark://host:7077, yarn, k8s://...); results come "
                + "back here and are written as a local run writes them. Every experiment kind; needs the optional spark "
                + "module (the launcher adds it).")
        String spark;

        @Override
        public Integer call() throws Exception {
            GitInfo.current(); // the code's commit, fixed before anything runs (see GitInfo)
            Experiment experiment = SpecParser.parseAny(spec, quick);
            StringBuilder cmd = new StringBuilder("./optimlab run ").append(spec.toString().replace('\\', '/'));
            for (String flag : new String[] {quick ? "--quick" : null, fresh ? "--fresh" : null,
                retrainStale ? "--retrain-stale" : null, allowDirty ? "--allow-dirty" : null}) {
                if (flag != null) {
                    cmd.append(' ').append(flag);
                }
            }
            Path resultsRoot = results != null ? results : home().resolve(quick ? QUICK_RESULTS : "results");
            if (quick && results == null) {
                System.out.println("Quick run: writing to " + resultsRoot + " (git-ignored), not to the committed results/");
            }
            Path dataRoot = data != null ? data : home().resolve("data");
            if (workers != null && workers < 1) {
                throw new RunException("--workers: " + workers + " is not allowed; give a number of workers of at least 1");
            }
            Experiment.Settings settings = new Experiment.Settings(resultsRoot, dataRoot, fresh, retrainStale, allowDirty,
                    cmd.toString(), System.out, workers != null ? workers : TrialExecutor.defaultWorkers());
            TrialEngine.Provider sparkEngines = spark == null ? null : TrialEngine.provider();
            ResultsDirs.checkWritable(resultsRoot.resolve(experiment.name()));
            experiment.check(settings); // everything that can fail, before the lock (a file) or anything else is written
            System.out.println("Running " + experiment.name() + ": " + experiment.describe());
            try (RunLock lock = RunLock.acquire(resultsRoot.resolve(experiment.name()), cmd.toString());
                 TrialEngine engine = sparkEngines == null ? null
                         : sparkEngines.open(spark, TrialEngine.job(spec, quick, dataRoot)
                                 .withResults(resultsRoot.resolve(experiment.name()), fresh, retrainStale))) {
                Path report = experiment.run(engine == null ? settings : settings.withEngine(engine));
                System.out.println("Report: " + report);
            }
            return 0;
        }
    }

    /** Where {@code --quick} writes without {@code --results}; git-ignored. */
    static final String QUICK_RESULTS = "results-quick";

    @Command(name = "validate", description = "Check specs (and their quick variants) without running anything; "
            + "every file is checked and every bad one reported.")
    static final class Validate implements Callable<Integer> {
        @Parameters(paramLabel = "SPEC", arity = "1..*")
        java.util.List<Path> specs;

        @Override
        public Integer call() {
            int bad = 0;
            for (Path p : specs) {
                try {
                    String what = SpecParser.parseAny(p, false).describe();
                    if (SpecParser.hasQuickBlock(p)) {
                        SpecParser.parseAny(p, true);
                    }
                    System.out.println(p + ": ok (" + what + ")");
                } catch (SpecException e) {
                    System.err.println("error: " + e.getMessage());
                    bad++;
                }
            }
            return bad == 0 ? 0 : BAD_INPUT;
        }
    }

    @Command(name = "check", description = "Compare stored trials with what their comparison specs plan, without running "
            + "anything (exit 1 if any disagree).")
    static final class Check implements Callable<Integer> {
        @Parameters(paramLabel = "SPEC", arity = "0..*", description = "default: every comparison spec in experiments/")
        java.util.List<Path> specs;

        @Option(names = "--results", description = "Results directory (default: results/ of the project).")
        Path results;

        @Option(names = "--data", description = "Data directory (default: data/ of the project).")
        Path data;

        @Override
        public Integer call() throws Exception {
            java.util.List<Path> files = specs;
            if (files == null || files.isEmpty()) {
                try (var s = java.nio.file.Files.list(home().resolve("experiments"))) {
                    files = s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
                }
            }
            Path resultsRoot = results != null ? results : home().resolve("results");
            Path dataRoot = data != null ? data : home().resolve("data");
            int bad = 0;
            for (Path f : files) {
                if (!(SpecParser.parseAny(f, false) instanceof Comparison c)) {
                    continue; // other kinds store no trials: they recompute everything on each run
                }
                java.util.List<String> problems = ResultsCheck.check(c.spec(), resultsRoot, dataRoot);
                System.out.println(f + ": " + (problems.isEmpty() ? "every stored trial agrees with the spec"
                        : problems.size() + " disagreement(s)"));
                problems.forEach(p -> System.out.println("  " + p));
                bad += problems.isEmpty() ? 0 : 1;
            }
            return bad == 0 ? 0 : 1;
        }
    }

    @Command(name = "list", description = "List optimizers and regularizers with their hyperparameters and defaults.")
    static final class ListNames implements Callable<Integer> {
        @Override
        public Integer call() {
            System.out.println("optimizers:");
            for (String name : Optimizers.names()) {
                System.out.printf("  %-20s %-14s %s%n", name, Optimizers.hasBuiltin(name) ? "(DL4J twin)" : "(no DL4J twin)",
                        keys(Optimizers.declared(name)));
            }
            for (dev.optimlab.regularize.Regularizers.Kind kind : dev.optimlab.regularize.Regularizers.Kind.values()) {
                System.out.println("regularizers, " + kind.name().toLowerCase().replace('_', ' ') + ":");
                for (String name : dev.optimlab.regularize.Regularizers.names(kind)) {
                    System.out.printf("  %-20s %s%n", name, keys(dev.optimlab.regularize.Regularizers.declared(kind, name)));
                }
            }
            return 0;
        }

        /** "key=default range, ..." from a declaration. */
        private static String keys(java.util.List<dev.optimlab.optim.Hyperparameter> declared) {
            java.util.List<String> keys = new java.util.ArrayList<>();
            for (dev.optimlab.optim.Hyperparameter h : declared) {
                keys.add(h.key() + "=" + h.defaultValue() + " " + h.range());
            }
            return keys.isEmpty() ? "(no hyperparameters)" : String.join(", ", keys);
        }
    }

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the command line and returns the exit code (tests call this). */
    public static int execute(String... args) {
        for (String a : args) {
            if (a.equals("--verbose")) {
                System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "info");
                System.setProperty("org.slf4j.simpleLogger.log.org.nd4j", "info");
                System.setProperty("org.slf4j.simpleLogger.log.org.deeplearning4j", "info");
            }
        }
        boolean verbose = java.util.Arrays.asList(args).contains("--verbose");
        CommandLine cl = new CommandLine(new Main());
        cl.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof SpecException || e instanceof DataException || e instanceof RunException) {
                System.err.println("error: " + e.getMessage());
                if (verbose) {
                    e.printStackTrace();
                }
                return BAD_INPUT;
            }
            throw e;
        });
        return cl.execute(args);
    }
}
