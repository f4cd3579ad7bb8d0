package dev.optimlab.experiment;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;

/**
 * A validated spec ready to run: each experiment kind ({@code comparison}, {@code trajectories},
 * ...) parses its spec into one of these, and the command line only calls {@link #run}.
 */
public interface Experiment {

    /** Where things live and how the run was asked for. */
    record Settings(Path resultsRoot, Path dataRoot, boolean fresh, String command, PrintStream log) {
    }

    /** The spec's name; results go to {@code results/NAME/}. */
    String name();

    /** One line for {@code validate}: what would run. */
    String describe();

    /** Runs (resuming where a kind supports it), writes the report, refreshes the index; returns the report. */
    Path run(Settings settings) throws IOException;
}
