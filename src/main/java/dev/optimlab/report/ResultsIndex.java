package dev.optimlab.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Writes {@code results/README.md}: one line per report found under the results directory, with
 * its title and the verdicts each report carries in a {@code <!-- summary: -->} line (written from
 * the report's paired tests, with their n and caveats; the index adds no judgement of its own).
 */
public final class ResultsIndex {

    public static final String SUMMARY_MARK = "<!-- summary: ";

    private ResultsIndex() {
    }

    public static void write(Path resultsRoot) throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add("# OptimLab results");
        lines.add("");
        lines.add("Each report names the command, spec and code commit that made it. The lines below repeat each report's "
                + "verdicts with their caveats: comparisons are paired by seed against a named baseline, n and the "
                + "adjustment for multiple comparisons are given, and a difference the test does not separate is "
                + "\"no difference detected at n = …\", never a ranking.");
        lines.add("");
        lines.add("| report | verdicts |");
        lines.add("|---|---|");
        List<Path> reports;
        try (Stream<Path> s = Files.walk(resultsRoot, 2)) {
            reports = s.filter(p -> p.getFileName().toString().matches("REPORT\\.md|updater-step\\.md")).sorted().toList();
        }
        for (Path r : reports) {
            String title = r.getParent().getFileName().toString();
            String summary = "";
            for (String line : Files.readAllLines(r)) {
                if (line.startsWith("# ") && title.equals(r.getParent().getFileName().toString())) {
                    title = line.substring(2).strip();
                }
                if (line.startsWith(SUMMARY_MARK)) {
                    summary = line.substring(SUMMARY_MARK.length(), line.lastIndexOf("-->")).strip();
                }
            }
            lines.add("| [" + title + "](" + resultsRoot.relativize(r).toString().replace('\\', '/') + ") | " + summary + " |");
        }
        AtomicFiles.write(resultsRoot.resolve("README.md"), lines);
    }
}
