package dev.optimlab.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shipped data loads with the shapes SOURCE.md states, and bad files fail clearly. */
class DatasetsTest {

    private static final Path DATA = Path.of("data");

    @TempDir
    Path dir;

    @Test
    void smallSetsHaveTheirDocumentedShapes() {
        Datasets d = new Datasets(DATA);
        assertShape(d.load("iris", Integer.MAX_VALUE), 150, 4, 3);
        assertShape(d.load("wine", Integer.MAX_VALUE), 178, 13, 3);
        assertShape(d.load("breast-cancer", Integer.MAX_VALUE), 569, 30, 2);
        LabeledData digits = d.load("digits", Integer.MAX_VALUE);
        assertShape(digits, 1797, 64, 10);
        assertTrue(Arrays.stream(digits.x()).flatMapToDouble(Arrays::stream).allMatch(v -> v >= 0 && v <= 1),
                "digits are scaled from 0..16 to [0, 1]");
        LabeledData diabetes = d.load("diabetes", Integer.MAX_VALUE);
        assertEquals(442, diabetes.size());
        assertEquals(10, diabetes.features());
        assertEquals(151.0, diabetes.y()[0][0], 1e-9, "first target per SOURCE.md");
    }

    @Test
    void irisClassCountsAreFiftyEach() {
        LabeledData iris = new Datasets(DATA).load("iris", Integer.MAX_VALUE);
        double[] counts = new double[3];
        for (double[] y : iris.y()) {
            for (int k = 0; k < 3; k++) {
                counts[k] += y[k];
            }
        }
        assertArrayEquals(new double[] {50, 50, 50}, counts);
    }

    @Test
    void mnistAndFashionLoadTrainAndTestParts() {
        Datasets d = new Datasets(DATA);
        for (String name : new String[] {"mnist", "fashion-mnist"}) {
            LabeledData train = d.load(name, 500);
            LabeledData test = d.loadTest(name, 200);
            assertShape(train, 500, 784, 10);
            assertShape(test, 200, 784, 10);
            assertTrue(Arrays.stream(train.x()[0]).max().orElseThrow() <= 1.0);
        }
        // The first MNIST training label is a 5 (the well-known first image).
        assertEquals(1.0, d.load("mnist", 1).y()[0][5]);
    }

    private static void assertShape(LabeledData d, int n, int features, int classes) {
        assertEquals(n, d.size());
        assertEquals(features, d.features());
        assertEquals(classes, d.numClasses());
        for (double[] y : d.y()) {
            assertEquals(1.0, Arrays.stream(y).sum(), 0.0, "one-hot labels");
        }
    }

    private Path copyOfData(String... files) throws IOException {
        Path root = Files.createDirectories(dir.resolve("data"));
        for (String f : files) {
            Path target = root.resolve(f);
            Files.createDirectories(target.getParent());
            Files.copy(DATA.resolve(f), target);
        }
        Files.copy(DATA.resolve(Checksums.MANIFEST), root.resolve(Checksums.MANIFEST));
        return root;
    }

    @Test
    void truncatedFileFailsTheChecksumNamingTheFile() throws IOException {
        Path root = copyOfData("sklearn-small/iris.csv");
        Path f = root.resolve("sklearn-small/iris.csv");
        byte[] bytes = Files.readAllBytes(f);
        Files.write(f, Arrays.copyOf(bytes, bytes.length / 2));
        DataException e = assertThrows(DataException.class, () -> new Datasets(root).load("iris", 10));
        assertTrue(e.getMessage().contains("iris.csv: sha256 mismatch: expected f13ffa8f"), e.getMessage());
    }

    @Test
    void alteredFileFailsTheChecksum() throws IOException {
        Path root = copyOfData("mnist/t10k-labels-idx1-ubyte.gz", "mnist/t10k-images-idx3-ubyte.gz");
        Path f = root.resolve("mnist/t10k-labels-idx1-ubyte.gz");
        byte[] bytes = Files.readAllBytes(f);
        bytes[100] ^= 1;
        Files.write(f, bytes);
        DataException e = assertThrows(DataException.class, () -> new Datasets(root).loadTest("mnist", 10));
        assertTrue(e.getMessage().contains("t10k-labels-idx1-ubyte.gz: sha256 mismatch"), e.getMessage());
    }

    @Test
    void missingFileAndMissingManifestAreNamed() throws IOException {
        Path root = copyOfData();
        DataException e = assertThrows(DataException.class, () -> new Datasets(root).load("wine", 10));
        assertTrue(e.getMessage().contains("wine_data.csv: file not found"), e.getMessage());
        DataException m = assertThrows(DataException.class, () -> new Datasets(dir.resolve("nowhere")));
        assertTrue(m.getMessage().contains("checksums.sha256: checksum manifest not found"), m.getMessage());
    }

    private static byte[] gzip(byte[] raw) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(raw);
        }
        return out.toByteArray();
    }

    @Test
    void idxReaderRejectsTruncatedAndForeignFiles() throws IOException {
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(raw);
        out.writeInt(2051);
        out.writeInt(3);
        out.writeInt(28);
        out.writeInt(28);
        out.write(new byte[28 * 28 + 10]); // 1.x images of the 3 announced
        Path truncated = dir.resolve("images.gz");
        Files.write(truncated, gzip(raw.toByteArray()));
        DataException e = assertThrows(DataException.class, () -> IdxReader.images(truncated, 10));
        assertTrue(e.getMessage().contains("images.gz: truncated"), e.getMessage());
        DataException m = assertThrows(DataException.class, () -> IdxReader.labels(truncated, 10));
        assertTrue(m.getMessage().contains("not an IDX label file (magic 2051, expected 2049)"), m.getMessage());
    }

    @Test
    void csvWithWrongColumnsOrTextNamesTheLine() throws IOException {
        Path f = dir.resolve("t.csv");
        Files.writeString(f, "h\n1,2,3\n1,x,3\n");
        DataException e = assertThrows(DataException.class, () -> CsvTable.read(f, 1, ',', 3));
        assertTrue(e.getMessage().contains("t.csv: line 3, column 2: 'x' is not a number"), e.getMessage());
        Files.writeString(f, "h\n1,2,3\n1,2\n");
        DataException c = assertThrows(DataException.class, () -> CsvTable.read(f, 1, ',', 3));
        assertTrue(c.getMessage().contains("line 3 has 2 columns, expected 3"), c.getMessage());
    }
}
