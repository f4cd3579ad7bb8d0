package dev.optimlab.run;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.TreeMap;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

import org.nd4j.linalg.learning.config.IUpdater;

import dev.optimlab.data.NoisyRegression;
import dev.optimlab.optim.GlobalNormClipping;
import dev.optimlab.optim.Sam;
import dev.optimlab.optim.WarmupCosineSchedule;
import dev.optimlab.data.Shuffle;
import dev.optimlab.problem.Networks;
import dev.optimlab.problem.Problem;

/**
 * Trains one trial: builds the problem's network around the arm's updater, runs the epochs over
 * minibatches in a seed-determined order (the same for every arm), evaluates every part of the
 * data after each epoch, and stops early, marking the trial {@code diverged}, at the first
 * non-finite loss.
 */
public final class TrialRunner {

    private static final int FIT_GRID_POINTS = 200;

    private final Problem problem;
    private final TrainingData data;

    public TrialRunner(Problem problem, TrainingData data) {
        this.problem = problem;
        this.data = data;
    }

    public TrialResult run(Trial trial) {
        long start = System.nanoTime();
        Nd4j.getRandom().setSeed(trial.seed());
        DataSet train = data.train();
        int nIn = (int) train.getFeatures().size(1);
        int nOut = (int) train.getLabels().size(1);
        Arm arm = trial.arm();
        int n = train.numExamples();
        int batch = Math.min(problem.batchSize(), n);
        IUpdater updater = arm.updater();
        Arm.Training training = arm.training();
        if (training.warmupSteps() != null) {
            int total = problem.epochs() * ((n + batch - 1) / batch);
            double lr = updater.getLearningRate(0, 0);
            updater.setLrAndSchedule(lr, new WarmupCosineSchedule(lr, training.warmupSteps(), Math.max(total, training.warmupSteps() + 1)));
        }
        MultiLayerNetwork net = Networks.mlp(problem, nIn, nOut, updater, arm.hooks(), trial.seed());
        if (training.clipNorm() != null) {
            net.addListeners(new GlobalNormClipping(training.clipNorm()));
        }
        Sam sam = training.samRho() == null ? null : new Sam(training.samRho());
        String initialHash = sha256(net.params());

        List<TrialResult.Epoch> epochs = new ArrayList<>();
        List<Double> iterationLoss = new ArrayList<>();
        Integer divergedAt = null;
        training:
        for (int epoch = 0; epoch < problem.epochs(); epoch++) {
            int[] order = Shuffle.permutation(n, trial.seed() * 1_000_003L + epoch);
            for (int from = 0; from < n; from += batch) {
                int[] idx = java.util.Arrays.copyOfRange(order, from, Math.min(n, from + batch));
                DataSet minibatch = train.get(idx);
                double loss;
                if (sam != null) {
                    loss = sam.step(net, minibatch);
                } else {
                    net.fit(minibatch);
                    loss = net.score();
                }
                iterationLoss.add(finite(loss));
                if (!Double.isFinite(loss)) {
                    divergedAt = iterationLoss.size() - 1;
                    break training;
                }
            }
            net.incrementEpochCount();
            TrialResult.Epoch e = evaluate(net, epoch);
            epochs.add(e);
            if (e.trainLoss() == null) {
                divergedAt = iterationLoss.size() - 1;
                break;
            }
        }
        TrialResult.Curve fit = divergedAt == null ? fitCurve(net) : null;
        double seconds = (System.nanoTime() - start) / 1e9;
        return new TrialResult(trial.experiment(), trial.id(), arm.name(), arm.optimizer(), arm.impl(),
                arm.impl().equals("dl4j") ? "dl4j-builtin" : arm.variant().name().toLowerCase(),
                recordedHyperparameters(arm), trial.seed(),
                divergedAt == null ? "ok" : "diverged", divergedAt, problem.classification() ? "accuracy" : "mse",
                epochs, iterationLoss, seconds, initialHash, fit, Versions.current());
    }

    /** The updater's hyperparameters plus the training options, under their spec keys. */
    private static java.util.Map<String, Double> recordedHyperparameters(Arm arm) {
        java.util.Map<String, Double> hp = new TreeMap<>(arm.effectiveHyperparameters());
        Arm.Training t = arm.training();
        if (t.samRho() != null) {
            hp.put("sam", t.samRho());
        }
        if (t.clipNorm() != null) {
            hp.put("clipNorm", t.clipNorm());
        }
        if (t.warmupSteps() != null) {
            hp.put("warmupSteps", (double) t.warmupSteps());
        }
        return hp;
    }

    private TrialResult.Epoch evaluate(MultiLayerNetwork net, int epoch) {
        return new TrialResult.Epoch(epoch,
                finite(net.score(data.train(), false)), finite(net.score(data.validation(), false)),
                finite(net.score(data.test(), false)),
                metric(net, data.train()), metric(net, data.validation()), metric(net, data.test()));
    }

    private Double metric(MultiLayerNetwork net, DataSet ds) {
        if (ds.numExamples() == 0) {
            return null;
        }
        INDArray out = net.output(ds.getFeatures(), false);
        if (problem.classification()) {
            INDArray predicted = out.argMax(1);
            INDArray actual = ds.getLabels().argMax(1);
            return predicted.eq(actual).castTo(DataType.DOUBLE).meanNumber().doubleValue();
        }
        INDArray d = out.castTo(DataType.DOUBLE).sub(ds.getLabels().castTo(DataType.DOUBLE));
        return finite(d.mul(d).meanNumber().doubleValue());
    }

    private TrialResult.Curve fitCurve(MultiLayerNetwork net) {
        NoisyRegression gen = data.source().generator();
        if (gen == null) {
            return null;
        }
        double[][] grid = gen.grid(FIT_GRID_POINTS);
        INDArray x = Nd4j.createFromArray(grid).castTo(net.params().dataType());
        double[] y = net.output(x, false).castTo(DataType.DOUBLE).toDoubleVector();
        List<Double> xs = new ArrayList<>();
        List<Double> ys = new ArrayList<>();
        for (int i = 0; i < grid.length; i++) {
            xs.add(grid[i][0]);
            ys.add(finite(y[i]));
        }
        return new TrialResult.Curve(xs, ys);
    }

    private static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }

    static String sha256(INDArray params) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (double v : params.castTo(DataType.DOUBLE).toDoubleVector()) {
                long bits = Double.doubleToLongBits(v);
                for (int i = 0; i < 8; i++) {
                    md.update((byte) (bits >>> (8 * i)));
                }
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
