package dev.optimlab.experiment;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;

import dev.optimlab.run.TrialEngine;
import dev.optimlab.run.TrialExecutor;
import dev.optimlab.run.UnitEngine;

/**
 * A validated spec ready to run: each experiment kind ({@code comparison}, {@code trajectories},
 * ...) parses its spec into one of these, and the command line only calls {@link #check} and
 * {@link #run}.
 */
public interface Experiment {

    /**
     * Where things live and how the run was asked for.
     *
     * @param retrainStale train again the stored trials whose fingerprint differs from the plan's
     * @param allowDirty accept trials from code with uncommitted changes (the report says so at the top)
     * @param workers how many independent units (trials, folds, fits) run at once ({@code --workers})
     * @param engine where the units are computed ({@code --spark}); null: on this machine's {@code workers}
     */
    record Settings(Path resultsRoot, Path dataRoot, boolean fresh, boolean retrainStale, boolean allowDirty,
                    String command, PrintStream log, int workers, TrialEngine engine) {

        /** Trials train on this machine's workers. */
        public Settings(Path resultsRoot, Path dataRoot, boolean fresh, boolean retrainStale, boolean allowDirty,
                        String command, PrintStream log, int workers) {
            this(resultsRoot, dataRoot, fresh, retrainStale, allowDirty, command, log, workers, null);
        }

        /** One unit at a time. */
        public Settings(Path resultsRoot, Path dataRoot, boolean fresh, boolean retrainStale, boolean allowDirty,
                        String command, PrintStream log) {
            this(resultsRoot, dataRoot, fresh, retrainStale, allowDirty, command, log, 1);
        }

        /** Programmatic runs (tests): no stale retraining, uncommitted code allowed (a work tree under test is dirty). */
        public Settings(Path resultsRoot, Path dataRoot, boolean fresh, String command, PrintStream log) {
            this(resultsRoot, dataRoot, fresh, false, true, command, log);
        }

        /** The same settings with {@code n} workers. */
        public Settings withWorkers(int n) {
            return new Settings(resultsRoot, dataRoot, fresh, retrainStale, allowDirty, command, log, n, engine);
        }

        /** The same settings with trials trained on {@code e}. */
        public Settings withEngine(TrialEngine e) {
            return new Settings(resultsRoot, dataRoot, fresh, retrainStale, allowDirty, command, log, workers, e);
        }

        /** The engine of this run's independent units (trials, folds, fits): the one given, else this machine's workers. */
        public UnitEngine executor() {
            return engine != null ? engine : new TrialExecutor(workers);
        }
    }

    /** The spec's name; results go to {@code results/NAME/}. */
    String name();

    /** One line for {@code validate}: what would run. */
    String describe();

    /**
     * Everything that can be checked before a file is touched (stored trials, data, writable
     * results directory); throws on the first problem. The command line calls it before taking
     * the results directory's lock.
     */
    default void check(Settings settings) throws IOException {
    }

    /** Runs (resuming where a kind supports it), writes the report, refreshes the index; returns the report. */
    Path run(Settings settings) throws IOException;

    /**
     * The common frame of a kind's runner: the validated spec it was built from, and the name its
     * results go under.
     */
    abstract class OfSpec<S extends SpecHeader.Named> implements Experiment {

        protected final S spec;

        protected OfSpec(S spec) {
            this.spec = spec;
        }

        public S spec() {
            return spec;
        }

        @Override
        public String name() {
            return spec.name();
        }
    }
}
