package dev.optimlab.regularize.norm;

import java.util.Collection;
import java.util.List;

import dev.optimlab.optim.Hyperparameter;
import dev.optimlab.optim.Range;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.memory.LayerMemoryReport;
import org.deeplearning4j.nn.conf.memory.MemoryReport;
import org.deeplearning4j.nn.conf.preprocessor.FeedForwardToCnnPreProcessor;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.regularization.Regularization;

/**
 * What the normalization layer configurations share: per-channel parameters ({@link ChannelParams}),
 * shape-preserving output, ε, no regularization of γ, β (as DL4J's {@code BatchNormalization}: few
 * parameters that set scale, not capacity), and the accepted inputs, checked when the configuration
 * is built (the input type reaches {@link #setNIn} / {@link #getOutputType}):
 * <ul>
 *   <li>dense [N, C] ({@code InputType.feedForward});</li>
 *   <li>convolutional NCHW [N, C, H, W] or NHWC [N, H, W, C] ({@code InputType.convolutional(h, w, c,
 *       CNN2DFormat.NHWC)}); a flattened CNN input is reshaped back to NCHW;</li>
 *   <li>time series NCW [N, C, T] or NWC [N, T, C] ({@code InputType.recurrent(c[, t][, RNNFormat.NWC])}),
 *       with an optional time-series mask [N, T]: masked steps are excluded from every statistic and
 *       their output (and gradient) is 0, as DL4J's recurrent layers zero masked steps.</li>
 * </ul>
 * The {@link Layout} is recorded at build; a layer built without an input type ({@code channels(c)})
 * takes channels-first by rank. Channels-last input is permuted to channels-first and back, so its
 * numbers are exactly those of the channels-first input (tested).
 *
 * <p>Serialization: the fields are plain bean properties (getter + setter) and the classes have
 * public no-arg constructors, so {@code MultiLayerConfiguration.toJson()/fromJson()} and
 * {@code ModelSerializer} round-trip them (DL4J-NOTES §8).
 */
public abstract class ChannelNormalization extends FeedForwardLayer {

    public static final Hyperparameter EPSILON = new Hyperparameter("epsilon", 1e-5, Range.POSITIVE,
            "ε added to the variance");

    private double epsilon = EPSILON.defaultValue();

    /** Set from the input type at build; null: channels-first by rank. */
    private Layout layout;

    protected ChannelNormalization() {
    }

    protected ChannelNormalization(Builder<?> builder) {
        super(builder);
        this.epsilon = EPSILON.check(componentName(), builder.epsilon);
        this.nOut = this.nIn = Math.max(builder.getNIn(), builder.getNOut());
    }

    /** The spec name, used in error messages. */
    protected abstract String componentName();

    /** The network-side object of this configuration, not yet wired (see {@link #instantiate}). */
    abstract ChannelNormalizationLayer<?> newLayer(NeuralNetConfiguration conf, DataType dataType);

    /** The layer from {@link #newLayer}, wired to its listeners, index, parameters and configuration as DL4J's layers are. */
    @Override
    public org.deeplearning4j.nn.api.Layer instantiate(NeuralNetConfiguration conf,
                                                       Collection<TrainingListener> listeners, int layerIndex,
                                                       INDArray paramsView, boolean initializeParams,
                                                       DataType dataType) {
        ChannelNormalizationLayer<?> layer = newLayer(conf, dataType);
        layer.setListeners(listeners);
        layer.setIndex(layerIndex);
        layer.setParamsViewArray(paramsView);
        layer.setParamTable(initializer().init(conf, paramsView, initializeParams));
        layer.setConf(conf);
        return layer;
    }

    public double getEpsilon() {
        return epsilon;
    }

    public void setEpsilon(double epsilon) {
        this.epsilon = epsilon;
    }

    public Layout getLayout() {
        return layout;
    }

    public void setLayout(Layout layout) {
        this.layout = layout;
    }

    /** Per-step normalization of sequences (layer norm) rather than per sequence; see {@link ChannelsFirst}. */
    boolean perStep() {
        return false;
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType inputType) {
        if (inputType == null) {
            throw new IllegalStateException(componentName() + ": no input type for layer " + layerIndex);
        }
        if (accepted(layerIndex, inputType) == Layout.NCHW && inputType.getType() == InputType.Type.CNNFlat) {
            InputType.InputTypeConvolutionalFlat f = (InputType.InputTypeConvolutionalFlat) inputType;
            return InputType.convolutional(f.getHeight(), f.getWidth(), f.getDepth());
        }
        return inputType;
    }

    @Override
    public void setNIn(InputType inputType, boolean override) {
        // The layout is recorded even when nIn was given, so channels() plus an input type still works.
        layout = accepted(-1, inputType);
        if (nIn > 0 && !override) {
            return;
        }
        switch (inputType.getType()) {
            case FF -> nIn = ((InputType.InputTypeFeedForward) inputType).getSize();
            case CNN -> nIn = ((InputType.InputTypeConvolutional) inputType).getChannels();
            case CNNFlat -> nIn = ((InputType.InputTypeConvolutionalFlat) inputType).getDepth();
            default -> nIn = ((InputType.InputTypeRecurrent) inputType).getSize();
        }
        nOut = nIn;
    }

    /** The layout of {@code inputType}; a clear build-time error if this layer cannot take it. */
    private Layout accepted(int layerIndex, InputType inputType) {
        Layout l = Layout.of(inputType);
        if (l == null) {
            throw new IllegalArgumentException(describe(layerIndex) + ": received input type " + inputType
                    + "; accepts " + acceptedInputs());
        }
        String why = rejection(inputType, l);
        if (why != null) {
            throw new IllegalArgumentException(describe(layerIndex) + ": received input type " + inputType
                    + ", " + why + "; accepts " + acceptedInputs());
        }
        return l;
    }

    /** Why this layer cannot normalize input of this type and layout, or null if it can. */
    protected String rejection(InputType inputType, Layout layout) {
        return null;
    }

    /** The accepted input types, for messages. */
    protected String acceptedInputs() {
        return "feed-forward [N, C], convolutional NCHW/NHWC or recurrent NCW/NWC [N, C, T] input";
    }

    /** "instance-norm layer 'name' (index i)", as far as known. */
    private String describe(int layerIndex) {
        return componentName() + " layer" + (layerName == null ? "" : " '" + layerName + "'")
                + (layerIndex >= 0 ? " (index " + layerIndex + ")" : "");
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
                && Double.compare(((ChannelNormalization) o).epsilon, epsilon) == 0
                && ((ChannelNormalization) o).layout == layout;
    }

    @Override
    public int hashCode() {
        return 31 * (31 * super.hashCode() + Double.hashCode(epsilon)) + java.util.Objects.hashCode(layout);
    }

    /** Common builder: {@code nOut} (= nIn = channels, usually inferred from the input type) and ε. */
    @SuppressWarnings("unchecked")
    public abstract static class Builder<T extends Builder<T>> extends FeedForwardLayer.Builder<T> {
        private double epsilon = EPSILON.defaultValue();

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
