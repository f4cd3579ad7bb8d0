package dev.optimlab.run;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.deeplearning4j.earlystopping.EarlyStoppingConfiguration;
import org.deeplearning4j.earlystopping.EarlyStoppingResult;
import org.deeplearning4j.earlystopping.listener.EarlyStoppingListener;
import org.deeplearning4j.earlystopping.saver.InMemoryModelSaver;
import org.deeplearning4j.earlystopping.scorecalc.ScoreCalculator;
import org.deeplearning4j.earlystopping.termination.InvalidScoreIterationTerminationCondition;
import org.deeplearning4j.earlystopping.termination.MaxEpochsTerminationCondition;
import org.deeplearning4j.earlystopping.termination.ScoreImprovementEpochTerminationCondition;
import org.deeplearning4j.earlystopping.trainer.EarlyStoppingTrainer;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.DataSetPreProcessor;
import org.nd4j.linalg.factory.Nd4j;

import dev.optimlab.data.Datasets;
import dev.optimlab.data.NoisyRegression;
import dev.optimlab.optim.GlobalNormClipping;
import dev.optimlab.optim.Optimizer;
import dev.optimlab.optim.Sam;
import dev.optimlab.optim.ScheduleFree;
import dev.optimlab.optim.WarmupCosineSchedule;
import dev.optimlab.problem.Networks;
import dev.optimlab.problem.Problem;
import dev.optimlab.problem.Regularizer;
import dev.optimlab.regularize.Regularizers;
import dev.optimlab.report.GitInfo;

/**
 * Trains one trial: builds the problem's network around the arm's optimizer and regularizers,
 * runs the epochs over minibatches in a seed-determined order (the same for every arm),
 * evaluates every part of the data after each epoch, and stops, marking the trial
 * {@code diverged}, at the first non-finite loss. With {@code early-stopping} the epochs are run
 * by DL4J's own {@link EarlyStoppingTrainer} on the validation split's data loss, and the trial
 * hands back the restored best model.
 */
public final class TrialRunner {

    private static final int FIT_GRID_POINTS = 200;

    /** Builds a trial's network around its optimizer; {@link Networks#build} unless a problem brings its own model. */
    @FunctionalInterface
    public interface NetworkFactory {
        MultiLayerNetwork build(Problem problem, int nIn, int nOut, int[] image, Optimizer optimizer,
                                List<Regularizer> regularizers, long seed);
    }

    private final Problem problem;
    private final TrainingData data;
    private final NetworkFactory networks;
    private final Evaluation evaluation;

    public TrialRunner(Problem problem, TrainingData data) {
        this(problem, data, Networks::build);
    }

    public TrialRunner(Problem problem, TrainingData data, NetworkFactory networks) {
        this.problem = problem;
        this.data = data;
        this.networks = networks;
        this.evaluation = new Evaluation(problem.loss(), data.train(), data.validation(), data.test());
    }

    /** The problem every trial of this runner trains on (part of each trial's identity). */
    public Problem problem() {
        return problem;
    }

    /** What a training loop produced. */
    private static final class Progress {
        final List<TrialResult.Epoch> epochs = new ArrayList<>();
        final List<Double> iterationLoss = new ArrayList<>();
        Integer divergedAt;
        TrialResult.Epoch result;
        MultiLayerNetwork model;
    }

    public TrialResult run(Trial trial) {
        long start = System.nanoTime();
        Nd4j.getRandom().setSeed(trial.seed());
        Arm arm = trial.arm();
        DataSet train = data.train();
        int nIn = (int) train.getFeatures().size(1);
        int nOut = (int) train.getLabels().size(1);
        int[] image = Datasets.imageShape(problem.data().source());
        SeededBatches batches = new SeededBatches(train, problem.batchSize(), trial.seed(), augmentations(arm, image, trial.seed()));

        Optimizer optimizer = arm.toOptimizer();
        Arm.Training training = arm.training();
        if (training.warmupSteps() != null) {
            int total = problem.epochs() * batches.batchesPerEpoch();
            double lr = optimizer.updater().getLearningRate(0, 0);
            optimizer = optimizer.withSchedule(new WarmupCosineSchedule(lr, training.warmupSteps(),
                    Math.max(total, training.warmupSteps() + 1)));
        }
        MultiLayerNetwork net = networks.build(problem, nIn, nOut, image, optimizer, arm.regularizers(), trial.seed());
        String initialHash = sha256(net.params());
        ScheduleFree.start(net); // schedule-free optimizers: state starts at the initial weights; else a no-op
        if (training.clipNorm() != null) {
            net.addListeners(new GlobalNormClipping(training.clipNorm()));
        }
        Progress p = arm.regularizer(Regularizer.EARLY_STOPPING).isPresent()
                ? earlyStopping(net, batches, (int) (double) arm.regularizer(Regularizer.EARLY_STOPPING).get()
                        .hyperparameters().getOrDefault("patience", 5.0))
                : epochs(net, batches, training.samRho() == null ? null : new Sam(training.samRho()));
        TrialResult.Curve fit = p.divergedAt == null
                ? ScheduleFree.atX(p.model, data.train(), () -> fitCurve(p.model)) : null;
        double seconds = (System.nanoTime() - start) / 1e9;
        GitInfo.State git = GitInfo.current();
        return new TrialResult(trial.experiment(), trial.id(), arm.name(), arm.optimizer(), arm.impl(),
                arm.impl().equals("dl4j") ? "dl4j-builtin" : arm.variant().name().toLowerCase(),
                recordedHyperparameters(arm), trial.seed(),
                p.divergedAt == null ? "ok" : "diverged", p.divergedAt, problem.classification() ? "accuracy" : "mse",
                p.epochs, p.result, p.iterationLoss, seconds, initialHash, fit, Versions.current(),
                trial.fingerprint(), trial.fingerprintInputs(), git.commit(), git.dirty());
    }

    /**
     * The hash of the trial's initial parameters, without training: the same network as
     * {@link #run} builds, so a stored trial's {@code initialParamsSha256} can be checked against
     * the spec's architecture, data type, regularizer layers and seed.
     */
    public String initialParamsSha256(Trial trial) {
        Nd4j.getRandom().setSeed(trial.seed());
        Arm arm = trial.arm();
        int[] image = Datasets.imageShape(problem.data().source());
        MultiLayerNetwork net = networks.build(problem, (int) data.train().getFeatures().size(1),
                (int) data.train().getLabels().size(1), image, arm.toOptimizer(), arm.regularizers(), trial.seed());
        return sha256(net.params());
    }

    /** Plain epochs (or SAM steps) over the seeded minibatches. */
    private Progress epochs(MultiLayerNetwork net, SeededBatches batches, Sam sam) {
        Progress p = new Progress();
        p.model = net;
        training:
        for (int epoch = 0; epoch < problem.epochs(); epoch++) {
            batches.reset();
            while (batches.hasNext()) {
                DataSet minibatch = batches.next();
                double loss;
                if (sam != null) {
                    loss = sam.step(net, minibatch);
                } else {
                    net.fit(minibatch);
                    loss = net.score();
                }
                p.iterationLoss.add(finite(loss));
                if (!Double.isFinite(loss)) {
                    p.divergedAt = p.iterationLoss.size() - 1;
                    break training;
                }
            }
            net.incrementEpochCount();
            TrialResult.Epoch e = evaluate(net, epoch);
            p.epochs.add(e);
            if (e.trainLoss() == null) {
                p.divergedAt = p.iterationLoss.size() - 1;
                break;
            }
        }
        return p;
    }

    /** DL4J's early-stopping trainer: validation loss each epoch, stop after {@code patience} epochs without improvement. */
    private Progress earlyStopping(MultiLayerNetwork net, SeededBatches batches, int patience) {
        Progress p = new Progress();
        net.addListeners(new BaseTrainingListener() {
            @Override
            public void iterationDone(Model model, int iteration, int epoch) {
                p.iterationLoss.add(finite(model.score()));
            }
        });
        EarlyStoppingConfiguration<MultiLayerNetwork> conf = new EarlyStoppingConfiguration.Builder<MultiLayerNetwork>()
                .epochTerminationConditions(new MaxEpochsTerminationCondition(problem.epochs()),
                        new ScoreImprovementEpochTerminationCondition(patience))
                .iterationTerminationConditions(new InvalidScoreIterationTerminationCondition())
                .scoreCalculator(new ScoreCalculator<MultiLayerNetwork>() {
                    // The validation DATA loss: DL4J's DataSetLossCalculator would add penalty terms
                    // (½λ‖w‖² of weight decay, L2), and stop on the weights' norm instead of the fit.
                    @Override
                    public double calculateScore(MultiLayerNetwork network) {
                        return lossAndMetric(network, data.validation())[0];
                    }

                    @Override
                    public boolean minimizeScore() {
                        return true;
                    }
                })
                .evaluateEveryNEpochs(1)
                .modelSaver(new InMemoryModelSaver<>())
                .build();
        EarlyStoppingTrainer trainer = new EarlyStoppingTrainer(conf, net, batches);
        trainer.setListener(new EarlyStoppingListener<MultiLayerNetwork>() {
            @Override
            public void onStart(EarlyStoppingConfiguration<MultiLayerNetwork> c, MultiLayerNetwork m) {
            }

            @Override
            public void onEpoch(int epochNum, double score, EarlyStoppingConfiguration<MultiLayerNetwork> c, MultiLayerNetwork m) {
                p.epochs.add(evaluate(m, epochNum));
            }

            @Override
            public void onCompletion(EarlyStoppingResult<MultiLayerNetwork> r) {
            }
        });
        EarlyStoppingResult<MultiLayerNetwork> r = trainer.fit();
        if (r.getTerminationReason() == EarlyStoppingResult.TerminationReason.IterationTerminationCondition) {
            p.divergedAt = p.iterationLoss.size() - 1; // the only iteration condition is an invalid (NaN/Inf) score
            p.model = net;
            return p;
        }
        p.model = r.getBestModel();
        TrialResult.Epoch best = evaluate(p.model, r.getBestModelEpoch());
        p.result = best;
        return p;
    }

    private static List<DataSetPreProcessor> augmentations(Arm arm, int[] image, long seed) {
        List<DataSetPreProcessor> out = new ArrayList<>();
        for (Regularizer r : arm.regularizers()) {
            if (!Regularizers.names(Regularizers.Kind.AUGMENTATION).contains(r.name())) {
                continue;
            }
            Map<String, Double> hp = new TreeMap<>(r.hyperparameters());
            if (image != null && !r.name().equals("mixup")) {
                hp.putIfAbsent("channels", (double) image[0]);
                hp.putIfAbsent("height", (double) image[1]);
                hp.putIfAbsent("width", (double) image[2]);
            }
            out.add(Regularizers.augmentation(r.name(), hp, seed));
        }
        return out;
    }

    /** The updater's hyperparameters plus the training options, under their spec keys. */
    public static Map<String, Double> recordedHyperparameters(Arm arm) {
        Map<String, Double> hp = new TreeMap<>(arm.effectiveHyperparameters());
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
        for (Regularizer r : arm.regularizers()) {
            hp.put(r.name(), 1.0);
            r.hyperparameters().forEach((k, v) -> hp.put(r.name() + "." + k, v));
        }
        return hp;
    }

    /**
     * Schedule-free optimizers train at y and are evaluated at x, batch-norm statistics recomputed
     * there over the training set; for every other optimizer a no-op.
     */
    private TrialResult.Epoch evaluate(MultiLayerNetwork net, int epoch) {
        return ScheduleFree.atX(net, data.train(), () -> evaluateAsIs(net, epoch));
    }

    private TrialResult.Epoch evaluateAsIs(MultiLayerNetwork net, int epoch) {
        double[] train = lossAndMetric(net, data.train());
        double[] val = lossAndMetric(net, data.validation());
        double[] test = lossAndMetric(net, data.test());
        return new TrialResult.Epoch(epoch, finite(train[0]), finite(val[0]), finite(test[0]),
                finite(train[1]), finite(val[1]), finite(test[1]));
    }

    /**
     * The problem's data loss and metric from the network's inference output ({@link Evaluation}).
     * Computed there rather than by {@code net.score}, which would add penalty terms and use a
     * training-only loss such as label smoothing.
     */
    private double[] lossAndMetric(MultiLayerNetwork net, DataSet ds) {
        return evaluation.lossAndMetric(net, ds);
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
