/**
 * Regularization components for DL4J 1.0.0-M2.1 networks, depending on DL4J/ND4J only.
 *
 * <ul>
 *   <li>{@code noise}: {@link dev.optimlab.regularize.noise.InvertedDropout} and
 *       {@link dev.optimlab.regularize.noise.GaussianInputNoise} ({@code IDropout}, on a layer's input),
 *       {@link dev.optimlab.regularize.noise.GaussianWeightNoise} and
 *       {@link dev.optimlab.regularize.noise.InvertedDropConnect} ({@code IWeightNoise}). Drop
 *       probabilities are <b>drop</b> probabilities {@code p} (PyTorch's convention), not DL4J's retain
 *       probabilities.</li>
 *   <li>{@code norm}: {@link dev.optimlab.regularize.norm.BatchNorm},
 *       {@link dev.optimlab.regularize.norm.LayerNorm}, {@link dev.optimlab.regularize.norm.InstanceNorm},
 *       {@link dev.optimlab.regularize.norm.GroupNorm}: full custom layers (config + implementation) with
 *       hand-written backward passes, for dense [N, C], NCHW/NHWC and time-series NCW/NWC activations
 *       (time-series masks honoured); input types are checked when the configuration is built.</li>
 *   <li>{@code penalty}: {@link dev.optimlab.regularize.penalty.L2Penalty} (before the updater) and
 *       {@link dev.optimlab.optim.DecoupledWeightDecay} (after it); set them per layer.</li>
 *   <li>{@code loss}: {@link dev.optimlab.regularize.loss.LabelSmoothingCrossEntropy},
 *       {@link dev.optimlab.regularize.loss.MeanAbsoluteError}, {@link dev.optimlab.regularize.loss.HuberLoss}.</li>
 *   <li>{@code augment}: seeded {@code DataSetPreProcessor}s for the training iterator: mixup, cutmix,
 *       cutout, shift, rotate, flip.</li>
 * </ul>
 *
 * {@link dev.optimlab.regularize.Regularizers} maps spec names and hyperparameter keys to all of them.
 */
package dev.optimlab.regularize;
