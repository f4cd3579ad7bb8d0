package dev.optimlab.optim;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Gradient clipping by global norm (Pascanu, Mikolov, Bengio, "On the difficulty of training
 * recurrent neural networks", ICML 2013, Algorithm 1; PyTorch's
 * {@code torch.nn.utils.clip_grad_norm_}): with ĝ the minibatch-mean gradient of all trainable
 * parameters of the network, flattened,
 *
 * <pre>
 *   ĝ ← ĝ · min(1, c/‖ĝ‖₂)
 * </pre>
 *
 * <p>DL4J 1.0.0-M2.1 clips only per layer or per parameter type ({@code GradientNormalization}).
 * This listener runs in {@code onGradientCalculation}, which {@code BaseOptimizer.gradientAndScore}
 * calls after the backward pass and before the updater (and so before the division by the
 * minibatch size, L1/L2, the per-layer {@code GradientNormalization} and the optimizer). DL4J's
 * gradient at that point is the minibatch <em>sum</em> B·ĝ, so the norm is divided by B
 * ({@code model.batchSize()}) to compare with c; the scale factor is the same for the sum.
 * Entries that are not gradients (batch-norm running mean/variance, which DL4J updates through
 * the gradient array with {@code NoOp}) are neither counted nor scaled.
 *
 * <p>Parameter: {@code maxNorm} c &gt; 0. Works for any optimizer: add it with
 * {@code net.addListeners(new GlobalNormClipping(c))}; {@link Sam#step} honours it too (it clips
 * the gradient that is applied). Deterministic; allocates no persistent arrays.
 */
public final class GlobalNormClipping extends BaseTrainingListener {

    private final double maxNorm;
    private double lastNorm = Double.NaN;

    public GlobalNormClipping(double maxNorm) {
        this.maxNorm = Range.POSITIVE.check("clipping", "maxNorm", maxNorm);
    }

    public double getMaxNorm() {
        return maxNorm;
    }

    /** ‖ĝ‖₂ of the last gradient seen, before clipping (NaN before the first). */
    public double lastNorm() {
        return lastNorm;
    }

    @Override
    public void onGradientCalculation(Model model) {
        List<INDArray> grads = trainableGradients(model, model.gradient());
        double sumSq = 0;
        for (INDArray g : grads) {
            double n = g.norm2Number().doubleValue();
            sumSq += n * n;
        }
        lastNorm = Math.sqrt(sumSq) / model.batchSize();
        if (lastNorm > maxNorm) {
            double scale = maxNorm / lastNorm;
            for (INDArray g : grads) {
                g.muli(scale);
            }
        }
    }

    /** Views of the gradients of trainable parameters (not batch-norm running statistics). */
    static List<INDArray> trainableGradients(Model model, Gradient gradient) {
        List<INDArray> out = new ArrayList<>();
        for (Map.Entry<String, INDArray> e : gradient.gradientForVariable().entrySet()) {
            if (isTrainable(model, e.getKey())) {
                out.add(e.getValue());
            }
        }
        return out;
    }

    /** Whether the flattened-gradient key ("0_W", "dense_b", ...) is a real gradient. */
    static boolean isTrainable(Model model, String key) {
        int sep = key.lastIndexOf('_');
        String layerName = key.substring(0, sep);
        String param = key.substring(sep + 1);
        Layer layer;
        if (model instanceof MultiLayerNetwork net) {
            layer = net.getLayer(Integer.parseInt(layerName));
        } else if (model instanceof ComputationGraph graph) {
            layer = graph.getLayer(layerName);
        } else {
            throw new IllegalArgumentException("global-norm clipping: unsupported model " + model.getClass());
        }
        // DL4J marks the running statistics by exempting them from the minibatch division.
        return layer.updaterDivideByMinibatch(param);
    }
}
