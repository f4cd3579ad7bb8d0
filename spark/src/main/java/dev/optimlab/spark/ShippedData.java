package dev.optimlab.spark;

import java.io.IOException;
import java.io.InputStream;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Enumeration;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * The data directory on an executor: the driver's when this machine has it (local mode, a shared
 * file system), else the copy shipped in the job's jar under {@code optimlab-data/} (the shaded
 * jar's profile puts data/ there), unpacked once per executor JVM. Either way the data loaders
 * verify every file against {@code checksums.sha256}, so a damaged or different copy fails the
 * task instead of training on it.
 */
final class ShippedData {

    static final String PREFIX = "optimlab-data/";

    private static Path unpacked;

    private ShippedData() {
    }

    static synchronized Path root(Path driverRoot) throws IOException {
        if (Files.isRegularFile(driverRoot.resolve("checksums.sha256"))) {
            return driverRoot;
        }
        if (unpacked == null) {
            unpacked = unpack();
        }
        return unpacked;
    }

    private static Path unpack() throws IOException {
        URL url = ShippedData.class.getClassLoader().getResource(PREFIX + "checksums.sha256");
        if (url == null) {
            throw new IOException("no data directory here and none shipped on the classpath (" + PREFIX
                    + "); build the jar with -Pspark-submit or give the executors the data directory");
        }
        Path target = Files.createTempDirectory("optimlab-data");
        if (url.getProtocol().equals("jar")) {
            try (JarFile jar = ((JarURLConnection) url.openConnection()).getJarFile()) {
                Enumeration<JarEntry> entries = jar.entries();
                while (entries.hasMoreElements()) {
                    JarEntry e = entries.nextElement();
                    if (e.getName().startsWith(PREFIX) && !e.isDirectory()) {
                        try (InputStream in = jar.getInputStream(e)) {
                            copy(in, target.resolve(e.getName().substring(PREFIX.length())));
                        }
                    }
                }
            }
            return target;
        }
        try {
            Path source = Path.of(url.toURI()).getParent();
            try (Stream<Path> files = Files.walk(source)) {
                for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                    try (InputStream in = Files.newInputStream(f)) {
                        copy(in, target.resolve(source.relativize(f).toString()));
                    }
                }
            }
        } catch (URISyntaxException e) {
            throw new IOException(url + ": " + e.getMessage(), e);
        }
        return target;
    }

    private static void copy(InputStream in, Path to) throws IOException {
        Files.createDirectories(to.getParent());
        Files.copy(in, to, StandardCopyOption.REPLACE_EXISTING);
    }
}
