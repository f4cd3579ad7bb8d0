package dev.optimlab.bench;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.deeplearning4j.datasets.iterator.utilty.ListDataSetIterator;
import org.deeplearning4j.nn.conf.CacheMode;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import dev.optimlab.experiment.SpecParser;
import dev.optimlab.experiment.comparison.Spec;
import dev.optimlab.problem.Mlp;
import dev.optimlab.problem.Networks;
import dev.optimlab.problem.Problem;
import dev.optimlab.problem.ProblemData;
import dev.optimlab.run.Arm;
import dev.optimlab.run.TrainingData;
import dev.optimlab.run.Trial;
import dev.optimlab.run.TrialRunner;

/**
 * A whole trial of the lecture's exercise ({@code experiments/regression-exercise.yaml}: 1-32-1 tanh
 * network, 180 training points, batch 20, so 9 steps an epoch; its {@code adam/optimlab} arm, seed 1),
 * run by the suite's {@link TrialRunner} and by bare DL4J loops over the same network and data, all
 * arms in one fork alternating invocation by invocation ({@link ArmCycle}). One JMH operation is one
 * whole trial of {@link #epochs} epochs (network built, trained, evaluated), so the per-step time
 * (operation time / steps) carries the per-trial costs as a real run does.
 *
 * <p>Arms ({@link #arms}):
 * <ul>
 *   <li>{@code suite/trial}: {@code TrialRunner.run}: seeded shuffled minibatches, {@code fit} and
 *       {@code score} per step, the three splits evaluated after every epoch, the parameter hash
 *       and the fitted curve of the trial record;</li>
 *   <li>{@code dl4j/fit+eval}: the bare loop a DL4J user writes for the same work: {@code fit} on
 *       fixed minibatches, then {@code net.score(split)} on train, validation and test each epoch;</li>
 *   <li>{@code dl4j/fit}: the same loop without evaluation (the floor);</li>
 *   <li>DL4J settings on the bare loop with evaluation (issue 16, item 5): {@code dl4j/no-workspaces}
 *       (training and inference {@code WorkspaceMode.NONE}; the suite uses DL4J's default,
 *       {@code ENABLED}), {@code dl4j/cache-device} ({@code CacheMode.DEVICE}),
 *       {@code dl4j/iterator} ({@code fit(DataSetIterator)} once an epoch instead of
 *       {@code fit(DataSet)} per minibatch) and {@code dl4j/double} (the network in float64).</li>
 * </ul>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class TrialLoopBenchmark {

    public static final String ALL_ARMS = "suite/trial dl4j/fit+eval dl4j/fit dl4j/no-workspaces dl4j/cache-device "
            + "dl4j/iterator dl4j/double";

    /** The exercise's spec: its problem, data and arm are what the trial runs. */
    public static final String SPEC = "experiments/regression-exercise.yaml";
    public static final String ARM = "adam/optimlab";

    /** Space-separated arms, alternated in this order. */
    @Param({ALL_ARMS})
    public String arms;

    /** Epochs of one trial (the exercise trains 300). */
    @Param({"300"})
    public int epochs;

    private final ArmCycle<String> cycle = new ArmCycle<>();
    private Problem problem;
    private Arm arm;
    private TrainingData data;
    private TrainingData doubleData;
    private List<DataSet> minibatches;
    private List<DataSet> doubleMinibatches;

    @Setup(Level.Trial)
    public void setUp() {
        Spec spec = SpecParser.parse(Path.of(SPEC), false);
        Problem p = spec.problem();
        problem = new Problem(p.data(), p.model(), p.loss(), epochs, p.batchSize());
        arm = spec.arms().stream().filter(a -> a.name().equals(ARM)).findFirst().orElseThrow();
        ProblemData pd = ProblemData.of(p.data(), Path.of("data"));
        data = TrainingData.of(pd, Networks.dtype(p.model()));
        doubleData = TrainingData.of(pd, org.nd4j.linalg.api.buffer.DataType.DOUBLE);
        minibatches = data.train().batchBy(p.batchSize());
        doubleMinibatches = doubleData.train().batchBy(p.batchSize());
        if (minibatches.size() != STEPS_PER_EPOCH) { // the table divides by it
            throw new IllegalStateException(SPEC + " now has " + minibatches.size() + " minibatches an epoch, not " + STEPS_PER_EPOCH);
        }
        for (String a : ArmCycle.names(arms)) {
            cycle.add(a);
        }
    }

    @Setup(Level.Iteration)
    public void nextArm() {
        cycle.next();
    }

    /** Minibatches per epoch of the exercise (180 training points, batch 20); checked against the data in setUp. */
    public static final int STEPS_PER_EPOCH = 9;

    @Benchmark
    public Object trial() {
        String a = cycle.current();
        if (a.equals("suite/trial")) {
            return new TrialRunner(problem, data).run(new Trial("trial-loop-benchmark", problem, arm, 1));
        }
        boolean dbl = a.equals("dl4j/double");
        Problem p = dbl ? new Problem(problem.data(), new Mlp(problem.model().hidden(), problem.model().activation(), "double"),
                problem.loss(), problem.epochs(), problem.batchSize()) : problem;
        Nd4j.getRandom().setSeed(1);
        MultiLayerNetwork net = Networks.build(p, 1, 1, null, arm.toOptimizer(), arm.regularizers(), 1);
        configure(net.getLayerWiseConfigurations(), a);
        return bareLoop(net, dbl ? doubleMinibatches : minibatches, dbl ? doubleData : data,
                !a.equals("dl4j/fit"), a.equals("dl4j/iterator"));
    }

    private static void configure(MultiLayerConfiguration conf, String arm) {
        if (arm.equals("dl4j/no-workspaces")) {
            conf.setTrainingWorkspaceMode(WorkspaceMode.NONE);
            conf.setInferenceWorkspaceMode(WorkspaceMode.NONE);
        } else if (arm.equals("dl4j/cache-device")) {
            conf.setCacheMode(CacheMode.DEVICE);
        }
    }

    private double bareLoop(MultiLayerNetwork net, List<DataSet> batches, TrainingData d, boolean evaluate, boolean iterator) {
        double sum = 0;
        for (int epoch = 0; epoch < epochs; epoch++) {
            if (iterator) {
                // batch 1: each next() is one element of the list, i.e. one whole minibatch (a larger
                // value would merge that many minibatches into one step)
                net.fit(new ListDataSetIterator<>(batches, 1));
            } else {
                for (DataSet b : batches) {
                    net.fit(b);
                    sum += net.score();
                }
            }
            if (evaluate) {
                sum += net.score(d.train()) + net.score(d.validation()) + net.score(d.test());
            }
        }
        return sum;
    }
}
