package dev.optimlab.experiment.benchmark;

import java.util.HashMap;
import java.util.Map;

import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.BaseActivationFunction;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * An "activation" that is a fixed linear map: each row {@code z} becomes {@code A z}; no
 * parameters. It lets a DL4J loss layer compute a quadratic form with a standard loss:
 * {@code ‖A(θ − x)‖²} is DL4J's L2 loss between the output {@code Aθ} and the label {@code Ax}.
 * Backward: the gradient with respect to the input is {@code Aᵀ ε} per row.
 */
final class FixedLinearMap extends BaseActivationFunction {

    private final double[][] a;
    private final transient Map<DataType, INDArray> cache = new HashMap<>();

    FixedLinearMap(double[][] a) {
        this.a = a;
    }

    /** A, created outside DL4J's workspaces (an array made inside one is invalid once the workspace cycles). */
    private synchronized INDArray matrix(DataType type) {
        return cache.computeIfAbsent(type, t -> {
            try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
                return Nd4j.createFromArray(a).castTo(t);
            }
        });
    }

    @Override
    public INDArray getActivation(INDArray in, boolean training) {
        INDArray out = in.mmul(matrix(in.dataType()).transpose());
        in.assign(out); // DL4J activations work in place on the pre-output
        return in;
    }

    @Override
    public Pair<INDArray, INDArray> backprop(INDArray in, INDArray epsilon) {
        return new Pair<>(epsilon.mmul(matrix(epsilon.dataType())), null);
    }

    @Override
    public String toString() {
        return "fixed-linear-map(" + a.length + "x" + a[0].length + ")";
    }
}
