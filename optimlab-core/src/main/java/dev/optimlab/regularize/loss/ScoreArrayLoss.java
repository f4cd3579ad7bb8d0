package dev.optimlab.regularize.loss;

import dev.optimlab.optim.DeclaredValues;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.lossfunctions.ILossFunction;

/**
 * What every loss here shares ({@link ElementwiseLoss}, {@link LabelSmoothingCrossEntropy}): the
 * score is the sum of the per-example score array, divided by the minibatch size when
 * {@code average} (DL4J's convention), and the score-and-gradient pair is the two computed
 * apart. A loss is its {@code computeScoreArray} and {@code computeGradient}; value semantics
 * come from its declared values ({@link DeclaredValues}).
 */
public abstract class ScoreArrayLoss extends DeclaredValues implements ILossFunction {

    @Override
    public double computeScore(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask,
                               boolean average) {
        double sum = computeScoreArray(labels, preOutput, activationFn, mask).sumNumber().doubleValue();
        return average ? sum / labels.size(0) : sum;
    }

    @Override
    public Pair<Double, INDArray> computeGradientAndScore(INDArray labels, INDArray preOutput,
                                                          IActivation activationFn, INDArray mask,
                                                          boolean average) {
        return new Pair<>(computeScore(labels, preOutput, activationFn, mask, average),
                computeGradient(labels, preOutput, activationFn, mask));
    }
}
