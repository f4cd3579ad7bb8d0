package dev.optimlab.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.optimlab.data.DataException;
import dev.optimlab.data.Datasets;

/**
 * An executor without the driver's data directory uses the copy shipped on the classpath
 * (unpacked once), and the loaders still verify it: a damaged shipped file fails the load.
 */
class ShippedDataTest {

    @TempDir
    Path dir;

    @Test
    void anExecutorWithoutTheDataDirectoryLoadsTheShippedCopy() throws Exception {
        Path root = ShippedData.root(dir.resolve("not-on-this-executor"));
        assertNotEquals(dir.resolve("not-on-this-executor"), root);
        assertEquals(150, new Datasets(root).load("iris", Integer.MAX_VALUE).size());
        assertEquals(Path.of("data"), ShippedData.root(Path.of("data")), "the driver's directory when it is here");

        Path iris = root.resolve("sklearn-small/iris.csv");
        byte[] good = Files.readAllBytes(iris);
        try {
            Files.writeString(iris, Files.readString(iris).replaceFirst("5\\.1", "5.2"));
            assertThrows(DataException.class, () -> new Datasets(root).load("iris", Integer.MAX_VALUE));
        } finally {
            Files.write(iris, good);
        }
    }
}
