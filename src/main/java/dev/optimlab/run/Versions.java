package dev.optimlab.run;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/** What ran the numbers: versions of Java, DL4J and OptimLab, the OS and the CPU. */
public final class Versions {

    private static final Map<String, String> CURRENT = collect();

    private Versions() {
    }

    public static Map<String, String> current() {
        return CURRENT;
    }

    private static Map<String, String> collect() {
        Properties build = new Properties();
        try (InputStream in = Versions.class.getResourceAsStream("/optimlab.properties")) {
            if (in != null) {
                build.load(in);
            }
        } catch (IOException e) {
            // leave the build versions out rather than fail a run over them
        }
        Map<String, String> v = new LinkedHashMap<>();
        v.put("optimlab", build.getProperty("optimlab.version", "unknown"));
        v.put("dl4j", build.getProperty("dl4j.version", "unknown"));
        v.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
        v.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"));
        v.put("cpu", cpuModel() + ", " + Runtime.getRuntime().availableProcessors() + " cores");
        String omp = System.getenv("OMP_NUM_THREADS");
        v.put("OMP_NUM_THREADS", omp == null ? "unset" : omp);
        return v;
    }

    private static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).strip();
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: fall through
        }
        return System.getProperty("os.arch");
    }
}
