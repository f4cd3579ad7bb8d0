package dev.optimlab.experiment.sharpness;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

import dev.optimlab.analysis.HessianPowerIteration;
import dev.optimlab.analysis.Interpolation;
import dev.optimlab.analysis.NetworkObjective;
import dev.optimlab.analysis.Sharpness;
import dev.optimlab.data.Datasets;
import dev.optimlab.data.Shuffle;
import dev.optimlab.optim.Optimizers;
import dev.optimlab.problem.Networks;
import dev.optimlab.report.ResultsIndex;
import dev.optimlab.experiment.Experiment;

/**
 * Runs a {@code kind: sharpness} spec (Keskar et al., ICLR 2017): for each seed, one MLP
 * initialised once, trained twice from that same initialisation — small batch and large batch,
 * same optimizer and learning rate — until the full training loss reaches the target; then both
 * solutions are probed on a fixed training subset: Keskar's φ in the full space and in a random
 * subspace (same subspace for both arms of a seed), the top Hessian eigenvalue, and the 1-D loss
 * slice through both solutions on train and test. Everything runs in double precision, single
 * threaded; the seed fixes initialisation, data order, subspace and power-iteration start.
 */
public final class SharpnessExperiment extends Experiment.OfSpec<SharpnessSpec> {

    /** One trained solution and its measurements. */
    record Arm(long seed, String arm, int batchSize, int epochs, boolean reached, double trainLoss, double trainAcc,
               double testLoss, double testAcc, double evalLoss, List<Sharpness.Result> phis,
               HessianPowerIteration.Result hessian, double seconds) implements java.io.Serializable {

        double lossGap() {
            return testLoss - trainLoss;
        }

        double accGap() {
            return trainAcc - testAcc;
        }
    }

    /** The loss slice of one seed: train (eval subset) and test losses along α. */
    record Slice(long seed, double[] alphas, double[] train, double[] test) implements java.io.Serializable {
    }


    public SharpnessExperiment(SharpnessSpec spec) {
        super(spec);
    }

    @Override
    public String describe() {
        return String.format(Locale.ROOT, "%s, %d train examples, batch %d vs %d to loss %s, %d seeds; φ at ε=%s "
                        + "(full + %d-dim subspace), λmax, interpolation", spec.source(), spec.trainSize(),
                spec.smallBatch(), spec.largeBatch(), spec.targetLoss(), spec.seeds().size(), spec.epsilons(),
                spec.subspaceDim());
    }

    @Override
    public Path run(Settings settings) throws IOException {
        long start = System.nanoTime();
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
        Datasets datasets = new Datasets(settings.dataRoot());
        DataSet train = datasets.load(spec.source(), spec.trainSize()).toDataSet(DataType.DOUBLE);
        DataSet test = datasets.loadTest(spec.source(), spec.testSize()).toDataSet(DataType.DOUBLE);
        DataSet eval = new DataSet(train.getFeatures().get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, spec.evalSize()),
                org.nd4j.linalg.indexing.NDArrayIndex.all()).dup(),
                train.getLabels().get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, spec.evalSize()),
                        org.nd4j.linalg.indexing.NDArrayIndex.all()).dup());
        double[] alphas = Interpolation.grid(spec.from(), spec.to(), spec.points());
        // the seeds are independent units: each builds, trains and probes its own two networks
        List<SeedResult> perSeed = settings.executor().map(spec.seeds(),
                seed -> measureSeed(settings, seed, train, test, eval, alphas));
        List<Arm> arms = new ArrayList<>();
        List<Slice> slices = new ArrayList<>();
        for (SeedResult r : perSeed) {
            arms.add(r.small());
            arms.add(r.large());
            slices.add(r.slice());
        }
        double minutes = (System.nanoTime() - start) / 6e10;
        Path dir = settings.resultsRoot().resolve(spec.name());
        Path report = new SharpnessReport(spec, arms, slices, minutes).write(dir, settings.command());
        ResultsIndex.write(settings.resultsRoot());
        return report;
    }

    /** Both arms of one seed and the loss slice between their solutions. */
    private record SeedResult(Arm small, Arm large, Slice slice) implements java.io.Serializable {
    }

    private SeedResult measureSeed(Settings settings, long seed, DataSet train, DataSet test, DataSet eval,
                                   double[] alphas) {
        MultiLayerNetwork small = network(seed, train.numInputs(), train.numOutcomes());
        MultiLayerNetwork large = network(seed, train.numInputs(), train.numOutcomes());
        if (!small.params().equals(large.params())) {
            throw new IllegalStateException("seed " + seed + ": the two arms do not start from the same parameters");
        }
        Arm s = trainAndProbe(settings, seed, "small", spec.smallBatch(), small, train, test, eval);
        Arm l = trainAndProbe(settings, seed, "large", spec.largeBatch(), large, train, test, eval);
        double[] ws = NetworkObjective.parameters(small);
        double[] wl = NetworkObjective.parameters(large);
        Slice slice = new Slice(seed, alphas, Interpolation.losses(new NetworkObjective(small, eval), ws, wl, alphas),
                Interpolation.losses(new NetworkObjective(small, test), ws, wl, alphas));
        return new SeedResult(s, l, slice);
    }

    private MultiLayerNetwork network(long seed, int nIn, int nOut) {
        NeuralNetConfiguration.ListBuilder b = Networks.denseStack(seed, nIn, spec.hidden(),
                Networks.activation(spec.activation()));
        b.layer(new OutputLayer.Builder(LossFunction.MCXENT).nIn(Networks.outWidth(nIn, spec.hidden())).nOut(nOut)
                .activation(Activation.SOFTMAX).build());
        MultiLayerNetwork net = new MultiLayerNetwork(
                Optimizers.optimizer(spec.optimizer(), spec.hyperparameters()).applyTo(b.build()));
        net.init();
        return net;
    }

    private Arm trainAndProbe(Settings settings, long seed, String arm, int batch, MultiLayerNetwork net,
                              DataSet train, DataSet test, DataSet eval) {
        long t0 = System.nanoTime();
        int n = train.numExamples();
        int epochs = 0;
        double loss = Double.NaN;
        boolean reached = false;
        while (epochs < spec.maxEpochs() && !reached) {
            epochs++;
            // Both arms of a seed see the same example order in each epoch; only the grouping differs.
            int[] perm = Shuffle.permutation(n, seed * 1_000_003L + epochs);
            double seen = 0;
            for (int from = 0; from < n; from += batch) {
                int[] idx = Arrays.copyOfRange(perm, from, Math.min(n, from + batch));
                net.fit(new DataSet(Nd4j.pullRows(train.getFeatures(), 1, idx), Nd4j.pullRows(train.getLabels(), 1, idx)));
                seen += net.score() * idx.length;
            }
            // The epoch's running minibatch loss (taken before each update) lags the end-of-epoch loss
            // while training still improves, so the full pass over the training set, which costs as much
            // as a third of a large-batch epoch, is only paid once the running loss is near the target.
            double running = seen / n;
            if (!Double.isFinite(running)) {
                loss = running;
                break;
            }
            if (running <= 2 * spec.targetLoss()) {
                loss = net.score(train, false);
                reached = loss <= spec.targetLoss();
            } else {
                loss = running;
            }
            if (epochs % 10 == 0) {
                settings.log().printf(Locale.ROOT, "  seed %d %s: epoch %d, training loss %.4f%n", seed, arm, epochs, loss);
            }
        }
        double trainSeconds = (System.nanoTime() - t0) / 1e9;
        double[] w = NetworkObjective.parameters(net);
        NetworkObjective onTrain = new NetworkObjective(net, train);
        NetworkObjective onTest = new NetworkObjective(net, test);
        NetworkObjective onEval = new NetworkObjective(net, eval);
        double trainLoss = onTrain.value(w);
        double trainAcc = onTrain.accuracy(w);
        double testLoss = onTest.value(w);
        double testAcc = onTest.accuracy(w);
        double evalLoss = onEval.value(w);
        List<Sharpness.Result> phis = new ArrayList<>();
        long subspaceSeed = seed * 7919L + 17;
        for (double eps : spec.epsilons()) {
            phis.add(Sharpness.full(onEval, w, eps, spec.steps()));
        }
        for (double eps : spec.epsilons()) {
            phis.add(Sharpness.subspace(onEval, w, eps, spec.subspaceDim(), spec.steps(), subspaceSeed));
        }
        HessianPowerIteration.Result h = HessianPowerIteration.top(onEval, w, spec.hessianIterations(), spec.fdStep(),
                seed * 104_729L + 3);
        net.setParams(Nd4j.createFromArray(w).reshape(1, w.length));
        double seconds = (System.nanoTime() - t0) / 1e9;
        settings.log().printf(Locale.ROOT, "seed %d %-5s batch %5d: %3d epochs%s, train loss %.4f acc %.4f, test loss %.4f "
                        + "acc %.4f, φ %s, λmax %.3f (train %.0fs, total %.0fs)%n", seed, arm, batch, epochs,
                reached ? "" : " (target NOT reached)", trainLoss, trainAcc, testLoss, testAcc,
                phis.stream().map(p -> String.format(Locale.ROOT, "%.3g", p.phi())).toList(), h.eigenvalue(),
                trainSeconds, seconds);
        return new Arm(seed, arm, batch, epochs, reached, trainLoss, trainAcc, testLoss, testAcc, evalLoss,
                List.copyOf(phis), h, seconds);
    }
}
