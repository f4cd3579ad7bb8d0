package dev.optimlab.data;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * Reads gzip-compressed IDX files (MNIST, Fashion-MNIST): big-endian int32 magic, counts and
 * dimensions, then unsigned bytes. Magic numbers, dimensions and lengths are checked so that a
 * truncated or foreign file fails here, naming the file.
 */
public final class IdxReader {

    private static final int IMAGES_MAGIC = 2051;
    private static final int LABELS_MAGIC = 2049;

    private IdxReader() {
    }

    /** Images as {@code [count][rows*cols]} floats scaled to [0, 1]. */
    public static float[][] images(Path file, int limit) {
        try (DataInputStream in = open(file)) {
            int magic = in.readInt();
            if (magic != IMAGES_MAGIC) {
                throw new DataException(file + ": not an IDX image file (magic " + magic + ", expected " + IMAGES_MAGIC + ")");
            }
            int count = in.readInt();
            int rows = in.readInt();
            int cols = in.readInt();
            int n = Math.min(count, limit);
            float[][] x = new float[n][rows * cols];
            byte[] row = new byte[rows * cols];
            for (int i = 0; i < n; i++) {
                in.readFully(row);
                for (int j = 0; j < row.length; j++) {
                    x[i][j] = (row[j] & 0xff) / 255f;
                }
            }
            return x;
        } catch (EOFException e) {
            throw new DataException(file + ": truncated (ends before the number of images its header announces)", e);
        } catch (IOException e) {
            throw new DataException(file + ": cannot read as gzip IDX: " + e.getMessage(), e);
        }
    }

    /** Labels as ints. */
    public static int[] labels(Path file, int limit) {
        try (DataInputStream in = open(file)) {
            int magic = in.readInt();
            if (magic != LABELS_MAGIC) {
                throw new DataException(file + ": not an IDX label file (magic " + magic + ", expected " + LABELS_MAGIC + ")");
            }
            int count = in.readInt();
            int n = Math.min(count, limit);
            int[] y = new int[n];
            for (int i = 0; i < n; i++) {
                y[i] = in.readUnsignedByte();
            }
            return y;
        } catch (EOFException e) {
            throw new DataException(file + ": truncated (ends before the number of labels its header announces)", e);
        } catch (IOException e) {
            throw new DataException(file + ": cannot read as gzip IDX: " + e.getMessage(), e);
        }
    }

    private static DataInputStream open(Path file) throws IOException {
        InputStream raw = Files.newInputStream(file);
        return new DataInputStream(new GZIPInputStream(raw, 1 << 16));
    }
}
