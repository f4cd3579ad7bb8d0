package dev.optimlab.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.regularization.Regularization;
import org.nd4j.linalg.learning.regularization.WeightDecay;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import dev.optimlab.optim.Optimizer;
import dev.optimlab.optim.Optimizers;
import dev.optimlab.problem.Mlp;
import dev.optimlab.problem.Networks;
import dev.optimlab.problem.Problem;

/**
 * One training step, {@code MultiLayerNetwork.fit(DataSet)} on one fixed minibatch (forward,
 * backward, updater, parameter update), for OptimLab's optimizers against their DL4J twins, all
 * arms in one fork alternating iteration by iteration ({@link ArmCycle}). Every arm has its own
 * network, built by the suite's {@link Networks#build} with seed 1 (same initial parameters).
 *
 * <p>Networks ({@link #network}): {@code mlp-256} 784-256-256-10 at batch 64, {@code mlp-1024}
 * 784-1024-1024-10 at batch 128, {@code cnn} the network of
 * {@code experiments/regularization-ablation-cnn.yaml} (3×3 convolutions with 8 and 16 channels,
 * each with 2×2 max pooling, dense 64, on 28×28×1 images) at its batch 32; ReLU, softmax output,
 * cross-entropy, float32. The data are uniform random pixels with random one-hot labels: the
 * cost of a step does not depend on what the numbers are.
 *
 * <p>Arms are {@code name/optimlab} (the registry's optimizer with its weight hooks, defaults
 * but lr 1e-3) and {@code name/dl4j} (the built-in twin); {@code adamw/dl4j} is DL4J's Adam with
 * its {@code WeightDecay(0.01, applyLR = true)}, the built-in form of decoupled decay. Lion, LAMB
 * and RAdam have no twin and are held against {@code adam/dl4j}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class TrainingStepBenchmark {

    public static final String ALL_ARMS = "adam/optimlab adam/dl4j adamw/optimlab adamw/dl4j "
            + "nesterov/optimlab nesterov/dl4j rmsprop/optimlab rmsprop/dl4j lion/optimlab lamb/optimlab radam/optimlab";

    @Param({"mlp-256", "mlp-1024", "cnn"})
    public String network;

    /** Space-separated arms, alternated in this order. */
    @Param({ALL_ARMS})
    public String arms;

    private final ArmCycle<MultiLayerNetwork> cycle = new ArmCycle<>();
    private DataSet batch;

    @Setup(Level.Trial)
    public void setUp() {
        Nd4j.getRandom().setSeed(7);
        Problem problem = problem();
        INDArray x = Nd4j.rand(DataType.FLOAT, problem.batchSize(), 784);
        INDArray labels = Nd4j.zeros(DataType.FLOAT, problem.batchSize(), 10);
        for (int i = 0; i < problem.batchSize(); i++) {
            labels.putScalar(i, (i * 7) % 10, 1.0);
        }
        batch = new DataSet(x, labels);
        for (String arm : ArmCycle.names(arms)) {
            cycle.add(network(problem, arm));
        }
    }

    private Problem problem() {
        return switch (network) {
            case "mlp-256" -> new Problem(null, new Mlp(List.of(256, 256), "relu", "float"), "mcxent", 1, 64);
            case "mlp-1024" -> new Problem(null, new Mlp(List.of(1024, 1024), "relu", "float"), "mcxent", 1, 128);
            case "cnn" -> new Problem(null, new Mlp(List.of(8, 16), List.of(64), "relu", "float"), "mcxent", 1, 32);
            default -> throw new IllegalArgumentException("network: mlp-256, mlp-1024 or cnn, not " + network);
        };
    }

    private static MultiLayerNetwork network(Problem problem, String arm) {
        String name = arm.substring(0, arm.indexOf('/'));
        Map<String, Double> hp = Map.of("lr", 1e-3);
        IUpdater updater;
        List<Regularization> hooks = new ArrayList<>();
        if (arm.endsWith("/dl4j")) {
            updater = Optimizers.builtin(name.equals("adamw") ? "adam" : name, Map.of("lr", 1e-3)).orElseThrow();
            if (name.equals("adamw")) {
                hooks.add(new WeightDecay(0.01, true));
            }
        } else {
            return Networks.build(problem, 784, 10, new int[] {1, 28, 28}, Optimizers.optimizer(name, hp), List.of(), 1);
        }
        return Networks.build(problem, 784, 10, new int[] {1, 28, 28}, new Optimizer(name, updater, hooks), List.of(), 1);
    }

    @Setup(Level.Iteration)
    public void nextArm() {
        cycle.next();
    }

    @Benchmark
    public Object step() {
        MultiLayerNetwork net = cycle.current();
        net.fit(batch);
        return net;
    }
}
