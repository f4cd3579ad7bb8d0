package dev.optimlab.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A write that fails half-way leaves the old file whole and no leftovers. */
class AtomicFilesTest {

    @TempDir
    Path dir;

    @Test
    void failedWriteKeepsTheOldFile() throws Exception {
        Path report = dir.resolve("REPORT.md");
        AtomicFiles.write(report, List.of("# old", "kept"));
        assertEquals("# old\nkept\n", Files.readString(report));
        assertThrows(IOException.class, () -> AtomicFiles.write(report, out -> {
            out.write("# new, half wr".getBytes());
            throw new IOException("killed mid-write");
        }));
        assertEquals("# old\nkept\n", Files.readString(report));
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(List.of(report), s.toList(), "no temporary file is left");
        }
        AtomicFiles.write(report, "# new\n".getBytes());
        assertEquals("# new\n", Files.readString(report));
    }
}
