package dev.optimlab.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import dev.optimlab.data.DataException;
import dev.optimlab.experiment.Experiment;
import dev.optimlab.experiment.SpecException;
import dev.optimlab.experiment.SpecParser;
import dev.optimlab.optim.Optimizers;

/**
 * The command line: {@code run}, {@code validate}, {@code list}. Bad input (spec, data) exits
 * with code 2 and one clear message; nothing is written before the spec has been validated.
 */
@Command(name = "optimlab", mixinStandardHelpOptions = true, version = "optimlab 0.1",
        description = "Verified optimizers for DL4J and reproducible comparisons.",
        subcommands = {Main.Run.class, Main.Validate.class, Main.ListNames.class})
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

    static Path home() {
        String h = System.getenv("OPTIMLAB_HOME");
        return Path.of(h == null ? "." : h);
    }

    @Command(name = "run", description = "Run an experiment spec (resumes: finished trials are kept) and write its report.")
    static final class Run implements Callable<Integer> {
        @Parameters(paramLabel = "SPEC", description = "experiments/NAME.yaml")
        Path spec;

        @Option(names = "--quick", description = "Apply the spec's 'quick' overrides (tiny sizes).")
        boolean quick;

        @Option(names = "--fresh", description = "Delete this experiment's stored trials first and train them all again.")
        boolean fresh;

        @Option(names = "--results", description = "Results directory (default: results/ of the project).")
        Path results;

        @Option(names = "--data", description = "Data directory (default: data/ of the project).")
        Path data;

        @CommandLine.ParentCommand
        Main parent;

        @Override
        public Integer call() throws Exception {
            Experiment experiment = SpecParser.parseAny(spec, quick);
            StringBuilder cmd = new StringBuilder("./optimlab run ").append(spec.toString().replace('\\', '/'));
            if (quick) {
                cmd.append(" --quick");
            }
            if (fresh) {
                cmd.append(" --fresh");
            }
            Path resultsRoot = results != null ? results : home().resolve("results");
            Path dataRoot = data != null ? data : home().resolve("data");
            System.out.println("Running " + experiment.name() + ": " + experiment.describe());
            Path report = experiment.run(new Experiment.Settings(resultsRoot, dataRoot, fresh, cmd.toString(), System.out));
            System.out.println("Report: " + report);
            return 0;
        }
    }

    @Command(name = "validate", description = "Check specs without running anything.")
    static final class Validate implements Callable<Integer> {
        @Parameters(paramLabel = "SPEC", arity = "1..*")
        java.util.List<Path> specs;

        @Override
        public Integer call() {
            for (Path p : specs) {
                SpecParser.parseAny(p, true);
                System.out.println(p + ": ok (" + SpecParser.parseAny(p, false).describe() + ")");
            }
            return 0;
        }
    }

    @Command(name = "list", description = "List optimizers with their hyperparameters and defaults.")
    static final class ListNames implements Callable<Integer> {
        @Override
        public Integer call() {
            for (String name : Optimizers.names()) {
                System.out.printf("%-10s %-14s %s%n", name, Optimizers.hasBuiltin(name) ? "(DL4J twin)" : "(no DL4J twin)",
                        Optimizers.defaults(name));
            }
            return 0;
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
        CommandLine cl = new CommandLine(new Main());
        cl.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof SpecException || e instanceof DataException) {
                System.err.println("error: " + e.getMessage());
                return BAD_INPUT;
            }
            throw e;
        });
        return cl.execute(args);
    }
}
