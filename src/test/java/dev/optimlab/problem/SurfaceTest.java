package dev.optimlab.problem;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The 2-D surfaces the trajectory experiments trust: gradients, minima, start points, ids. */
class SurfaceTest {

    /**
     * Analytic gradient against central differences at 50 random points of the plot window and
     * at the start: step h = 1e-5 leaves truncation O(h²·f''') and rounding O(ε·|f|/h), both
     * below 1e-5 relative to the gradient's size (plus 1e-5 absolute near stationary points).
     */
    @ParameterizedTest
    @EnumSource(Surface.class)
    void gradientMatchesCentralDifferences(Surface s) {
        Random r = new Random(s.ordinal());
        double[] w = s.window();
        double h = 1e-5;
        for (int k = 0; k <= 50; k++) {
            double x = k == 50 ? s.start()[0] : w[0] + (w[1] - w[0]) * r.nextDouble();
            double y = k == 50 ? s.start()[1] : w[2] + (w[3] - w[2]) * r.nextDouble();
            double[] g = s.gradient(x, y);
            double dx = (s.value(x + h, y) - s.value(x - h, y)) / (2 * h);
            double dy = (s.value(x, y + h) - s.value(x, y - h)) / (2 * h);
            double scale = 1e-5 * (1 + Math.hypot(dx, dy));
            assertEquals(dx, g[0], scale, s + " ∂f/∂x at (" + x + ", " + y + ")");
            assertEquals(dy, g[1], scale, s + " ∂f/∂y at (" + x + ", " + y + ")");
        }
    }

    @ParameterizedTest
    @EnumSource(Surface.class)
    void minimumIsStationaryWithTheStatedValueAndInsideTheWindow(Surface s) {
        double[] m = s.minimum();
        double[] w = s.window();
        assertTrue(w[0] < s.start()[0] && s.start()[0] < w[1] && w[2] < s.start()[1] && s.start()[1] < w[3],
                s + ": the start must be inside the plot window");
        assertEquals(s, Surface.byId(s.id()));
        if (Double.isNaN(m[0])) {
            assertEquals(Double.NEGATIVE_INFINITY, s.minValue(), s + ": no minimizer only when unbounded below");
            assertTrue(s.value(0, 1e3) < -1e5, s + ": unbounded below");
            return;
        }
        assertEquals(s.minValue(), s.value(m[0], m[1]), 1e-12);
        assertArrayEquals(new double[] {0, 0}, s.gradient(m[0], m[1]), 1e-12);
        Random r = new Random(7);
        for (int k = 0; k < 200; k++) { // nothing in the window lies below the global minimum
            double x = w[0] + (w[1] - w[0]) * r.nextDouble();
            double y = w[2] + (w[3] - w[2]) * r.nextDouble();
            assertTrue(s.value(x, y) >= s.minValue(), s + " below its minimum at (" + x + ", " + y + ")");
        }
    }

    @ParameterizedTest
    @EnumSource(Surface.class)
    void accessorsReturnCopies(Surface s) {
        s.start()[0] = 99;
        s.minimum()[0] = 99;
        s.window()[0] = 99;
        assertTrue(s.start()[0] != 99 && s.window()[0] != 99 && s.minimum()[0] != 99);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Surface.byId("himmelblau"));
        assertTrue(e.getMessage().contains(String.join(", ", Surface.ids())), e.getMessage());
        assertEquals(Surface.values().length, Surface.ids().size());
    }
}
