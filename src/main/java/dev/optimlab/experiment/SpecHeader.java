package dev.optimlab.experiment;

import java.util.ArrayList;
import java.util.List;

/**
 * The fields every spec starts with, read the same way for every kind: {@code name} (lower-case
 * letters, digits and '-'; results go to {@code results/NAME/}), {@code title} (default: the
 * name), {@code description} (default: empty) and the {@code quick:} block, which
 * {@link SpecParser} has already merged when asked for and which is otherwise ignored. The seed
 * list is read here too, so a duplicate or missing seed gets the same message in every kind.
 *
 * @param source the spec file as given on the command line
 * @param text the spec file's text, embedded in the report
 */
public record SpecHeader(String name, String title, String description, String source, String text) {

    /** A validated spec of any kind: its name is where its results go. */
    public interface Named {
        String name();
    }

    /** What a report's frame needs from a spec ({@link ReportSkeleton}); spec records implement it with their fields. */
    public interface Described extends Named {
        String title();

        String description();

        String source();

        String text();
    }

    /** Reads {@code name}, {@code title}, {@code description} and marks {@code quick} as read. */
    public static SpecHeader parse(SpecNode root, String file, String text) {
        String name = name(root);
        String title = root.string("title", name);
        String description = root.string("description", "");
        root.get("quick"); // merged by SpecParser when requested; otherwise ignored
        return new SpecHeader(name, title, description, file, text);
    }

    /** The spec's {@code name}: lower-case letters, digits and '-'. */
    public static String name(SpecNode root) {
        String name = root.required("name").string();
        if (!name.matches("[a-z0-9][a-z0-9-]*")) {
            throw root.get("name").error("must be lower-case letters, digits and '-', got '" + name + "'");
        }
        return name;
    }

    /** The required {@code seeds} list: integers, no duplicates, at least one. */
    public static List<Long> seeds(SpecNode root) {
        return seeds(root, 1, "needs at least one seed");
    }

    /** The required {@code seeds} list with at least {@code atLeast} seeds; {@code tooFew} says why otherwise. */
    public static List<Long> seeds(SpecNode root, int atLeast, String tooFew) {
        SpecNode list = root.required("seeds");
        List<Long> seeds = new ArrayList<>();
        for (SpecNode s : list.list()) {
            long v = s.integer();
            if (seeds.contains(v)) {
                throw s.error("duplicate seed " + v);
            }
            seeds.add(v);
        }
        if (seeds.size() < atLeast) {
            throw list.error(tooFew);
        }
        return seeds;
    }
}
