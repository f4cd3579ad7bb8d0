package dev.optimlab.optim;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.StringJoiner;

/**
 * Value semantics for a component that is nothing but the values of its declared
 * {@link Hyperparameter}s (a noise, a penalty, a loss): equal to another of the same class with
 * equal values, hashed and printed ({@code Name(key=value, ...)}) from them. A component states
 * its values once ({@link #values()}) instead of writing {@code equals}, {@code hashCode} and
 * {@code toString} around them; DL4J compares such components when it merges layer
 * configurations, and a JSON round trip must give back an equal one.
 *
 * <p>No fields: Jackson serializes a component by its own fields, so extending this class leaves
 * the JSON unchanged.
 */
public abstract class DeclaredValues {

    /** The values under their declared keys, in declaration order ({@link #keyed}); empty for none. */
    protected abstract Map<String, Object> values();

    /** Declaration → value pairs ({@code keyed(SIGMA, sigma, APPLY_TO_BIAS, applyToBias)}) as {@link #values()} returns them. */
    protected static Map<String, Object> keyed(Object... declarationsAndValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < declarationsAndValues.length; i += 2) {
            m.put(((Hyperparameter) declarationsAndValues[i]).key(), declarationsAndValues[i + 1]);
        }
        return m;
    }

    @Override
    public boolean equals(Object o) {
        // Double.equals, like Double.compare: NaN equals NaN, 0.0 differs from −0.0
        return o != null && o.getClass() == getClass() && values().equals(((DeclaredValues) o).values());
    }

    @Override
    public int hashCode() {
        return Objects.hash(getClass().getName(), values());
    }

    @Override
    public String toString() {
        StringJoiner s = new StringJoiner(", ", getClass().getSimpleName() + "(", ")");
        values().forEach((k, v) -> s.add(k + "=" + v));
        return s.toString();
    }
}
