package dev.optimlab.optim;

/**
 * Which formula an optimizer follows where DL4J 1.0.0-M2.1's built-in departs from the published
 * algorithm. {@link #PAPER} is the default everywhere; {@link #DL4J} exists so that parity with
 * the built-in can be shown exactly and runs can be compared like for like.
 */
public enum Variant {
    /** The algorithm as published (the paper's equations). */
    PAPER,
    /** Bit-for-bit the formula of DL4J 1.0.0-M2.1's built-in twin. */
    DL4J
}
