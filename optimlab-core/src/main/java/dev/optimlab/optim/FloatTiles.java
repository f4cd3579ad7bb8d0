package dev.optimlab.optim;

/**
 * Streams FLOAT {@link Lanes} through small heap tiles: a bulk copy in, an update loop over plain
 * {@code float[]}, a bulk copy out. Memory is still crossed once per step, and a loop over heap
 * arrays is what HotSpot's C2 compiles to SIMD instructions (a loop over a direct buffer stays
 * scalar in JDK 17), which is what makes the Adam-like rules memory-bound instead of
 * compute-bound.
 *
 * <p>The tile length (1024 floats, 4 KiB) keeps the tiles of up to four vectors inside L1.
 */
final class FloatTiles {

    static final int SIZE = 1024;

    private final Lanes[] lanes;
    private final float[][] tiles;

    FloatTiles(Lanes... lanes) {
        this.lanes = lanes;
        this.tiles = new float[lanes.length][SIZE];
    }

    /** All tiles, in the order of the lanes given to the constructor. */
    float[][] all() {
        return tiles;
    }

    /** Fills every tile from position {@code base}; returns how many elements were loaded. */
    int load(int base) {
        int len = Math.min(SIZE, lanes[0].length - base);
        for (int k = 0; k < lanes.length; k++) {
            lanes[k].read(base, tiles[k], len);
        }
        return len;
    }

    /** Writes back the tiles of the lanes marked in {@code written} (the others were only read). */
    void store(int base, int len, boolean[] written) {
        for (int k = 0; k < lanes.length; k++) {
            if (written[k]) {
                lanes[k].write(base, tiles[k], len);
            }
        }
    }
}
