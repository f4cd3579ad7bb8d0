package dev.optimlab.optim;

import dev.optimlab.optim.References.Hp;
import dev.optimlab.optim.References.Stepper;

/**
 * The per-tensor references (LAMB, AdamP): plain double loops over consecutive tensors of one
 * block, from the papers' Algorithm 2 (see each class's Javadoc). AdamP's counters of which
 * projection was taken let a test require that every branch ran.
 */
final class LayerwiseReferences {

    private LayerwiseReferences() {
    }

    /** LAMB with identity φ over consecutive tensors of the given lengths. */
    static Stepper lamb(Hp h, int[] lengths, int n) {
        double lr = h.get("lr");
        double b1 = h.get("beta1");
        double b2 = h.get("beta2");
        double eps = h.get("epsilon");
        double wd = h.get("weightDecay");
        double[] m = new double[n];
        double[] v = new double[n];
        return (t, g, w) -> {
            int start = 0;
            for (int len : lengths) {
                double[] s = new double[len];
                double wNorm = 0;
                double sNorm = 0;
                for (int j = 0; j < len; j++) {
                    int i = start + j;
                    m[i] = b1 * m[i] + (1 - b1) * g[i];
                    v[i] = b2 * v[i] + (1 - b2) * g[i] * g[i];
                    double r = (m[i] / (1 - Math.pow(b1, t))) / (Math.sqrt(v[i] / (1 - Math.pow(b2, t))) + eps);
                    s[j] = r + wd * w[i];
                    wNorm += w[i] * w[i];
                    sNorm += s[j] * s[j];
                }
                double ratio = wNorm > 0 && sNorm > 0 ? Math.sqrt(wNorm) / Math.sqrt(sNorm) : 1;
                for (int j = 0; j < len; j++) {
                    w[start + j] -= lr * ratio * s[j];
                }
                start += len;
            }
        };
    }

    /** Projections taken by the last {@link #adamp} run: none, per channel, whole layer. */
    static final int[] ADAMP_VIEWS = new int[3];

    /** AdamP (Heo et al., Algorithm 2 with Adam), channel (column) then whole-layer projection. */
    static Stepper adamp(Hp h, int[][] shapes, int n) {
        double lr = h.get("lr");
        double b1 = h.get("beta1");
        double b2 = h.get("beta2");
        double eps = h.get("epsilon");
        java.util.Arrays.fill(ADAMP_VIEWS, 0);
        double[] m = new double[n];
        double[] v = new double[n];
        return (t, g, w) -> {
            double[] before = w.clone();
            int offset = 0;
            for (int[] shape : shapes) {
                int len = shape[0] * shape[1];
                double[] perturb = new double[len];
                for (int j = 0; j < len; j++) {
                    int i = offset + j;
                    m[i] = b1 * m[i] + (1 - b1) * g[i];
                    v[i] = b2 * v[i] + (1 - b2) * g[i] * g[i];
                    perturb[j] = m[i] / (Math.sqrt(v[i]) / Math.sqrt(1 - Math.pow(b2, t)) + eps);
                }
                int view = projectIfScaleInvariant(h, perturb, g, before, offset, shape);
                ADAMP_VIEWS[view]++;
                double ratio = view == 0 ? 1 : h.get("wdRatio");
                for (int j = 0; j < len; j++) {
                    int i = offset + j;
                    w[i] = before[i] * (1 - lr * h.get("weightDecay") * ratio) - lr / (1 - Math.pow(b1, t)) * perturb[j];
                }
                offset += len;
            }
        };
    }

    /** AdamP's test of Algorithm 2: 0 no projection, 1 per channel, 2 the whole layer. */
    private static int projectIfScaleInvariant(Hp h, double[] perturb, double[] g, double[] w, int offset, int[] shape) {
        double delta = h.get("delta");
        double eps = h.get("epsilon");
        int rows = shape[0];
        int len = rows * shape[1];
        double maxCos = 0;
        for (int c = 0; c < shape[1]; c++) {
            maxCos = Math.max(maxCos, cosine(g, w, offset + c * rows, rows, eps));
        }
        if (maxCos < delta / Math.sqrt(rows)) {
            for (int c = 0; c < shape[1]; c++) {
                project(perturb, w, offset, c * rows, rows, eps);
            }
            return 1;
        }
        if (cosine(g, w, offset, len, eps) < delta / Math.sqrt(len)) {
            project(perturb, w, offset, 0, len, eps);
            return 2;
        }
        return 0;
    }

    /** |cos| of the segments [from, from + len) of g and w, with PyTorch's ε floors on the norms. */
    private static double cosine(double[] g, double[] w, int from, int len, double eps) {
        double dot = 0;
        double gg = 0;
        double ww = 0;
        for (int i = from; i < from + len; i++) {
            dot += g[i] * w[i];
            gg += g[i] * g[i];
            ww += w[i] * w[i];
        }
        return Math.abs(dot) / (Math.max(Math.sqrt(gg), eps) * Math.max(Math.sqrt(ww), eps));
    }

    /** perturb[at..at+len) −= ŵ·⟨ŵ, perturb⟩ with ŵ = w/(‖w‖ + ε) over w[offset+at..). */
    private static void project(double[] perturb, double[] w, int offset, int at, int len, double eps) {
        double ww = 0;
        for (int j = at; j < at + len; j++) {
            ww += w[offset + j] * w[offset + j];
        }
        double norm = Math.sqrt(ww) + eps;
        double dot = 0;
        for (int j = at; j < at + len; j++) {
            dot += w[offset + j] / norm * perturb[j];
        }
        for (int j = at; j < at + len; j++) {
            perturb[j] -= w[offset + j] / norm * dot;
        }
    }

    /**
     * A gradient that makes each tensor scale-invariant per channel (its columns) on two steps of
     * three, and as a whole on every other step; otherwise a fixed random gradient. Every rule can
     * run on it; AdamP needs it to take each branch.
     */
    static double[] scaleInvariantGradient(int[][] shapes, double[] w, int t, double[][] raw) {
        double[] g = raw[t].clone();
        int offset = 0;
        for (int k = 0; k < shapes.length; k++) {
            int rows = shapes[k][0];
            int len = rows * shapes[k][1];
            if (k == 0 && t % 3 != 2) {
                for (int c = 0; c < shapes[k][1]; c++) {
                    removeComponent(g, w, offset + c * rows, rows);
                }
            }
            if (k > 0 && t % 2 == 0) {
                removeComponent(g, w, offset, len);
            }
            offset += len;
        }
        return g;
    }

    private static void removeComponent(double[] g, double[] w, int from, int len) {
        double dot = 0;
        double ww = 0;
        for (int i = from; i < from + len; i++) {
            dot += g[i] * w[i];
            ww += w[i] * w[i];
        }
        for (int i = from; i < from + len; i++) {
            g[i] -= w[i] * dot / ww;
        }
    }
}
