package dev.optimlab.optim;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * LAMB's layer-wise part (You et al., ICLR 2020, Algorithm 2, the x-update line), applied to one
 * weight tensor x after {@link Lamb} has produced {@code u = η·r}:
 *
 * <pre>
 *   s = r + λ·x,     q = ‖x‖/‖s‖  (q = 1 if ‖x‖ = 0 or ‖s‖ = 0)
 *   u ← η·q·s
 * </pre>
 *
 * <p>r is recovered as {@code u/η} with η the rate DL4J passes to the hook, which is the same
 * scheduled rate the updater used, so the relative rounding cost is one ulp. Norms are Frobenius
 * norms over the whole tensor (the paper's "layer" is a parameter tensor). Hyperparameter:
 * {@code weightDecay} λ ≥ 0 (default 0.01).
 *
 * <p>Two passes over x and u (norms, then the scaled update) instead of the six ND4J ops and two
 * temporaries of the op form, which is kept as {@code applyByOps} for the reference and for views
 * laid out differently.
 */
public final class LambTrustRatio extends WeightDecayHook {

    /** For Jackson. */
    public LambTrustRatio() {
    }

    public LambTrustRatio(double weightDecay) {
        super("lamb", Lamb.WEIGHT_DECAY, weightDecay);
    }

    @Override
    public void apply(INDArray param, INDArray update, double lr, int iteration, int epoch) {
        if (lr == 0) {
            return; // r cannot be recovered, and a zero rate moves nothing anyway
        }
        boolean sameMemoryLayout = param.ordering() == update.ordering() && param.dataType() == update.dataType()
                && java.util.Arrays.equals(param.shape(), update.shape());
        // the two tensors paired element by element in memory order ('f' for DL4J's weights)
        Lanes x = sameMemoryLayout ? Lanes.inMemoryOrder(param) : null;
        Lanes u = sameMemoryLayout ? Lanes.inMemoryOrder(update) : null;
        if (x == null || u == null) { // laid out differently, strided, or another data type
            applyByOps(param, update, lr);
            return;
        }
        if (Lanes.floats(x, u)) {
            float[] xt = new float[FloatTiles.SIZE];
            float[] ut = new float[FloatTiles.SIZE];
            double[] norms = new double[2];
            for (int base = 0; base < u.length; base += FloatTiles.SIZE) {
                int len = Math.min(FloatTiles.SIZE, u.length - base);
                x.read(base, xt, len);
                u.read(base, ut, len);
                accumulate(xt, ut, len, (float) lr, (float) weightDecay, norms);
            }
            float scale = (float) (lr * ratio(norms[0], norms[1]));
            for (int base = 0; base < u.length; base += FloatTiles.SIZE) {
                int len = Math.min(FloatTiles.SIZE, u.length - base);
                x.read(base, xt, len);
                u.read(base, ut, len);
                scale(xt, ut, len, (float) lr, (float) weightDecay, scale);
                u.write(base, ut, len);
            }
        } else {
            double xx = 0;
            double ss = 0;
            for (int i = 0; i < u.length; i++) {
                double xi = x.get(i);
                double si = u.get(i) / lr + weightDecay * xi;
                xx += xi * xi;
                ss += si * si;
            }
            double scale = lr * ratio(xx, ss);
            for (int i = 0; i < u.length; i++) {
                u.set(i, scale * (u.get(i) / lr + weightDecay * x.get(i)));
            }
        }
        // inMemoryOrder lanes are the tensor's own memory: nothing to commit
    }

    /** q = ‖x‖/‖s‖ from the squared norms; 1 when either is 0, as in the reference code. */
    private static double ratio(double xx, double ss) {
        return xx > 0 && ss > 0 ? Math.sqrt(xx) / Math.sqrt(ss) : 1.0;
    }

    /**
     * Adds one tile's ‖x‖² and ‖s‖² (s = u/η + λx in float, as the op form computes it) to
     * {@code norms}, summed in double: float sums over a million-element tensor lose digits.
     */
    private static void accumulate(float[] xt, float[] ut, int len, float lr, float wd, double[] norms) {
        double xx = 0;
        double ss = 0;
        for (int i = 0; i < len; i++) {
            double xi = xt[i];
            double si = ut[i] / lr + wd * xt[i];
            xx += xi * xi;
            ss += si * si;
        }
        norms[0] += xx;
        norms[1] += ss;
    }

    private static void scale(float[] xt, float[] ut, int len, float lr, float wd, float scale) {
        for (int i = 0; i < len; i++) {
            ut[i] = scale * (ut[i] / lr + wd * xt[i]);
        }
    }

    /**
     * The rule as ND4J ops: the readable form, and the path for tensors whose update and
     * parameter views are laid out differently in memory.
     */
    private void applyByOps(INDArray param, INDArray update, double lr) {
        INDArray s = update.div(lr).addi(param.mul(weightDecay));
        double wNorm = param.norm2Number().doubleValue();
        double sNorm = s.norm2Number().doubleValue();
        double ratio = wNorm > 0 && sNorm > 0 ? wNorm / sNorm : 1.0;
        update.assign(s.muli(lr * ratio));
    }
}
