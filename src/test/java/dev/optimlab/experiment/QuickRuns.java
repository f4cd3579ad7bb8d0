package dev.optimlab.experiment;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The one run of each committed spec's quick variant per build, shared by every test that checks
 * its outputs (CI time then grows by one quick run per spec, not two or three). Runs go to {@code
 * target/quick-runs}, emptied on first use; determinism tests compare a second run of their own
 * against this one.
 *
 * <p>The suite's tests run in two surefire forks (two JVMs), and a spec's checks may land in
 * either: the forks of one build (the same {@value #BUILD_PROPERTY}, set by the pom once per
 * {@code mvn} call) share the runs through the file system. A file lock makes one fork run a spec
 * while the other waits, and keeps the runs one at a time, so that each rewrite of the results
 * index (a scan of the folder) sees every finished report. Without the property (a test started
 * from an IDE) the runs are shared within the JVM only, as before.
 */
public final class QuickRuns {

    public static final Path ROOT = Path.of("target", "quick-runs");
    static final String BUILD_PROPERTY = "optimlab.quickRuns.build";
    /** Bookkeeping next to ROOT, not in it (the results index scans ROOT): the build id, one file per finished spec. */
    private static final Path STATE = Path.of("target", "quick-runs.state");
    private static final Path LOCK = Path.of("target", "quick-runs.lock");
    private static final Map<String, Path> REPORTS = new HashMap<>();

    private QuickRuns() {
    }

    /** The report of {@code experiments/NAME.yaml} run in its quick variant, running it on first call in this build. */
    public static synchronized Path report(String name) throws IOException {
        Path report = REPORTS.get(name);
        if (report == null) {
            Files.createDirectories(LOCK.getParent());
            try (FileChannel channel = FileChannel.open(LOCK, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                    FileLock lock = channel.lock()) {
                report = sharedRun(name);
            }
            REPORTS.put(name, report);
        }
        return report;
    }

    /** Under the lock: this build's run of the spec, made now if no fork made it yet. */
    private static Path sharedRun(String name) throws IOException {
        cleanIfAnotherBuild();
        Path done = STATE.resolve(name);
        if (Files.exists(done)) {
            return Path.of(Files.readString(done));
        }
        Experiment e = SpecParser.parseAny(Path.of("experiments", name + ".yaml"), true);
        Path report = e.run(new Experiment.Settings(ROOT, Path.of("data"), true, "test --quick",
                new PrintStream(OutputStream.nullOutputStream())));
        Files.writeString(done, report.toString());
        return report;
    }

    /** Empties ROOT and the bookkeeping when they were left by another build (or, without the property, another JVM). */
    private static void cleanIfAnotherBuild() throws IOException {
        Path marker = STATE.resolve(".build");
        String build = buildId();
        if (Files.exists(marker) && Files.readString(marker).equals(build)) {
            return;
        }
        for (Path dir : new Path[] {ROOT, STATE}) {
            if (Files.exists(dir)) {
                try (Stream<Path> s = Files.walk(dir)) {
                    for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                        Files.delete(p);
                    }
                }
            }
        }
        Files.createDirectories(STATE);
        Files.writeString(marker, build);
    }

    private static String buildId() {
        String build = System.getProperty(BUILD_PROPERTY, "");
        if (!build.isBlank()) {
            return "build " + build;
        }
        ProcessHandle self = ProcessHandle.current();
        return "jvm " + self.pid() + " " + self.info().startInstant().map(Object::toString).orElse("");
    }
}
