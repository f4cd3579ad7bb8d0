package dev.optimlab.optim;

import java.util.LinkedHashMap;
import java.util.Map;

import org.deeplearning4j.nn.conf.layers.Layer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * Muon's per-tensor part (see {@link Muon}): replaces the momentum update of one hidden weight
 * matrix by its approximate orthogonalisation, the quintic Newton–Schulz iteration of the
 * reference code ({@code zeropower_via_newtonschulz5} in {@code KellerJordan/Muon}):
 *
 * <pre>
 *   U = u/η   as the matrix [rows = output units, cols = inputs]
 *   X = U (transposed if rows &gt; cols);   X ← X/(‖X‖_F + 1e-7)      (spectral norm ≤ 1)
 *   repeat nsSteps times:  A = X·Xᵀ;  B = b·A + c·A·A;  X ← a·X + B·X
 *   (a, b, c) = (3.4445, −4.7750, 2.0315);   transpose back
 *   u ← η·√max(1, rows/cols)·X
 * </pre>
 *
 * <p>U is recovered from the update as u/η (η the rate DL4J passes to the hook, the one the
 * {@link Muon} updater used) because the normalisation's 1e-7 makes NS₅ not exactly
 * scale-invariant. Layout: DL4J hands hooks a flat view; the output units are {@code units}
 * consecutive segments of it for dense ([nIn, nOut], 'f') and convolution ([nOut, nIn, kH, kW],
 * 'c') weights alike ({@link AdamPProbe#channels}), so the matrix is PyTorch's
 * [out, in] (kernels as [out, in·kH·kW]). {@link #forLayer} sets {@code units} from nOut; a shaped
 * matrix is taken with its columns as units, as DL4J's [nIn, nOut] weights. The iteration runs
 * in the tensor's data type (the reference uses bfloat16). Hyperparameter: {@code nsSteps} ≥ 1
 * (default 5).
 */
public final class MuonOrthogonalization extends ParameterHook {

    static final double A = 3.4445;
    static final double B = -4.7750;
    static final double C = 2.0315;
    static final double NORM_EPSILON = 1e-7;

    @JsonProperty
    private int nsSteps;
    @JsonProperty
    private int units;

    /** For Jackson. */
    public MuonOrthogonalization() {
    }

    public MuonOrthogonalization(int nsSteps) {
        this(nsSteps, 0);
    }

    /** @param units output units of the tensor's layer (0: the columns of a shaped matrix) */
    public MuonOrthogonalization(int nsSteps, int units) {
        if (nsSteps < 1) {
            throw new IllegalArgumentException("muon: nsSteps must be in [1, inf), got " + nsSteps);
        }
        if (units < 0) {
            throw new IllegalArgumentException("muon: units must be in [0, inf), got " + units);
        }
        this.nsSteps = nsSteps;
        this.units = units;
    }

    @Override
    public void apply(INDArray param, INDArray update, double lr, int iteration, int epoch) {
        if (lr == 0) {
            return; // U cannot be recovered, and a zero rate moves nothing anyway
        }
        int rows = AdamPProbe.channelCount(update, units);
        if (rows == 0) {
            throw new IllegalStateException("muon: the Newton-Schulz hook needs a matrix; got a flat tensor "
                    + "of unknown output units (wire it with OptimizerWiring, which sets them per layer)");
        }
        INDArray u = AdamPProbe.channels(update, rows).div(lr);
        long cols = u.size(1);
        INDArray o = orthogonalize(u, nsSteps).muli(lr * Math.sqrt(Math.max(1.0, (double) rows / cols)));
        INDArray flat = o.reshape('c', new long[] {update.length()});
        update.assign(update.rank() == 1 ? flat : flat.reshape(AdamPProbe.storageOrder(update), update.shape()));
    }

    /** NS₅ of the matrix {@code g} (not modified): a new matrix of its shape. */
    static INDArray orthogonalize(INDArray g, int steps) {
        boolean tall = g.size(0) > g.size(1);
        INDArray x = tall ? g.transpose().dup('c') : g.dup('c');
        x.divi(x.norm2Number().doubleValue() + NORM_EPSILON);
        for (int s = 0; s < steps; s++) {
            INDArray a = x.mmul(x.transpose());
            INDArray aa = a.mmul(a);
            INDArray b = a.muli(B).addi(aa.muli(C));
            INDArray bx = b.mmul(x);
            x = x.muli(A).addi(bx);
        }
        return tall ? x.transpose().dup('c') : x;
    }

    @Override
    public MuonOrthogonalization forLayer(Layer layer) {
        return new MuonOrthogonalization(nsSteps, AdamPProbe.unitsOf(layer));
    }

    @Override
    public Map<String, Double> hyperparameters() {
        Map<String, Double> hp = new LinkedHashMap<>();
        hp.put("nsSteps", (double) nsSteps);
        hp.put("units", (double) units);
        return hp;
    }
}
