package dev.optimlab.optim;

import java.nio.FloatBuffer;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.bytedeco.javacpp.FloatPointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.AdaBeliefUpdater;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.IUpdater;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * One {@code applyUpdater} step on n float32 parameters, OptimLab's rule against DL4J's native
 * twin in the same run, plus single-pass memory-bandwidth baselines over three float arrays: a
 * Java triad a = b + s·c over direct buffers (scalar), and BLAS saxpy y = y + s·x (both move 12
 * bytes per element), and the same triad through the updaters' heap tiles (12 bytes too).
 *
 * <p>The gradient is reset before every step (outside the timing), alternating between two
 * independent random vectors: applied to its own output the update would shrink towards
 * denormals, and with one constant gradient AdaBelief's (g − m)² decays into denormals too;
 * neither is a realistic step and denormal arithmetic is slow. OptimLab arms use the default
 * {@link Variant#PAPER} formulas; every arm starts from a zero (or DL4J-initialized) state.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class UpdaterStepBenchmark {

    @Param({"1000000", "10000000"})
    public int n;

    /** {@code name/optimlab}, {@code name/dl4j}, or a baseline ({@code triad/java}, {@code axpy/blas}). */
    @Param({"triad/java", "triad/tiles", "axpy/blas",
            "sgd/optimlab", "sgd/dl4j", "momentum/optimlab", "nesterov/optimlab", "nesterov/dl4j",
            "adagrad/optimlab", "adagrad/dl4j", "adadelta/optimlab", "adadelta/dl4j",
            "rmsprop/optimlab", "rmsprop/dl4j", "adam/optimlab", "adam/dl4j", "amsgrad/optimlab", "amsgrad/dl4j",
            "adamax/optimlab", "adamax/dl4j", "nadam/optimlab", "nadam/dl4j", "adabelief/optimlab", "adabelief/dl4j",
            "radam/optimlab", "lion/optimlab", "lamb/optimlab", "lookahead/optimlab"})
    public String arm;

    private GradientUpdater<?> updater;
    private INDArray state;
    private INDArray gradient;
    private INDArray savedGradient;
    private INDArray otherGradient;
    private INDArray x;
    private FloatBuffer a;
    private FloatBuffer b;
    private FloatBuffer c;
    private Lanes[] tiled;
    private int iteration;

    @Setup(Level.Trial)
    public void setUp() {
        Nd4j.getRandom().setSeed(42);
        savedGradient = Nd4j.rand(DataType.FLOAT, n).subi(0.5).muli(0.02);
        otherGradient = Nd4j.rand(DataType.FLOAT, n).subi(0.5).muli(0.02);
        gradient = savedGradient.dup();
        x = Nd4j.rand(DataType.FLOAT, n);
        String[] parts = arm.split("/");
        if (arm.equals("triad/java")) {
            a = buffer(gradient);
            b = buffer(savedGradient);
            c = buffer(x);
            return;
        }
        if (arm.equals("triad/tiles")) {
            tiled = new Lanes[] {Lanes.of(gradient), Lanes.of(savedGradient), Lanes.of(x)};
            return;
        }
        if (parts[0].equals("axpy")) {
            return;
        }
        Map<String, Double> hp = Map.of(); // the registry's defaults
        IUpdater config = parts[1].equals("dl4j")
                ? Optimizers.builtin(parts[0], hp).orElseThrow()
                : Optimizers.create(parts[0], hp);
        long size = config.stateSize(n);
        state = size == 0 ? null : Nd4j.zeros(DataType.FLOAT, size);
        if (config instanceof org.nd4j.linalg.learning.config.AdaBelief cfg) {
            // M2.1's AdaBelief.instantiate throws; its updater works on a [1, 2n] view
            AdaBeliefUpdater u = new AdaBeliefUpdater(cfg);
            u.setStateViewArray(state.reshape(1, size), new long[] {n}, 'c', true);
            updater = u;
        } else {
            updater = config.instantiate(state, true);
        }
    }

    private static FloatBuffer buffer(INDArray arr) {
        int len = (int) arr.length();
        return new FloatPointer(arr.data().addressPointer()).capacity(len).limit(len).asBuffer();
    }

    @Setup(Level.Invocation)
    public void resetGradient() {
        if (updater != null) {
            gradient.assign(iteration % 2 == 0 ? savedGradient : otherGradient);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        for (INDArray arr : new INDArray[] {state, gradient, savedGradient, otherGradient, x}) {
            if (arr != null) {
                arr.close();
            }
        }
    }

    @Benchmark
    public Object step() {
        if (updater != null) {
            updater.applyUpdater(gradient, iteration++, 0);
            return gradient;
        }
        if (tiled != null) {
            // the updaters' tiling: bulk copy in, a SIMD loop over heap tiles, bulk copy out
            float[] at = new float[FloatTiles.SIZE];
            float[] bt = new float[FloatTiles.SIZE];
            float[] ct = new float[FloatTiles.SIZE];
            float s = 0.5f;
            for (int base = 0; base < n; base += FloatTiles.SIZE) {
                int len = Math.min(FloatTiles.SIZE, n - base);
                tiled[1].read(base, bt, len);
                tiled[2].read(base, ct, len);
                for (int i = 0; i < len; i++) {
                    at[i] = bt[i] + s * ct[i];
                }
                tiled[0].write(base, at, len);
            }
            return at;
        }
        if (a != null) {
            float s = 0.5f;
            for (int i = 0; i < n; i++) {
                a.put(i, b.get(i) + s * c.get(i));
            }
            return a;
        }
        Nd4j.getBlasWrapper().level1().axpy(n, 1e-3, x, gradient);
        return gradient;
    }
}
