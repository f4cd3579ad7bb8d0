package dev.optimlab.bench;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * What a table must name about its run: commit, time, machine and the load average before and
 * after (from {@code /proc/loadavg}: the 1, 5 and 15 minute averages), kept beside the JMH JSON as
 * {@code <name>.run.properties} so that the table can be regenerated from committed files.
 */
public final class RunInfo {

    private final Properties p;

    private RunInfo(Properties p) {
        this.p = p;
    }

    /** Starts a record: commit, start time, machine, load now. */
    public static RunInfo begin(String command) {
        Properties p = new Properties();
        p.setProperty("commit", git("rev-parse", "--short", "HEAD") + (git("status", "--porcelain").isBlank() ? "" : " (with uncommitted changes)"));
        p.setProperty("start", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        p.setProperty("loadBefore", loadAverage());
        p.setProperty("cpu", cpuModel() + ", " + Runtime.getRuntime().availableProcessors() + " CPUs");
        p.setProperty("jvm", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        p.setProperty("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
        p.setProperty("command", command);
        return new RunInfo(p);
    }

    /** Ends the record: end time and load now. */
    public RunInfo end() {
        p.setProperty("end", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        p.setProperty("loadAfter", loadAverage());
        return this;
    }

    public String get(String key) {
        return p.getProperty(key, "?");
    }

    public void set(String key, String value) {
        p.setProperty(key, value);
    }

    public void write(Path file) throws IOException {
        try (Writer w = Files.newBufferedWriter(file)) {
            p.store(w, "benchmark run; see the table beside this file");
        }
    }

    public static RunInfo read(Path file) throws IOException {
        Properties p = new Properties();
        if (Files.exists(file)) {
            try (Reader r = Files.newBufferedReader(file)) {
                p.load(r);
            }
        }
        return new RunInfo(p);
    }

    /** The markdown lines naming the run, with a warning first when the machine was busy. */
    public String describe() {
        return busyWarning() + "Run: commit " + get("commit") + ", " + get("start") + " to " + get("end") + ".\n"
                + "Load average (1/5/15 min) before: " + get("loadBefore") + "; after: " + get("loadAfter") + ".\n"
                + "Machine: " + get("cpu") + "; " + get("os") + "; " + get("jvm") + ".\n"
                + "JMH: " + get("jmh") + ".\n\n"
                + "Reproduce: `" + get("command") + "`\n";
    }

    /**
     * A bold warning when a 1-minute load average exceeded the number of CPUs: other processes
     * then took turns with the benchmark, and its times are inflated and noisy.
     */
    private String busyWarning() {
        try {
            double before = Double.parseDouble(get("loadBefore").split(" ")[0]);
            double after = Double.parseDouble(get("loadAfter").split(" ")[0]);
            int cpus = Runtime.getRuntime().availableProcessors();
            return Math.max(before, after) <= cpus ? "" : String.format("**Taken on a busy machine (1-minute load average "
                    + "%.1f before, %.1f after, on %d CPUs): times are inflated and noisy; not a clean run.**%n%n", before, after, cpus);
        } catch (RuntimeException e) {
            return "";
        }
    }

    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " / " + f[1] + " / " + f[2];
        } catch (IOException | RuntimeException e) {
            return String.format("%.2f (1 min)", java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        }
    }

    private static String cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst().orElse(System.getProperty("os.arch"));
        } catch (IOException e) {
            return System.getProperty("os.arch");
        }
    }

    private static String git(String... args) {
        try {
            String[] cmd = new String[args.length + 1];
            cmd[0] = "git";
            System.arraycopy(args, 0, cmd, 1, args.length);
            Process proc = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(proc.getInputStream().readAllBytes()).trim();
            return proc.waitFor(10, TimeUnit.SECONDS) && proc.exitValue() == 0 ? out : "unknown";
        } catch (IOException e) {
            return "unknown";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }
}
