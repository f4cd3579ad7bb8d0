package dev.optimlab.optim;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.deeplearning4j.nn.conf.layers.Layer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * AdamP's per-tensor part (Heo, Chun, Oh, Han, Yun, Kim, Uh, Ha, "AdamP: Slowing Down the
 * Slowdown for Momentum Optimizers on Scale-invariant Weights", ICLR 2021, Algorithm 2), applied
 * after the elementwise {@link Adam} (paper form) has produced {@code u = η/(1 − β1^t)·p_t} with
 * p_t = m_t/(√v̂_t + ε):
 *
 * <pre>
 *   if the weight passed the cosine test of {@link AdamPProbe} in view V (channel or layer):
 *       ŵ = w/(‖w‖_V + ε)                     (per channel or for the whole tensor)
 *       u ← u − ŵ·⟨ŵ, u⟩_V                     (eq. 12: remove the radial component)
 *       r = wdRatio
 *   else r = 1
 *   u ← u + η·λ·r·w                          (decoupled decay, scaled down on projected weights)
 * </pre>
 *
 * <p>The projection is linear, so projecting {@code u} equals projecting p_t and then scaling, as
 * the reference does. Hyperparameters and defaults (the paper's and the reference code's):
 * {@code delta} δ = 0.1, {@code wdRatio} = 0.1, {@code weightDecay} λ = 0, {@code epsilon}
 * ε = 1e-8 (also Adam's ε). Needs {@link AdamPProbe} on the same tensor before the updater; the
 * registry's {@code adamp} hooks and {@link OptimizerWiring} put both, probe first. Nesterov
 * momentum (an option of the reference code, off by default) is not offered. Neither DL4J nor
 * {@code torch.optim} has AdamP; this matches {@code adamp.AdamP} of the authors' package.
 */
public final class AdamPProjection extends ParameterHook {

    @JsonProperty
    private double delta;
    @JsonProperty
    private double wdRatio;
    @JsonProperty
    private double weightDecay;
    @JsonProperty
    private double epsilon;
    @JsonProperty
    private int units;

    /** For Jackson. */
    public AdamPProjection() {
    }

    public static final Hyperparameter WEIGHT_DECAY = Hyperparameter.weightDecay(0.0,
            "decoupled weight decay λ, scaled by wdRatio where the update is projected");
    public static final Hyperparameter DELTA = new Hyperparameter("delta", 0.1, Range.POSITIVE,
            "cosine threshold δ/√dim below which a weight counts as scale-invariant");
    public static final Hyperparameter WD_RATIO = new Hyperparameter("wdRatio", 0.1, Range.NON_NEGATIVE,
            "factor on the weight decay of the projected (scale-invariant) weights");
    /** AdamP's keys after Adam's: declared once, read by the checks here and in {@link AdamPProbe} and the registry. */
    public static final List<Hyperparameter> HYPERPARAMETERS = List.of(WEIGHT_DECAY, DELTA, WD_RATIO);

    public AdamPProjection(double delta, double wdRatio, double weightDecay, double epsilon) {
        this(delta, wdRatio, weightDecay, epsilon, 0);
    }

    /** @param units output units of the tensor's layer (0: from the tensor's shape), see {@link AdamPProbe} */
    public AdamPProjection(double delta, double wdRatio, double weightDecay, double epsilon, int units) {
        if (units < 0) {
            throw new IllegalArgumentException("adamp: units must be in [0, inf), got " + units);
        }
        this.units = units;
        this.delta = DELTA.check("adamp", delta);
        this.wdRatio = WD_RATIO.check("adamp", wdRatio);
        this.weightDecay = WEIGHT_DECAY.check("adamp", weightDecay);
        this.epsilon = Adam.EPSILON.check("adamp", epsilon);
    }

    @Override
    public void apply(INDArray param, INDArray update, double lr, int iteration, int epoch) {
        AdamPProbe.View view = AdamPProbe.take(param);
        if (view == null) {
            throw new IllegalStateException("adamp: no cosine test recorded for this tensor; put an "
                    + "AdamPProbe before the updater on the same layer (OptimizerWiring does)");
        }
        double ratio = 1.0;
        if (view == AdamPProbe.View.CHANNEL) {
            int n = AdamPProbe.channelCount(param, units);
            INDArray wc = AdamPProbe.channels(param, n);
            INDArray uc = AdamPProbe.channels(update, n).dup();
            INDArray unit = wc.divColumnVector(wc.norm2(1).reshape(n, 1).addi(epsilon));
            INDArray radial = unit.mul(uc).sum(1).reshape(n, 1);
            uc.subi(unit.mulColumnVector(radial));
            INDArray flat = uc.reshape('c', new long[] {param.length()});
            update.assign(update.rank() == 1 ? flat : flat.reshape(AdamPProbe.storageOrder(update), update.shape()));
            ratio = wdRatio;
        } else if (view == AdamPProbe.View.LAYER) {
            INDArray unit = param.div(param.norm2Number().doubleValue() + epsilon);
            update.subi(unit.mul(unit.mul(update).sumNumber().doubleValue()));
            ratio = wdRatio;
        }
        if (weightDecay > 0) {
            update.addi(param.mul(lr * weightDecay * ratio));
        }
    }

    @Override
    public AdamPProjection forLayer(Layer layer) {
        return new AdamPProjection(delta, wdRatio, weightDecay, epsilon, AdamPProbe.unitsOf(layer));
    }

    @Override
    public Map<String, Double> hyperparameters() {
        Map<String, Double> hp = new LinkedHashMap<>();
        hp.put("delta", delta);
        hp.put("wdRatio", wdRatio);
        hp.put("weightDecay", weightDecay);
        hp.put("epsilon", epsilon);
        hp.put("units", (double) units);
        return hp;
    }
}
