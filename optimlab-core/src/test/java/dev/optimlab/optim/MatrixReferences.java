package dev.optimlab.optim;

import dev.optimlab.optim.References.Hp;
import dev.optimlab.optim.References.Stepper;

/**
 * The references of the optimizers that treat each weight matrix as a matrix (Muon, Shampoo),
 * over a block of DL4J [nIn, nOut] tensors stored 'f': tensor k's output unit o, input i is at
 * offset + i + o·nIn, i.e. the unit-major [nOut × nIn] matrix of the papers. The matrix algebra is
 * written out in {@link MuonTest} (Newton–Schulz) and {@link ShampooTest} (Jacobi roots).
 */
final class MatrixReferences {

    private MatrixReferences() {
    }

    /** Muon on every tensor of the block (all hidden weights): {@link MuonTest#muonStep} per tensor. */
    static Stepper muon(Hp h, int[][] shapes, double[] w0) {
        double[] m = new double[w0.length];
        return (t, g, w) -> {
            int offset = 0;
            for (int[] s : shapes) {
                MuonTest.muonStep(w, g, m, MuonTest.fOrderUnits(offset, s[0], s[1]), h.get("lr"), h.get("momentum"),
                        h.get("nesterov") != 0, (int) h.get("nsSteps"), h.get("weightDecay"));
                offset += s[0] * s[1];
            }
        };
    }

    /** Shampoo with Adam grafting, one preconditioner state per tensor ({@link ShampooTest.Ref}). */
    static Stepper shampoo(Hp h, int[][] shapes, double[] w0) {
        int maxDim = (int) h.get("maxPreconditionerDim");
        ShampooTest.Ref[] refs = new ShampooTest.Ref[shapes.length];
        for (int k = 0; k < shapes.length; k++) {
            refs[k] = new ShampooTest.Ref(shapes[k][0] * shapes[k][1], shapes[k][1], shapes[k][0], maxDim);
        }
        return (t, g, w) -> {
            int offset = 0;
            for (int k = 0; k < shapes.length; k++) {
                int len = shapes[k][0] * shapes[k][1];
                double[] gk = java.util.Arrays.copyOfRange(g, offset, offset + len);
                double[] u = refs[k].step(gk, MuonTest.unitMajor(shapes[k][1], shapes[k][0]), t, h.get("lr"),
                        h.get("beta1"), h.get("beta2"), h.get("epsilon"), h.get("matrixEpsilon"),
                        (int) h.get("preconditionFrequency"));
                for (int j = 0; j < len; j++) {
                    w[offset + j] -= u[j];
                }
                offset += len;
            }
        };
    }
}
