package example;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.DoubleSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.transferlearning.FineTuneConfiguration;
import org.deeplearning4j.nn.transferlearning.TransferLearning;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

import dev.optimlab.optim.Optimizers;

/** The library used the way a user uses it, from a project that depends on nothing but it and a backend. */
class ConsumerExampleTest {

    @Test
    void dependsOnOneNativePlatformAndNoSuiteLibraries() {
        List<String> jars = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            jars.add(Path.of(entry).getFileName().toString());
        }
        assertTrue(jars.stream().anyMatch(j -> j.startsWith("optimlab-core") || j.equals("classes")), jars.toString());
        for (String forbidden : List.of("picocli", "snakeyaml", "xchart", "pdfbox", "graphics2d", "slf4j-simple",
                "logback", "log4j-slf4j", "jackson-databind", "optimlab-0", "junit-4")) {
            // (commons-math3 3.5 is on it, but as nd4j-api's own dependency, not OptimLab's)
            assertTrue(jars.stream().noneMatch(j -> j.startsWith(forbidden)), forbidden + " on the classpath: " + jars);
        }
        Pattern native_ = Pattern.compile("-(linux|macosx|windows|android|ios)-([a-z0-9_]+)(-[a-z]+)?\\.jar$");
        Set<String> platforms = new TreeSet<>();
        for (String j : jars) {
            Matcher m = native_.matcher(j);
            if (m.find()) {
                platforms.add(m.group(1) + "-" + m.group(2));
            }
        }
        assertEquals(Set.of("linux-x86_64"), platforms, "native platforms on the classpath");
    }

    @Test
    void mergedInputGraphLearnsWithAdamW() {
        ComputationGraph net = ConsumerExample.mergedInputsGraph(7);
        INDArray a = Nd4j.rand(DataType.FLOAT, 64, 3).subi(0.5);
        INDArray b = Nd4j.rand(DataType.FLOAT, 64, 3).subi(0.5);
        INDArray y = a.sum(true, 1).sub(b.sum(true, 1)).reshape(64, 1);
        MultiDataSet data = new MultiDataSet(new INDArray[] {a, b}, new INDArray[] {y});
        assertLossFalls(() -> net.score(data), () -> net.fit(data), 150, 0.2);
    }

    @Test
    void lstmLearnsWithRAdam() {
        MultiLayerNetwork net = ConsumerExample.lstm(3);
        INDArray x = Nd4j.rand(DataType.FLOAT, 16, 1, 10).subi(0.5); // [batch, size, time]
        INDArray y = Nd4j.zeros(DataType.FLOAT, 16, 1, 10);
        // target: the running sum of the inputs, a task that needs the recurrent state
        INDArray running = Nd4j.zeros(DataType.FLOAT, 16, 1);
        for (int t = 0; t < 10; t++) {
            running.addi(x.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.point(t)));
            y.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.point(t)).assign(running);
        }
        DataSet data = new DataSet(x, y);
        assertLossFalls(() -> net.score(data), () -> net.fit(data), 200, 0.3);
    }

    /** Runs {@code steps} fits and checks that the loss ends below {@code fraction} of where it started. */
    private static void assertLossFalls(DoubleSupplier loss, Runnable fit, int steps, double fraction) {
        double before = loss.getAsDouble();
        for (int i = 0; i < steps; i++) {
            fit.run();
        }
        double after = loss.getAsDouble();
        assertTrue(after < fraction * before, "loss " + before + " -> " + after);
    }

    @Test
    void cnnWithGroupNormDropoutAndAdamWLearnsThreeShapes() {
        MultiLayerNetwork net = ConsumerExample.cnn(5);
        DataSet data = shapes(60, 11);
        for (int i = 0; i < 60; i++) {
            net.fit(data);
        }
        INDArray predicted = net.output(data.getFeatures()).argMax(1);
        INDArray truth = data.getLabels().argMax(1);
        double accuracy = predicted.eq(truth).castTo(DataType.DOUBLE).meanNumber().doubleValue();
        assertTrue(accuracy > 0.9, "training accuracy " + accuracy);
    }

    @Test
    void savedAndRestoredNetworkContinuesExactly(@TempDir Path dir) throws Exception {
        DataSet data = new DataSet(Nd4j.rand(DataType.DOUBLE, 32, 3), Nd4j.rand(DataType.DOUBLE, 32, 1));
        for (String optimizer : List.of("lamb", "adamw", "radam", "lion")) {
            MultiLayerNetwork net = ConsumerExample.dense(optimizer, 1);
            for (int i = 0; i < 5; i++) {
                net.fit(data);
            }
            File file = dir.resolve(optimizer + ".zip").toFile();
            ModelSerializer.writeModel(net, file, true);
            MultiLayerNetwork restored = ModelSerializer.restoreMultiLayerNetwork(file, true);
            for (int i = 0; i < 5; i++) {
                net.fit(data);
                restored.fit(data);
            }
            assertArrayEquals(net.params().toDoubleVector(), restored.params().toDoubleVector(), 0.0, optimizer);
            assertTrue(Transforms.abs(net.params()).sumNumber().doubleValue() > 0, optimizer);
        }
        assertTrue(Files.exists(dir.resolve("lamb.zip")));
    }

    @Test
    void transferLearningTrainsTheNewHeadWithAdamWAndKeepsTheFrozenLayer() {
        DataSet data = new DataSet(Nd4j.rand(DataType.DOUBLE, 32, 3), Nd4j.rand(DataType.DOUBLE, 32, 1));
        MultiLayerNetwork source = ConsumerExample.dense("adam", 2);
        for (int i = 0; i < 5; i++) {
            source.fit(data);
        }
        MultiLayerNetwork tuned = new TransferLearning.Builder(source.clone())
                .fineTuneConfiguration(new FineTuneConfiguration.Builder().build())
                .setFeatureExtractor(0)
                .build();
        // a FineTuneConfiguration carries an updater but no per-tensor hooks: wire the whole optimizer after build()
        Optimizers.optimizer("adamw", Map.of("lr", 1e-2, "weightDecay", 0.1)).applyTo(tuned);
        INDArray frozen = tuned.getLayer(0).params().dup();
        INDArray head = tuned.getLayer(1).params().dup();
        for (int i = 0; i < 5; i++) {
            tuned.fit(data);
        }
        assertEquals(frozen, tuned.getLayer(0).params(), "the frozen layer moved");
        assertTrue(head.sub(tuned.getLayer(1).params()).norm2Number().doubleValue() > 0, "the head did not train");
    }

    @Test
    void createRefusesAnOptimizerWhosePerTensorPartItWouldDrop() {
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> Optimizers.create("adamw", Map.of("lr", 1e-3)));
        assertTrue(e.getMessage().contains("optimizer("), e.getMessage());
    }

    /** 1×12×12 images of a horizontal bar, a vertical bar or a square, at random places, one-hot labels. */
    private static DataSet shapes(int n, long seed) {
        java.util.Random r = new java.util.Random(seed);
        INDArray x = Nd4j.zeros(DataType.FLOAT, n, 1, 12, 12);
        INDArray y = Nd4j.zeros(DataType.FLOAT, n, 3);
        for (int i = 0; i < n; i++) {
            int k = i % 3;
            int row = 2 + r.nextInt(6);
            int col = 2 + r.nextInt(6);
            for (int d = 0; d < 4; d++) {
                if (k == 0) {
                    x.putScalar(new long[] {i, 0, row, col + d}, 1);
                } else if (k == 1) {
                    x.putScalar(new long[] {i, 0, row + d, col}, 1);
                } else {
                    x.putScalar(new long[] {i, 0, row + d / 2, col + d % 2}, 1);
                }
            }
            y.putScalar(i, k, 1);
        }
        return new DataSet(x, y);
    }
}
