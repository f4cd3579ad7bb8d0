package dev.optimlab.experiment;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import dev.optimlab.report.AtomicFiles;
import dev.optimlab.report.Reproduce;
import dev.optimlab.report.ResultsIndex;

/**
 * The frame every kind's {@code REPORT.md} shares: the title, the summary line the results index
 * reads ({@link ResultsIndex#SUMMARY_MARK}), the spec's description, the kind's own body, and the
 * Reproduce block (command, spec, commit, versions, the spec's text). Written atomically, so a
 * crash leaves the previous report, never half of one.
 *
 * @param specFile the spec file as given on the command line
 * @param specText the spec's text, embedded in the Reproduce block
 * @param banner lines under the title before the summary (a report of stored trials from more than
 *               one commit, or from code with uncommitted changes, says so there); usually empty
 */
public record ReportSkeleton(String title, String description, String specFile, String specText, List<String> banner) {

    public ReportSkeleton(String title, String description, String specFile, String specText) {
        this(title, description, specFile, specText, List.of());
    }

    public static ReportSkeleton of(SpecHeader.Described spec) {
        return new ReportSkeleton(spec.title(), spec.description(), spec.source(), spec.text());
    }

    /** The same frame with {@code lines} under the title (e.g. {@code Provenance.banner}). */
    public ReportSkeleton withBanner(List<String> lines) {
        return new ReportSkeleton(title, description, specFile, specText, List.copyOf(lines));
    }

    /** The lines of the report: title, summary marker, description, {@code body}, Reproduce block. */
    public List<String> lines(String summary, List<String> body, String command, List<String> reproduceExtras) {
        List<String> md = new ArrayList<>();
        md.add("# " + title);
        md.add("");
        if (!banner.isEmpty()) {
            md.addAll(banner);
        }
        md.add(ResultsIndex.SUMMARY_MARK + summary + " -->");
        md.add("");
        if (!description.isBlank()) {
            md.add(description.strip());
            md.add("");
        }
        md.addAll(body);
        md.addAll(Reproduce.section(command, specFile, specText, reproduceExtras));
        return md;
    }

    /** Writes {@code dir/REPORT.md} atomically; returns its path. */
    public Path write(Path dir, String summary, List<String> body, String command, List<String> reproduceExtras)
            throws IOException {
        Files.createDirectories(dir);
        Path report = dir.resolve("REPORT.md");
        AtomicFiles.write(report, lines(summary, body, command, reproduceExtras));
        return report;
    }

    /** Rewrites the results index ({@code results/README.md}) after a report changed. */
    public static void refreshIndex(Path resultsRoot) throws IOException {
        ResultsIndex.write(resultsRoot);
    }
}
