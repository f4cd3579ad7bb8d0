package dev.optimlab.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * An engine that computes a run's units outside this process (the optional Spark module, found
 * through {@link Provider}); it serves one run, whose {@link Job} it was opened with. It rebuilds
 * the run from the job where it computes, so the results it hands back are those a local run
 * computes, and the caller stores them as a local run does (see {@link UnitEngine}).
 */
public interface TrialEngine extends UnitEngine, AutoCloseable {

    @Override
    default void close() {
    }

    /**
     * What a remote engine needs to rebuild the run where it computes: the spec's text (and file
     * name), whether its quick variant runs, the data directory (when it does not exist there, the
     * data shipped on the classpath are used, their checksums verified as always), and the run's
     * results as they were when it started (the stored trials' files by path under the experiment's
     * directory) with the flags that decide which of them are kept, so the rebuilt run plans the same
     * units as this one.
     */
    record Job(String specFileName, String specText, boolean quick, String dataRoot, boolean fresh,
               boolean retrainStale, Map<String, String> stored) implements java.io.Serializable {

        /** This job with the stored files of {@code experimentDir} (its {@code .json} files) as they are now. */
        public Job withResults(Path experimentDir, boolean fresh, boolean retrainStale) {
            Map<String, String> files = new TreeMap<>();
            if (Files.isDirectory(experimentDir)) {
                try (Stream<Path> all = Files.walk(experimentDir)) {
                    for (Path f : (Iterable<Path>) all.filter(p -> p.toString().endsWith(".json"))::iterator) {
                        files.put(experimentDir.relativize(f).toString().replace('\\', '/'), Files.readString(f));
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(experimentDir + ": cannot read the stored results: " + e.getMessage(), e);
                }
            }
            return new Job(specFileName, specText, quick, dataRoot, fresh, retrainStale, files);
        }
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

    /** The job of a spec file, before anything is stored. */
    static Job job(Path spec, boolean quick, Path dataRoot) {
        try {
            return new Job(spec.getFileName().toString(), Files.readString(spec), quick,
                    dataRoot.toAbsolutePath().normalize().toString(), false, false, Map.of());
        } catch (IOException e) {
            throw new RunException(spec + ": cannot read the spec: " + e.getMessage());
        }
    }
}
