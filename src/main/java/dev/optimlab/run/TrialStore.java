package dev.optimlab.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import dev.optimlab.report.AtomicFiles;

/**
 * The trials directory of one experiment ({@code results/NAME/trials/}). Each finished trial is
 * one JSON file written to a temporary file and atomically renamed into place, so a killed run
 * leaves either the whole file or none. A stored trial is reused only when it is the same trial
 * ({@link TrialIdentity}): {@link #inspect} sorts the plan into reusable, stale and missing
 * trials before anything trains.
 */
public final class TrialStore {

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** A stored trial whose fingerprint differs from the plan's (or that has none), with what differs. */
    public record Stale(Trial trial, Path file, List<String> differences) {
    }

    /** The plan sorted against the store. */
    public record Inspection(List<TrialResult> reusable, List<Stale> stale, List<Trial> missing) {
    }

    /** The difference listed for a trial written before trials recorded a fingerprint. */
    public static final String NO_FINGERPRINT = "no fingerprint (written before trials recorded one)";

    /**
     * The fields of a trial file that describe the run rather than the trial (they differ between
     * two runs of the same trial on any engine, and are not part of its fingerprint).
     */
    public static final List<String> RUN_FIELDS = List.of("wallTimeSeconds", "peakHeapBytes", "peakOffHeapBytes");

    private final Path dir;

    public TrialStore(Path dir) {
        this.dir = dir;
    }

    public Path dir() {
        return dir;
    }

    public Path file(Trial trial) {
        return dir.resolve(trial.id() + ".json");
    }

    /**
     * The stored result of {@code trial}, if it finished in an earlier run. A file that cannot be
     * read, lacks the fields every trial has, or holds another arm or seed is a
     * {@link RunException} naming the file and the fix (never a stack trace).
     */
    public Optional<TrialResult> load(Trial trial) {
        Path f = file(trial);
        if (!Files.isRegularFile(f)) {
            return Optional.empty();
        }
        String fix = "; delete the file (or run with --fresh) to train this trial again";
        TrialResult r;
        try {
            r = JSON.readValue(f.toFile(), TrialResult.class);
        } catch (IOException e) {
            throw new RunException(f + ": unreadable trial result (" + e.getMessage().lines().findFirst().orElse("") + ")" + fix);
        }
        if (r == null || r.status() == null || r.epochs() == null || r.arm() == null || r.metricName() == null
                || r.iterationLoss() == null || !List.of("ok", "diverged").contains(r.status())) {
            throw new RunException(f + ": not a complete trial result (needs arm, seed, status ok|diverged, metricName, "
                    + "epochs, iterationLoss)" + fix);
        }
        if (!r.arm().equals(trial.arm().name()) || r.seed() != trial.seed()) {
            throw new RunException(f + ": holds arm '" + r.arm() + "' seed " + r.seed() + ", but this file belongs to arm '"
                    + trial.arm().name() + "' seed " + trial.seed() + fix);
        }
        return Optional.of(r);
    }

    /** Sorts every planned trial: stored and identical, stored but stale, or not stored. Reads only. */
    public Inspection inspect(List<Trial> plan) {
        List<TrialResult> reusable = new ArrayList<>();
        List<Stale> stale = new ArrayList<>();
        List<Trial> missing = new ArrayList<>();
        for (Trial t : plan) {
            Optional<TrialResult> stored = load(t);
            if (stored.isEmpty()) {
                missing.add(t);
            } else if (t.fingerprint().equals(stored.get().fingerprint())) {
                reusable.add(stored.get());
            } else {
                TrialResult s = stored.get();
                stale.add(new Stale(t, file(t), s.fingerprintInputs() == null
                        ? List.of(NO_FINGERPRINT)
                        : TrialIdentity.differences(s.fingerprintInputs(), t.fingerprintInputs())));
            }
        }
        return new Inspection(reusable, stale, missing);
    }

    public void save(Trial trial, TrialResult result) {
        TrialResult.Epoch last = result.last();
        if (!result.diverged() && (last == null || last.trainLoss() == null || last.validationLoss() == null
                || last.testLoss() == null)) {
            // Every split is checked for rows before training; a null loss here is a bug, and an "ok"
            // trial without losses would break every later report.
            throw new IllegalStateException(trial.id() + ": refusing to store a trial with a null loss as ok");
        }
        Path target = file(trial);
        try {
            AtomicFiles.write(target, out -> JSON.writeValue(out, result));
        } catch (IOException e) {
            throw new RunException(target + ": cannot write trial result: " + e.getMessage());
        }
    }

    /** A result as the text of its trial file (an engine that trains elsewhere sends it back as this). */
    public static String toJson(TrialResult result) {
        try {
            return JSON.writeValueAsString(result);
        } catch (IOException e) {
            throw new IllegalStateException("cannot serialize trial " + result.trial(), e);
        }
    }

    /** The result of {@link #toJson}; the same numbers, bit for bit (Jackson writes the shortest exact decimal). */
    public static TrialResult fromJson(String json) {
        try {
            return JSON.readValue(json, TrialResult.class);
        } catch (IOException e) {
            throw new IllegalStateException("unreadable trial result from an engine: " + e.getMessage(), e);
        }
    }

    /** The stored trial files, sorted by name (none when the directory does not exist). */
    public List<Path> files() throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (var s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().toList();
        }
    }

    /** Deletes the stored file of each given trial (stale trials about to be trained again). */
    public void delete(List<Trial> trials) throws IOException {
        for (Trial t : trials) {
            Files.deleteIfExists(file(t));
        }
    }

    /** Deletes every stored trial ({@code --fresh}), also those of arms no longer in the spec. */
    public void deleteAll() throws IOException {
        deleteFilesEndingWith(".json");
    }

    /** Removes leftovers of killed runs (temporary files); finished trials are kept. */
    public void removeTemporaryFiles() throws IOException {
        deleteFilesEndingWith(".tmp");
    }

    private void deleteFilesEndingWith(String suffix) throws IOException {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (var files = Files.list(dir)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                if (p.getFileName().toString().endsWith(suffix)) {
                    Files.delete(p);
                }
            }
        }
    }
}
