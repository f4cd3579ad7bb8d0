package dev.optimlab.optim;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;

import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Pointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The elements of a rank-1 {@link INDArray} as a Java buffer over the same native memory, so that
 * an update rule can be written as one loop: one pass over g and the state instead of one pass
 * per ND4J op (Adam as ND4J ops reads and writes memory about ten times per step).
 *
 * <p>Direct access needs a contiguous FLOAT or DOUBLE vector (unit stride); the offset of a view
 * is respected because ND4J's {@code addressPointer()} of a view's buffer already points at its
 * first element. Anything else (other types, strided views) is copied into a contiguous DOUBLE
 * array and written back by {@link #commit()}, so a rule is correct for every array and fast for
 * the arrays DL4J actually hands over (slices of its flat gradient and state views).
 *
 * <p>Two ways to loop: FLOAT lanes are streamed through {@link FloatTiles} (bulk copies into
 * small heap arrays, which C2 vectorizes; the arithmetic is then float, as in DL4J's native ops),
 * and every kind of lanes can be read and written element by element as {@code double}, the
 * path for DOUBLE arrays and for copies.
 */
abstract class Lanes {

    /** Number of elements. */
    final int length;
    private final INDArray source;
    private final INDArray copy;

    private Lanes(int length, INDArray source, INDArray copy) {
        this.length = length;
        this.source = source;
        this.copy = copy;
    }

    /** Lanes over {@code a}; call {@link #commit()} after writing. */
    static Lanes of(INDArray a) {
        if (a.length() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("arrays of more than 2^31-1 elements are not supported: " + a.length());
        }
        int n = (int) a.length();
        if (n == 0) {
            return new Float64(0, DoubleBuffer.allocate(0), null, null);
        }
        boolean unitStride = a.rank() == 1 ? a.stride(0) == 1 || n <= 1 : a.elementWiseStride() == 1 && a.ordering() == 'c';
        Lanes direct = unitStride ? direct(a, n) : null;
        if (direct != null) {
            return direct;
        }
        INDArray c = a.castTo(DataType.DOUBLE).dup('c').reshape(new long[] {n});
        Pointer p = c.data().addressPointer();
        return new Float64(n, new DoublePointer(p).capacity(n).limit(n).asBuffer(), a, c);
    }

    /**
     * Lanes over the elements of {@code a} in the order they lie in memory, whatever its rank and
     * ordering ('f' for DL4J's weight views), when {@code a} is contiguous FLOAT or DOUBLE memory;
     * otherwise {@code null}. Two arrays of the same shape, ordering and unit element stride pair
     * their elements index by index this way, which is all an elementwise rule with a global
     * reduction (LAMB's norms) needs. Reshaping to a vector instead may copy, and writes into a
     * copy would be lost.
     */
    static Lanes inMemoryOrder(INDArray a) {
        if (a.length() > Integer.MAX_VALUE || a.length() == 0 || a.elementWiseStride() != 1) {
            return null;
        }
        return direct(a, (int) a.length());
    }

    /** Lanes over the first {@code n} elements of {@code a}'s own memory when it is FLOAT or DOUBLE; otherwise {@code null}. */
    private static Lanes direct(INDArray a, int n) {
        if (a.dataType() == DataType.FLOAT) {
            return new Float32(n, new FloatPointer(a.data().addressPointer()).capacity(n).limit(n).asBuffer(), null, null);
        }
        if (a.dataType() == DataType.DOUBLE) {
            return new Float64(n, new DoublePointer(a.data().addressPointer()).capacity(n).limit(n).asBuffer(), null, null);
        }
        return null;
    }

    /** Whether all of {@code lanes} are FLOAT memory that {@link FloatTiles} can stream. */
    static boolean floats(Lanes... lanes) {
        for (Lanes l : lanes) {
            if (!(l instanceof Float32)) {
                return false;
            }
        }
        return true;
    }

    /** Copies {@code len} elements from {@code from} into {@code dst}; FLOAT lanes only. */
    void read(int from, float[] dst, int len) {
        ((Float32) this).b.get(from, dst, 0, len);
    }

    /** Copies {@code len} elements of {@code src} to {@code from}; FLOAT lanes only. */
    void write(int from, float[] src, int len) {
        ((Float32) this).b.put(from, src, 0, len);
    }

    abstract double get(int i);

    abstract void set(int i, double x);

    /** Writes the values back when these lanes are a copy; nothing to do for direct lanes. */
    void commit() {
        if (copy != null) {
            source.assign(copy.reshape(source.shape()).castTo(source.dataType()));
        }
    }

    private static final class Float32 extends Lanes {
        private final FloatBuffer b;

        Float32(int n, FloatBuffer b, INDArray source, INDArray copy) {
            super(n, source, copy);
            this.b = b;
        }

        @Override
        double get(int i) {
            return b.get(i);
        }

        @Override
        void set(int i, double x) {
            b.put(i, (float) x);
        }
    }

    private static final class Float64 extends Lanes {
        private final DoubleBuffer b;

        Float64(int n, DoubleBuffer b, INDArray source, INDArray copy) {
            super(n, source, copy);
            this.b = b;
        }

        @Override
        double get(int i) {
            return b.get(i);
        }

        @Override
        void set(int i, double x) {
            b.put(i, x);
        }
    }
}
