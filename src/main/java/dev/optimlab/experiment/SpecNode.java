package dev.optimlab.experiment;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A position in a parsed YAML document that knows its file and path, so that every check can
 * report exactly where the problem is. Reading a mapping marks keys as used;
 * {@link #rejectUnknownKeys()} then fails on any key nobody asked for (typos never pass silently).
 */
public final class SpecNode {

    private final String file;
    private final String path;
    private final Object value;
    private final Set<String> used = new java.util.HashSet<>();
    /** Keys a parser asked about with {@link #has} (optional keys that may be absent): allowed here too. */
    private final Set<String> known = new java.util.TreeSet<>();

    SpecNode(String file, String path, Object value) {
        this.file = file;
        this.path = path;
        this.value = value;
    }

    public String file() {
        return file;
    }

    public String path() {
        return path;
    }

    public SpecException error(String problem) {
        return new SpecException(file, path, problem);
    }

    private String child(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    private Map<?, ?> map() {
        if (!(value instanceof Map<?, ?> m)) {
            throw error("must be a mapping (key: value), got " + describe(value));
        }
        return m;
    }

    public boolean has(String key) {
        known.add(key);
        return map().containsKey(key);
    }

    /** The child node; {@code null} value if absent. */
    public SpecNode get(String key) {
        used.add(key);
        return new SpecNode(file, child(key), map().get(key));
    }

    public boolean isMissing() {
        return value == null;
    }

    public boolean isMapping() {
        return value instanceof Map;
    }

    public SpecNode required(String key) {
        SpecNode n = get(key);
        if (n.isMissing()) {
            throw new SpecException(file, n.path, "is required");
        }
        return n;
    }

    public String string() {
        if (value instanceof String s) {
            return s;
        }
        if (value instanceof Number || value instanceof Boolean) {
            return value.toString();
        }
        throw error("must be a string, got " + describe(value));
    }

    public String string(String key, String fallback) {
        SpecNode n = get(key);
        return n.isMissing() ? fallback : n.string();
    }

    public String choice(String key, String fallback, Collection<String> allowed) {
        SpecNode n = get(key);
        String s = n.isMissing() ? fallback : n.string();
        if (s == null) {
            throw new SpecException(file, n.path, "is required; allowed: " + String.join(", ", allowed));
        }
        if (!allowed.contains(s)) {
            throw new SpecException(file, n.path, "unknown value '" + s + "'; allowed: " + String.join(", ", allowed));
        }
        return s;
    }

    public double number() {
        if (value instanceof Number num) {
            return num.doubleValue();
        }
        throw error("must be a number, got " + describe(value));
    }

    public double number(String key, double fallback, double min, double max) {
        SpecNode n = get(key);
        double v = n.isMissing() ? fallback : n.number();
        if (!(v >= min && v <= max)) {
            throw new SpecException(file, n.path, "must be in [" + fmt(min) + ", " + fmt(max) + "], got " + fmt(v));
        }
        return v;
    }

    public int integer(String key, int fallback, int min, int max) {
        SpecNode n = get(key);
        if (n.isMissing()) {
            return fallback;
        }
        if (!(n.value instanceof Integer || n.value instanceof Long)) {
            throw new SpecException(file, n.path, "must be a whole number, got " + describe(n.value));
        }
        long v = ((Number) n.value).longValue();
        if (v < min || v > max) {
            throw new SpecException(file, n.path, "must be in [" + min + ", " + max + "], got " + v);
        }
        return (int) v;
    }

    public long integer() {
        if (!(value instanceof Integer || value instanceof Long)) {
            throw error("must be a whole number, got " + describe(value));
        }
        return ((Number) value).longValue();
    }

    public List<SpecNode> list() {
        if (!(value instanceof List<?> l)) {
            throw error("must be a list, got " + describe(value));
        }
        List<SpecNode> out = new ArrayList<>();
        for (int i = 0; i < l.size(); i++) {
            out.add(new SpecNode(file, path + "[" + i + "]", l.get(i)));
        }
        return out;
    }

    /** A list of whole numbers, each in [{@code min}, {@code max}]; {@code what} names one in the error. */
    public List<Integer> integers(String what, int min, int max) {
        List<Integer> out = new ArrayList<>();
        for (SpecNode n : list()) {
            long v = n.integer();
            if (v < min || v > max) {
                throw n.error(what + " must be in [" + min + ", " + max + "], got " + v);
            }
            out.add((int) v);
        }
        return out;
    }

    /** The keys of a mapping, in document order (marked as used). */
    public List<String> keys() {
        List<String> out = new ArrayList<>();
        for (Object k : map().keySet()) {
            used.add(k.toString());
            out.add(k.toString());
        }
        return out;
    }

    /** A mapping of keys to numbers, in document order. */
    public Map<String, Double> numbers() {
        Map<String, Double> out = new LinkedHashMap<>();
        for (Object k : map().keySet()) {
            out.put(k.toString(), get(k.toString()).number());
        }
        return out;
    }

    /**
     * Fails on the first key nobody asked for. The allowed list is every key a parser read or asked
     * about with {@link #has}, so optional keys absent from this file are listed too.
     */
    public void rejectUnknownKeys() {
        Set<String> allowed = new java.util.TreeSet<>(known);
        allowed.addAll(used);
        for (Object k : map().keySet()) {
            if (!allowed.contains(k.toString())) {
                throw new SpecException(file, child(k.toString()), "unknown key; allowed here: " + String.join(", ", allowed));
            }
        }
    }

    static String describe(Object v) {
        if (v == null) {
            return "nothing";
        }
        if (v instanceof Map) {
            return "a mapping";
        }
        if (v instanceof List) {
            return "a list";
        }
        return "'" + v + "'";
    }

    private static String fmt(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }
}
