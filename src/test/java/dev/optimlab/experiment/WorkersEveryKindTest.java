package dev.optimlab.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every kind whose independent units run on {@code --workers} writes the same tables with two
 * workers as with one (the shared serial quick run): every CSV file, cell for cell, except the
 * columns that time the run.
 */
class WorkersEveryKindTest {

    /** Columns that measure the run rather than its results. */
    private static final List<String> TIME_COLUMNS = List.of("seconds");

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"bias-variance", "batch-size-sharpness", "cross-validation", "ensembles", "loss-robustness",
        "trajectories"})
    void twoWorkersWriteTheSameTablesAsOne(String name) throws Exception {
        Path serial = QuickRuns.report(name).getParent();
        Experiment e = SpecParser.parseAny(Path.of("experiments", name + ".yaml"), true);
        Path parallel = e.run(new Experiment.Settings(dir, Path.of("data"), true, "test --quick",
                new PrintStream(OutputStream.nullOutputStream())).withWorkers(2)).getParent();
        List<Path> tables = csvFiles(serial);
        assertFalse(tables.isEmpty(), name + " writes tables");
        assertEquals(tables, csvFiles(parallel), "the same tables");
        for (Path t : tables) {
            assertEquals(withoutTimes(serial.resolve(t)), withoutTimes(parallel.resolve(t)), name + "/" + t);
        }
    }

    /** The CSV files under {@code dir}, relative to it, sorted. */
    private static List<Path> csvFiles(Path dir) throws Exception {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(p -> p.toString().endsWith(".csv")).map(dir::relativize).sorted().toList();
        }
    }

    /** The table's lines without its timing columns (the files have no quoted commas). */
    private static List<String> withoutTimes(Path csv) throws Exception {
        List<String> lines = Files.readAllLines(csv);
        List<String> header = List.of(lines.get(0).split(",", -1));
        List<String> out = new ArrayList<>();
        for (String line : lines) {
            String[] cells = line.split(",", -1);
            List<String> kept = new ArrayList<>();
            for (int i = 0; i < cells.length; i++) {
                if (i >= header.size() || !TIME_COLUMNS.contains(header.get(i))) {
                    kept.add(cells[i]);
                }
            }
            out.add(String.join(",", kept));
        }
        return out;
    }
}
