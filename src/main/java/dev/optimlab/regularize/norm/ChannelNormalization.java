package dev.optimlab.regularize.norm;

import java.util.List;

import dev.optimlab.optim.Range;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.memory.LayerMemoryReport;
import org.deeplearning4j.nn.conf.memory.MemoryReport;
import org.deeplearning4j.nn.conf.preprocessor.FeedForwardToCnnPreProcessor;
import org.nd4j.linalg.learning.regularization.Regularization;

/**
 * What the normalization layer configurations share: per-channel parameters ({@link ChannelParams}),
 * shape-preserving output, accepted inputs (dense [N, C] and convolutional NCHW [N, C, H, W]; a
 * flattened CNN input is reshaped back to NCHW), ε, and no regularization of γ, β (as DL4J's
 * {@code BatchNormalization}: few parameters that set scale, not capacity).
 *
 * <p>Serialization: the fields are plain bean properties (getter + setter) and the classes have
 * public no-arg constructors, so {@code MultiLayerConfiguration.toJson()/fromJson()} and
 * {@code ModelSerializer} round-trip them (DL4J-NOTES §8).
 */
public abstract class ChannelNormalization extends FeedForwardLayer {

    public static final double DEFAULT_EPSILON = 1e-5;

    private double epsilon = DEFAULT_EPSILON;

    protected ChannelNormalization() {
    }

    protected ChannelNormalization(Builder<?> builder) {
        super(builder);
        this.epsilon = Range.POSITIVE.check(componentName(), "epsilon", builder.epsilon);
        this.nOut = this.nIn = Math.max(builder.getNIn(), builder.getNOut());
    }

    /** The spec name, used in error messages. */
    protected abstract String componentName();

    public double getEpsilon() {
        return epsilon;
    }

    public void setEpsilon(double epsilon) {
        this.epsilon = epsilon;
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType inputType) {
        if (inputType == null) {
            throw new IllegalStateException(componentName() + ": no input type for layer " + layerIndex);
        }
        switch (inputType.getType()) {
            case FF:
            case CNN:
                return inputType;
            case CNNFlat:
                InputType.InputTypeConvolutionalFlat f = (InputType.InputTypeConvolutionalFlat) inputType;
                return InputType.convolutional(f.getHeight(), f.getWidth(), f.getDepth());
            default:
                throw new IllegalStateException(componentName() + ": expected FF or CNN (NCHW) input, got "
                        + inputType + " at layer " + layerIndex);
        }
    }

    @Override
    public void setNIn(InputType inputType, boolean override) {
        if (nIn > 0 && !override) {
            return;
        }
        switch (inputType.getType()) {
            case FF -> nIn = ((InputType.InputTypeFeedForward) inputType).getSize();
            case CNN -> nIn = ((InputType.InputTypeConvolutional) inputType).getChannels();
            case CNNFlat -> nIn = ((InputType.InputTypeConvolutionalFlat) inputType).getDepth();
            default -> throw new IllegalStateException(componentName() + ": expected FF or CNN (NCHW) input, got "
                    + inputType);
        }
        nOut = nIn;
    }

    @Override
    public InputPreProcessor getPreProcessorForInputType(InputType inputType) {
        // FeedForwardLayer would flatten CNN input; normalization needs the channel axis kept.
        if (inputType.getType() == InputType.Type.CNNFlat) {
            InputType.InputTypeConvolutionalFlat f = (InputType.InputTypeConvolutionalFlat) inputType;
            return new FeedForwardToCnnPreProcessor(f.getHeight(), f.getWidth(), f.getDepth());
        }
        return null;
    }

    @Override
    public List<Regularization> getRegularizationByParam(String paramName) {
        return List.of();
    }

    @Override
    public boolean isPretrainParam(String paramName) {
        return false;
    }

    @Override
    public LayerMemoryReport getMemoryReport(InputType inputType) {
        InputType out = getOutputType(-1, inputType);
        long params = initializer().numParams(this);
        return new LayerMemoryReport.Builder(layerName, getClass(), inputType, out)
                .standardMemory(params, getIUpdater() == null ? 0 : getIUpdater().stateSize(params))
                .workingMemory(0, 0, 2 * nOut, 4 * inputType.arrayElementsPerExample())
                .cacheMemory(MemoryReport.CACHE_MODE_ALL_ZEROS, MemoryReport.CACHE_MODE_ALL_ZEROS)
                .build();
    }

    @Override
    public boolean equals(Object o) {
        return o != null && o.getClass() == getClass() && super.equals(o)
                && Double.compare(((ChannelNormalization) o).epsilon, epsilon) == 0;
    }

    @Override
    public int hashCode() {
        return 31 * super.hashCode() + Double.hashCode(epsilon);
    }

    /** Common builder: {@code nOut} (= nIn = channels, usually inferred from the input type) and ε. */
    @SuppressWarnings("unchecked")
    public abstract static class Builder<T extends Builder<T>> extends FeedForwardLayer.Builder<T> {
        private double epsilon = DEFAULT_EPSILON;

        /** ε &gt; 0 added to the variance inside the square root. */
        public T epsilon(double epsilon) {
            this.epsilon = epsilon;
            return (T) this;
        }

        /** Number of channels C (the same as nIn/nOut); inferred when the network sets an input type. */
        public T channels(long channels) {
            nIn(channels);
            nOut(channels);
            return (T) this;
        }
    }
}
