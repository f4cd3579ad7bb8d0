package dev.optimlab.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.optimlab.experiment.QuickRuns;

/**
 * The verdicts of the non-comparison report kinds against the data they rest on (the comparison
 * kinds have {@code ReportVerdictsTest}). Each kind runs its quick variant into a temporary results
 * directory and that report is checked; a committed report is checked too when it carries the
 * format mark {@code <!-- verdicts: v2 -->} (written by the current report code; older committed
 * reports are re-run by the lead and then checked here).
 *
 * <p>The checks, from the files alone: every line of {@code verdicts.csv} recomputed from {@code
 * paired.csv} by {@link VerdictRows} (paired by seed; mean, interval, better/worse counts, the
 * paired t p from commons-math3's {@code TTest}, the exact sign-test p, Holm by hand); every "Against the baseline …" sentence of the report parsed and each named item
 * held to its row's verdict; the summary never says "best"; and per kind, the values in {@code
 * paired.csv} traced back to the kind's own CSVs and its headline verdict recomputed.
 */
class AllReportsVerdictsTest {

    private static final Pattern BASELINE = Pattern.compile(
            "Against the baseline `([^`]+)` \\((.+?), paired by seed, n = [^)]*\\): (.*?)\\.(?: |$)");

    @ParameterizedTest
    @ValueSource(strings = {"batch-size-sharpness", "bias-variance", "cross-validation", "ensembles", "loss-robustness",
        "trajectories"})
    void quickRunReportsVerdictsFollowFromItsData(String name) throws IOException {
        Path dir = QuickRuns.report(name).getParent();
        String report = Files.readString(dir.resolve("REPORT.md"));
        assertTrue(report.contains(PairedEvidence.FORMAT_MARK), name);
        check(name, dir);
        String summary = summary(report);
        String verdicts = summary.substring(ResultsIndex.SUMMARY_MARK.length(), summary.lastIndexOf("-->")).strip();
        assertTrue(Files.readString(QuickRuns.ROOT.resolve("README.md")).contains("| " + verdicts + " |"),
                "the results index repeats the report's verdicts with their caveats: " + name);
    }

    @ParameterizedTest
    @ValueSource(strings = {"batch-size-sharpness", "bias-variance", "cross-validation", "ensembles", "loss-robustness",
        "trajectories"})
    void committedReportOfTheCurrentFormatFollowsFromItsData(String name) throws IOException {
        Path dir = Path.of("results", name);
        String report = Files.readString(dir.resolve("REPORT.md"));
        if (report.contains(PairedEvidence.FORMAT_MARK)) {
            check(name, dir);
        } else { // an older report: it must not pretend to carry recomputable verdicts
            assertFalse(Files.exists(dir.resolve("paired.csv")), name + " has paired.csv but no format mark");
        }
    }

    private static void check(String name, Path dir) throws IOException {
        String report = Files.readString(dir.resolve("REPORT.md"));
        String summary = summary(report);
        assertFalse(summary.toLowerCase().matches(".*\\bbest\\b.*"), "the index line ranks: " + summary);
        if (name.equals("trajectories")) {
            ReportKindChecks.Trajectories.check(dir, summary);
            return;
        }
        List<Map<String, String>> rows = csv(dir.resolve("verdicts.csv"));
        Map<String, Map<Long, Double>> values = paired(dir.resolve("paired.csv"));
        int sentences = checkEvidence(dir, report, rows, values);
        assertTrue(sentences > 0 || name.equals("cross-validation"), name + ": no baseline sentence to check");
        switch (name) {
            case "batch-size-sharpness" -> ReportKindChecks.Sharpness.check(dir, summary, rows, values);
            case "cross-validation" -> ReportKindChecks.CrossValidation.check(dir, summary, rows, values);
            case "loss-robustness" -> ReportKindChecks.LossRobustness.check(dir, summary, rows, values);
            case "bias-variance" -> ReportKindChecks.BiasVariance.check(dir, summary, rows, values);
            case "ensembles" -> ReportKindChecks.Ensembles.check(dir, rows, values);
            default -> throw new AssertionError("no kind check for " + name);
        }
    }

    /**
     * The generic part: every row of verdicts.csv recomputed from paired.csv, Holm per family, and
     * every baseline sentence of {@code report}; returns how many sentences were checked.
     */
    static int checkEvidence(Path dir, String report, List<Map<String, String>> rows,
                             Map<String, Map<Long, Double>> values) {
        assertFalse(rows.isEmpty(), dir + ": no verdicts");
        Map<String, List<Map<String, String>>> families = new LinkedHashMap<>();
        for (Map<String, String> r : rows) {
            families.computeIfAbsent(r.get("family"), k -> new ArrayList<>()).add(r);
            checkRow(dir, r, values);
        }
        families.values().forEach(VerdictRows::checkHolm);
        return checkSentences(report, rows);
    }

    /** The row's numbers recomputed from the per-seed values, and its verdict from its Holm p and sign. */
    static void checkRow(Path dir, Map<String, String> r, Map<String, Map<Long, Double>> values) {
        String what = dir + " " + r;
        boolean higher = higherIsBetter(values, r);
        Map<Long, Double> arm = values.get(key(r.get("family"), r.get("metric"), r.get("arm")));
        Map<Long, Double> ref = values.get(key(r.get("family"), r.get("metric"), r.get("reference")));
        assertNotNull(arm, "no per-seed values for " + what);
        assertNotNull(ref, "no per-seed values for the reference of " + what);
        VerdictRows.checkRow(what, r, arm, ref, higher);
    }

    private static boolean higherIsBetter(Map<String, Map<Long, Double>> values, Map<String, String> r) {
        Boolean h = DIRECTION.get(key(r.get("family"), r.get("metric"), r.get("arm")));
        assertNotNull(h, "no direction for " + r);
        return h;
    }

    /**
     * Every "Against the baseline `X` (M, paired by seed, …): clauses." sentence: each clause names
     * items with exactly its verdict (better/larger…, worse/smaller…, not separated, identical), and
     * every separated row of the family is named. Returns how many sentences were checked.
     */
    static int checkSentences(String report, List<Map<String, String>> rows) {
        Matcher m = BASELINE.matcher(report);
        int count = 0;
        while (m.find()) {
            count++;
            String baseline = m.group(1);
            String metric = m.group(2);
            Map<String, String> verdictOf = new HashMap<>();
            boolean byFamily = rows.stream().anyMatch(r -> r.get("family").equals(Verdicts.cell(metric)));
            rows.stream().filter(r -> r.get("reference").equals(Verdicts.cell(baseline))
                    && r.get(byFamily ? "family" : "metric").equals(Verdicts.cell(metric)))
                    .forEach(r -> verdictOf.put(r.get("arm"), r.get("verdict")));
            assertFalse(verdictOf.isEmpty(), "no verdict rows for: " + m.group());
            int named = 0;
            for (String clause : m.group(3).split("; ")) {
                String c = clause.strip();
                if (c.startsWith("no ") && !c.startsWith("no difference detected")) { // "no arm improved on it"
                    assertFalse(verdictOf.containsValue("better"), m.group());
                    continue;
                }
                String expected = c.startsWith("separated by the unadjusted") || c.startsWith("no difference detected")
                        ? "not_separated" : c.startsWith("identical") ? "identical"
                        : c.matches("^(better|larger|lower).*") ? "better"
                        : c.matches("^(worse|smaller|higher).*") ? "worse" : null;
                assertNotNull(expected, "unparsed clause '" + clause + "' in " + m.group());
                Matcher names = Pattern.compile("`([^`]+)`").matcher(c);
                while (names.find()) {
                    assertEquals(expected, verdictOf.get(Verdicts.cell(names.group(1))), names.group(1) + " in " + m.group());
                    named++;
                }
                Matcher others = Pattern.compile("for (\\d+) other ").matcher(c);
                if (others.find()) {
                    named += Integer.parseInt(others.group(1));
                }
            }
            assertEquals(verdictOf.size(), named, "every compared item accounted for in: " + m.group());
        }
        return count;
    }

    static String summary(String report) {
        return report.lines().filter(l -> l.startsWith(ResultsIndex.SUMMARY_MARK)).findFirst()
                .orElseThrow(() -> new AssertionError("no summary line"));
    }

    /** Direction of each (family, metric, arm) as read from paired.csv; filled by {@link #paired}. */
    private static final Map<String, Boolean> DIRECTION = new HashMap<>();

    static String key(String family, String metric, String arm) {
        return family + "|" + metric + "|" + arm;
    }

    /** paired.csv as (family|metric|arm) → seed → value (null: no value). */
    static Map<String, Map<Long, Double>> paired(Path file) throws IOException {
        Map<String, Map<Long, Double>> out = new HashMap<>();
        DIRECTION.clear();
        for (Map<String, String> r : csv(file)) {
            String k = key(r.get("family"), r.get("metric"), r.get("arm"));
            out.computeIfAbsent(k, x -> new TreeMap<>()).put(Long.parseLong(r.get("seed")),
                    r.get("value").isEmpty() ? null : Double.parseDouble(r.get("value")));
            DIRECTION.put(k, Boolean.parseBoolean(r.get("higher_is_better")));
        }
        return out;
    }

    static List<Map<String, String>> csv(Path file) throws IOException {
        return VerdictRows.csv(file);
    }
}
