package dev.optimlab.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Verifies shipped data files against {@code checksums.sha256} in the data directory (the
 * {@code sha256sum} format: {@code <hex>  <relative path>}, values copied from each set's
 * SOURCE.md). A file is verified once per JVM.
 */
public final class Checksums {

    public static final String MANIFEST = "checksums.sha256";

    private final Path root;
    private final Map<String, String> expected = new HashMap<>();
    private final Map<String, Boolean> verified = new HashMap<>();

    public Checksums(Path root) {
        this.root = root;
        Path manifest = root.resolve(MANIFEST);
        if (!Files.isRegularFile(manifest)) {
            throw new DataException(manifest + ": checksum manifest not found; the data directory must hold "
                    + MANIFEST + " (lines '<sha256>  <relative path>')");
        }
        try {
            List<String> lines = Files.readAllLines(manifest);
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i).strip();
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                String[] parts = line.split("\\s+", 2);
                if (parts.length != 2 || parts[0].length() != 64) {
                    throw new DataException(manifest + ":" + (i + 1) + ": expected '<64 hex digits>  <path>', got '" + line + "'");
                }
                expected.put(parts[1].replaceFirst("^\\*", ""), parts[0].toLowerCase());
            }
        } catch (IOException e) {
            throw new DataException(manifest + ": cannot read: " + e.getMessage(), e);
        }
    }

    /** Resolves {@code relative} under the data root, checks it exists and has the listed sha256. */
    public synchronized Path verified(String relative) {
        Path file = root.resolve(relative);
        if (verified.containsKey(relative)) {
            return file;
        }
        String want = expected.get(relative);
        if (want == null) {
            throw new DataException(file + ": not listed in " + root.resolve(MANIFEST) + "; cannot verify it");
        }
        if (!Files.isRegularFile(file)) {
            throw new DataException(file + ": file not found (expected sha256 " + want
                    + "); restore it from the project's data/ directory");
        }
        String got = sha256(file);
        if (!got.equals(want)) {
            throw new DataException(file + ": sha256 mismatch: expected " + want + ", got " + got
                    + " (the file is truncated, damaged or replaced)");
        }
        verified.put(relative, true);
        return file;
    }

    static String sha256(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) {
                md.update(buf, 0, n);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (IOException e) {
            throw new DataException(file + ": cannot read: " + e.getMessage(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
