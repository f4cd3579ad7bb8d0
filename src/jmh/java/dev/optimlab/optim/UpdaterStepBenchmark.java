package dev.optimlab.optim;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

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

import dev.optimlab.bench.ArmCycle;

/**
 * One {@code applyUpdater} step on n float32 parameters for every arm of {@link #arms}, all arms
 * in one fork and alternating: JMH iteration i measures arm i mod A ({@link ArmCycle}), so slow
 * drifts of the machine's load reach every arm alike, and {@code BenchmarkTable} splits the
 * iterations of the JSON back into arms. An arm is {@code name/optimlab} (the registry's class,
 * default {@link Variant#PAPER}), {@code name/dl4j} (DL4J 1.0.0-M2.1's built-in twin), or a
 * baseline:
 * <ul>
 * <li>{@code limit/adam}: Adam's float arithmetic as one plain fused loop over three heap
 *     {@code float[]} of n elements, the fastest form Java gives that arithmetic (C2 vectorizes
 *     it; no copies, no native memory) — the "limit" an updater over DL4J's native arrays is
 *     held against;</li>
 * <li>{@code axpy/blas}: ND4J's BLAS saxpy y = y + s·x, a native single-pass reference.</li>
 * </ul>
 *
 * <p>Before every step (outside the timing) the gradient is reset, alternating between two fixed
 * random vectors: applied to its own output an update shrinks towards denormals, which no real
 * step sees. All updater arms share that one gradient array (one arm runs at a time); each keeps
 * its own state, which starts at its initial value and evolves over the run.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class UpdaterStepBenchmark {

    /** Every arm the table knows, in the order they alternate. */
    public static final String ALL_ARMS = "limit/adam axpy/blas "
            + "sgd/optimlab sgd/dl4j momentum/optimlab nesterov/optimlab nesterov/dl4j "
            + "adagrad/optimlab adagrad/dl4j adadelta/optimlab adadelta/dl4j rmsprop/optimlab rmsprop/dl4j "
            + "adam/optimlab adam/dl4j amsgrad/optimlab amsgrad/dl4j adamax/optimlab adamax/dl4j "
            + "nadam/optimlab nadam/dl4j adabelief/optimlab adabelief/dl4j "
            + "radam/optimlab lion/optimlab lamb/optimlab lookahead/optimlab "
            + "adan/optimlab schedule-free-adamw/optimlab schedule-free-sgd/optimlab prodigy/optimlab";

    @Param({"1000000"})
    public int n;

    /** Space-separated arms, alternated in this order (spaces: JMH splits -p values at commas). */
    @Param({ALL_ARMS})
    public String arms;

    private final ArmCycle<Arm> cycle = new ArmCycle<>();
    private final List<INDArray> arrays = new ArrayList<>();
    private INDArray gradient;
    private INDArray[] gradients;
    private int resets;

    /** One arm: {@link #reset} is outside the timing, {@link #step} is timed. */
    private interface Arm {
        void reset();

        Object step();
    }

    @Setup(Level.Trial)
    public void setUp() {
        Nd4j.getRandom().setSeed(42);
        gradients = new INDArray[] {keep(Nd4j.rand(DataType.FLOAT, n).subi(0.5).muli(0.02)),
                keep(Nd4j.rand(DataType.FLOAT, n).subi(0.5).muli(0.02))};
        gradient = keep(gradients[0].dup());
        for (String arm : ArmCycle.names(arms)) {
            cycle.add(create(arm));
        }
    }

    private Arm create(String arm) {
        String[] parts = arm.split("/");
        return switch (arm) {
            case "limit/adam" -> new AdamLimit(gradients[0].toFloatVector(), gradients[1].toFloatVector());
            case "axpy/blas" -> new Axpy(keep(Nd4j.rand(DataType.FLOAT, n)));
            default -> new UpdaterArm(updater(parts[0], parts[1].equals("dl4j")));
        };
    }

    private GradientUpdater<?> updater(String name, boolean dl4j) {
        Map<String, Double> hp = Map.of(); // the registry's defaults
        IUpdater config = dl4j ? Optimizers.builtin(name, hp).orElseThrow() : Optimizers.updaterPart(name, hp);
        long size = config.stateSize(n);
        INDArray state = size == 0 ? null : keep(Nd4j.zeros(DataType.FLOAT, size));
        if (config instanceof org.nd4j.linalg.learning.config.AdaBelief cfg) {
            // M2.1's AdaBelief.instantiate throws; its updater works on a [1, 2n] view
            AdaBeliefUpdater u = new AdaBeliefUpdater(cfg);
            u.setStateViewArray(state.reshape(1, size), new long[] {n}, 'c', true);
            return u;
        }
        GradientUpdater<?> u = config.instantiate(state, true);
        if (u instanceof ScheduleFreeUpdater.State<?> sf) {
            // schedule-free keeps z and x beside the weights y: start them from a weight vector, as ScheduleFree.start(net) does
            sf.start(keep(Nd4j.rand(DataType.FLOAT, n).subi(0.5)));
        }
        return u;
    }

    private INDArray keep(INDArray a) {
        arrays.add(a);
        return a;
    }

    /** The next arm of the cycle for the coming iteration (warm-up iterations included). */
    @Setup(Level.Iteration)
    public void nextArm() {
        cycle.next();
    }

    @Setup(Level.Invocation)
    public void resetGradient() {
        cycle.current().reset();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        arrays.forEach(INDArray::close);
    }

    @Benchmark
    public Object step() {
        return cycle.current().step();
    }

    /** An arm that steps on the shared gradient, reset to one of the two fixed vectors before each step. */
    private abstract class OnGradient implements Arm {
        @Override
        public void reset() {
            gradient.assign(gradients[resets++ % 2]);
        }
    }

    private final class UpdaterArm extends OnGradient {
        private final GradientUpdater<?> updater;
        private int iteration;

        UpdaterArm(GradientUpdater<?> updater) {
            this.updater = updater;
        }

        @Override
        public Object step() {
            updater.applyUpdater(gradient, iteration++, 0);
            return gradient;
        }
    }

    private final class Axpy extends OnGradient {
        private final INDArray x;

        Axpy(INDArray x) {
            this.x = x;
        }

        @Override
        public Object step() {
            Nd4j.getBlasWrapper().level1().axpy(n, 1e-3, x, gradient);
            return gradient;
        }
    }

    /**
     * Adam's float loop of {@link AdamStep.Moments} (paper form, t = 10), the very loop its tiles
     * run, called once over three heap arrays of n elements.
     */
    private final class AdamLimit implements Arm {
        private final float[][] saved;
        private final float[][] gmv = {new float[n], new float[n], new float[n]};
        private final AdamStep.Moments rule = new AdamStep.Moments(
                new double[] {0.9, 0.999, 1 - 0.9, 1 - 0.999, 1e-3 / (1 - Math.pow(0.9, 10)), Math.sqrt(1 - Math.pow(0.999, 10))},
                1e-8, true);

        AdamLimit(float[] g0, float[] g1) {
            this.saved = new float[][] {g0, g1};
        }

        @Override
        public void reset() {
            System.arraycopy(saved[resets++ % 2], 0, gmv[0], 0, n);
        }

        @Override
        public Object step() {
            rule.floats(gmv, n);
            return gmv[0];
        }
    }
}
