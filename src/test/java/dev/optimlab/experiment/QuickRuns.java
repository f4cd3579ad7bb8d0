package dev.optimlab.experiment;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The one run of each committed spec's quick variant per test JVM, shared by every test that
 * checks its outputs (CI time then grows by one quick run per spec, not two or three). Runs go
 * to {@code target/quick-runs}, emptied on first use; determinism tests compare a second run of
 * their own against this one.
 */
public final class QuickRuns {

    public static final Path ROOT = Path.of("target", "quick-runs");
    private static final Map<String, Path> REPORTS = new HashMap<>();
    private static boolean cleaned;

    private QuickRuns() {
    }

    /** The report of {@code experiments/NAME.yaml} run in its quick variant, running it on first call. */
    public static synchronized Path report(String name) throws IOException {
        Path report = REPORTS.get(name);
        if (report == null) {
            clean();
            Experiment e = SpecParser.parseAny(Path.of("experiments", name + ".yaml"), true);
            report = e.run(new Experiment.Settings(ROOT, Path.of("data"), true, "test --quick",
                    new PrintStream(OutputStream.nullOutputStream())));
            REPORTS.put(name, report);
        }
        return report;
    }

    private static void clean() throws IOException {
        if (cleaned) {
            return;
        }
        cleaned = true;
        if (Files.exists(ROOT)) {
            try (Stream<Path> s = Files.walk(ROOT)) {
                for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }
}
