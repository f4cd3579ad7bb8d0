package dev.optimlab.run;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * The trials directory of one experiment ({@code results/NAME/trials/}). Each finished trial is
 * one JSON file written to a temporary file and atomically renamed into place, so a killed run
 * leaves either the whole file or none; a trial whose file exists is done and is not run again.
 */
public final class TrialStore {

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

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

    /** The stored result of {@code trial}, if it finished in an earlier run. */
    public Optional<TrialResult> load(Trial trial) {
        Path f = file(trial);
        if (!Files.isRegularFile(f)) {
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.readValue(f.toFile(), TrialResult.class));
        } catch (IOException e) {
            throw new IllegalStateException(f + ": unreadable trial result (" + e.getMessage()
                    + "); delete it to run the trial again", e);
        }
    }

    public void save(Trial trial, TrialResult result) {
        Path target = file(trial);
        try {
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, "." + trial.id(), ".tmp");
            try {
                JSON.writeValue(tmp.toFile(), result);
                try {
                    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new IllegalStateException(target + ": cannot write trial result: " + e.getMessage(), e);
        }
    }

    /** Removes leftovers of killed runs (temporary files); finished trials are kept. */
    public void removeTemporaryFiles() throws IOException {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (var files = Files.list(dir)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                if (p.getFileName().toString().endsWith(".tmp")) {
                    Files.delete(p);
                }
            }
        }
    }
}
