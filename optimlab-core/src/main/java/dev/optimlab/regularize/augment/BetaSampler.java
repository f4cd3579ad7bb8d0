package dev.optimlab.regularize.augment;

import java.io.Serializable;
import java.util.Random;

/**
 * Beta(α, α) draws from a seeded {@link Random}, as X/(X + Y) with X, Y ~ Gamma(α, 1) by Marsaglia
 * &amp; Tsang ("A Simple Method for Generating Gamma Variables", ACM TOMS 26(3), 2000), with the
 * U^(1/α) boost for α &lt; 1. Written out rather than borrowed so that mixup and cutmix depend on
 * nothing but the JDK for their randomness and stay reproducible from one seed.
 */
final class BetaSampler implements Serializable {

    private static final long serialVersionUID = 1L;

    private BetaSampler() {
    }

    static double symmetric(double alpha, Random random) {
        double x = gamma(alpha, random);
        double y = gamma(alpha, random);
        return x + y == 0 ? 0.5 : x / (x + y);
    }

    static double gamma(double shape, Random random) {
        if (shape < 1) {
            return gamma(shape + 1, random) * Math.pow(random.nextDouble(), 1.0 / shape);
        }
        double d = shape - 1.0 / 3.0;
        double c = 1.0 / Math.sqrt(9 * d);
        while (true) {
            double z = random.nextGaussian();
            double v = 1 + c * z;
            if (v <= 0) {
                continue;
            }
            v = v * v * v;
            double u = random.nextDouble();
            if (Math.log(u) < 0.5 * z * z + d - d * v + d * Math.log(v)) {
                return d * v;
            }
        }
    }
}
