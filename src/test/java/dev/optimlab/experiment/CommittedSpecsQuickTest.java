package dev.optimlab.experiment;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every committed spec runs end to end in its quick variant: validation, training, the report
 * with its charts, the results index. Asserts the pipeline, not the science.
 */
class CommittedSpecsQuickTest {

    static List<Path> specs() throws Exception {
        try (Stream<Path> s = Files.list(Path.of("experiments"))) {
            return s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
    }

    @ParameterizedTest
    @MethodSource("specs")
    void quickVariantRunsAndReports(Path spec) throws Exception {
        Experiment e = SpecParser.parseAny(spec, true);
        Path report = QuickRuns.report(spec.getFileName().toString().replace(".yaml", ""));
        assertTrue(Files.isRegularFile(report), spec + ": no report");
        String text = Files.readString(report);
        assertTrue(text.contains("## Reproduce"), spec + ": report lacks the Reproduce section");
        assertTrue(text.contains("<!-- summary: "), spec + ": report lacks its summary line");
        try (Stream<Path> pngs = Files.list(report.getParent())) {
            assertTrue(pngs.anyMatch(p -> p.toString().endsWith(".png")), spec + ": no chart");
        }
        assertTrue(Files.readString(QuickRuns.ROOT.resolve("README.md")).contains(e.name()), "index lists " + e.name());
    }
}
