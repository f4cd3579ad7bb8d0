package dev.optimlab.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Writes {@code results/README.md}: one line per report found under the results directory, with
 * its title and the one-sentence summary each report carries in a {@code <!-- summary: -->} line.
 */
public final class ResultsIndex {

    public static final String SUMMARY_MARK = "<!-- summary: ";

    private ResultsIndex() {
    }

    public static void write(Path resultsRoot) throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add("# OptimLab results");
        lines.add("");
        lines.add("Every report below was produced by the committed spec and code; each names the command that made it.");
        lines.add("");
        lines.add("| report | what it shows |");
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
