package dev.optimlab.run;

import java.nio.file.Files;
import java.nio.file.Path;

/** Checks on a results directory made before anything is written into it. */
public final class ResultsDirs {

    private ResultsDirs() {
    }

    /**
     * Fails unless {@code dir} can be written: the directory itself if it exists (and its
     * {@code trials/}), otherwise the nearest existing parent, where it would be created. Found
     * before training, not after the first trial.
     */
    public static void checkWritable(Path dir) {
        Path abs = dir.toAbsolutePath();
        for (Path p : new Path[] {abs.resolve("trials"), abs}) {
            if (Files.exists(p) && !(Files.isDirectory(p) && Files.isWritable(p))) {
                throw new RunException(p + ": not a writable directory; fix its permissions or choose another --results");
            }
        }
        Path existing = abs;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null || !Files.isDirectory(existing) || !Files.isWritable(existing)) {
            throw new RunException(abs + ": cannot be created (" + existing + " is not a writable directory); "
                    + "fix its permissions or choose another --results");
        }
    }
}
