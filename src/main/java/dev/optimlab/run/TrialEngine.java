package dev.optimlab.run;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;

/**
 * Where a run's missing trials are trained: on this machine's worker threads ({@link #local}), or
 * elsewhere (the optional Spark module, found through {@link Provider}). Whatever the engine, the
 * results come back to the caller, which stores them: the listener's {@code finished} is called on
 * the caller's thread, one trial at a time, as trials finish, so a run writes the same files and
 * resumes the same way on any engine.
 */
public interface TrialEngine extends AutoCloseable {

    /**
     * Trains every trial and returns the results in the order of {@code trials}.
     *
     * @param local how this process trains a trial (engines that train elsewhere rebuild it there)
     */
    List<TrialResult> train(List<Trial> trials, Function<Trial, TrialResult> local,
                            TrialExecutor.Listener<Trial, TrialResult> listener);

    /** How many trials run at once (for the progress's estimate of the time left). */
    int slots();

    @Override
    default void close() {
    }

    /** The engine of {@code --workers N}: {@link TrialExecutor}'s threads in this process. */
    static TrialEngine local(int workers) {
        TrialExecutor executor = new TrialExecutor(workers);
        return new TrialEngine() {
            @Override
            public List<TrialResult> train(List<Trial> trials, Function<Trial, TrialResult> local,
                                           TrialExecutor.Listener<Trial, TrialResult> listener) {
                return executor.map(trials, trial -> TrialRuns.measured(local, trial), listener);
            }

            @Override
            public int slots() {
                return executor.workers();
            }
        };
    }

    /**
     * What a remote engine needs to rebuild a trial where it runs: the spec's text (and file name),
     * whether its quick variant runs, and the data directory (when it does not exist there, the
     * data shipped on the classpath are used, their checksums verified as always).
     */
    record Job(String specFileName, String specText, boolean quick, String dataRoot) implements java.io.Serializable {
    }

    /** Opens an engine for {@code --spark MASTER} (registered by the Spark module as a service). */
    interface Provider {
        TrialEngine open(String master, Job job);
    }

    /** The installed provider, or a {@link RunException} saying how to get one. */
    static Provider provider() {
        return java.util.ServiceLoader.load(Provider.class).findFirst().orElseThrow(() -> new RunException(
                "--spark: the Spark engine is not on the classpath; run through ./optimlab (it builds the spark module "
                        + "on first use) or spark-submit the shaded jar (README, \"Run on a cluster\")"));
    }

    /** The job of a spec file. */
    static Job job(Path spec, boolean quick, Path dataRoot) {
        try {
            return new Job(spec.getFileName().toString(), java.nio.file.Files.readString(spec), quick,
                    dataRoot.toAbsolutePath().normalize().toString());
        } catch (java.io.IOException e) {
            throw new RunException(spec + ": cannot read the spec: " + e.getMessage());
        }
    }
}
