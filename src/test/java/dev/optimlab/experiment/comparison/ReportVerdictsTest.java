package dev.optimlab.experiment.comparison;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;

import dev.optimlab.problem.ProblemData;
import dev.optimlab.run.Trial;
import dev.optimlab.run.TrialResult;
import dev.optimlab.run.TrialStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.apache.commons.math3.distribution.TDistribution;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.optimlab.experiment.SpecParser;
import dev.optimlab.report.VerdictRows;

/**
 * Every comparison report's verdicts against its raw data. The committed comparison trials are
 * reported again into a temporary results directory with the current code (finished trials are
 * reused, nothing trains); a committed report that carries a {@code verdicts.csv} (written by this
 * code) is checked the same way and must say what the regenerated one says. For each: every line of {@code verdicts.csv} is recomputed from the trial
 * JSONs (read as plain JSON, paired by seed, by {@link VerdictRows}), {@code summary.csv}'s means are recomputed, and the summary sentence the index repeats is
 * parsed: each arm it calls better, worse or not separated has that verdict, and it never says "best".
 */
class ReportVerdictsTest {

    private static final List<String> COMPARISONS = List.of("regression-exercise", "modern-optimizers", "adam-epsilon",
            "regularization-ablation", "regularization-ablation-cnn");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    @Test
    void everyComparisonReportsVerdictsFollowFromItsTrials() throws IOException {
        for (String name : COMPARISONS) {
            Path committed = Path.of("results", name);
            assertTrue(Files.isDirectory(committed.resolve("trials")), "committed trials of " + name);
            copy(committed.resolve("trials"), tmp.resolve(name).resolve("trials"));
            report(name, tmp.resolve(name));
            checkReport(tmp.resolve(name));
            if (Files.exists(committed.resolve("verdicts.csv"))) { // committed reports written by this code
                checkReport(committed);
                assertEquals(summary(tmp.resolve(name)), summary(committed), name + ": committed verdicts are stale");
            }
        }
    }

    /**
     * Writes the report of the stored trials with the current report code. The committed trials
     * predate trial fingerprints, so a run would refuse them as stale; the report is written here
     * from the loaded trials directly (TrialStore.load still checks each file's arm and seed).
     */
    private static void report(String name, Path dir) throws IOException {
        Spec spec = SpecParser.parse(Path.of("experiments", name + ".yaml"), false);
        TrialStore store = new TrialStore(dir.resolve("trials"));
        List<TrialResult> results = new ArrayList<>();
        for (Trial t : Plan.of(spec)) {
            results.add(store.load(t).orElseThrow(() -> new AssertionError("missing committed trial " + t.id())));
        }
        new ComparisonReport(spec, results, ProblemData.of(spec.problem().data(), Path.of("data")), "test").write(dir);
    }

    private static void checkReport(Path dir) throws IOException {
        Map<String, Map<Long, Double>> scores = new HashMap<>();
        Map<String, Map<Long, Double>> losses = new HashMap<>();
        boolean accuracy = readTrials(dir.resolve("trials"), scores, losses);
        List<Map<String, String>> rows = csv(dir.resolve("verdicts.csv"));
        assertFalse(rows.isEmpty(), dir + ": no verdicts");
        Map<String, List<Map<String, String>>> families = new LinkedHashMap<>();
        for (Map<String, String> r : rows) {
            families.computeIfAbsent(r.get("family"), k -> new ArrayList<>()).add(r);
            Map<String, Map<Long, Double>> source = r.get("metric").equals("test accuracy")
                    || r.get("metric").equals("testMetric") ? scores : losses;
            VerdictRows.checkRow(dir + " " + r, r, source.get(r.get("arm")), source.get(r.get("reference")),
                    source == scores && accuracy);
        }
        families.values().forEach(VerdictRows::checkHolm);
        checkSummaryCsv(dir, scores, losses);
        checkSummarySentence(dir, families.get("baseline"));
    }

    private static void checkSummaryCsv(Path dir, Map<String, Map<Long, Double>> scores,
                                        Map<String, Map<Long, Double>> losses) throws IOException {
        for (Map<String, String> r : csv(dir.resolve("summary.csv"))) {
            assertEquals(mean(losses.get(r.get("arm"))), Double.parseDouble(r.get("test_loss_mean")), 1e-12, r.toString());
            assertEquals(halfWidth(losses.get(r.get("arm"))), Double.parseDouble(r.get("test_loss_ci95")), 1e-12,
                    r.toString());
            if (!r.get("test_metric_mean").isEmpty() && scores.get(r.get("arm")).values().stream().anyMatch(v -> v != null)) {
                assertEquals(mean(scores.get(r.get("arm"))), Double.parseDouble(r.get("test_metric_mean")), 1e-12,
                        r.toString());
            }
        }
    }

    /**
     * The index line: "better: `a`, `b`" / "worse: …" / "no difference detected at n = 5 for `c`"
     * / "identical to it in every seed: …" name arms with exactly those verdicts; no arm better
     * is said as "no arm improved on it"; no "best".
     */
    private static void checkSummarySentence(Path dir, List<Map<String, String>> baseline) throws IOException {
        String summary = summary(dir);
        assertFalse(summary.toLowerCase().matches(".*\\bbest\\b.*"), summary);
        Map<String, String> verdictOf = new HashMap<>();
        baseline.forEach(r -> verdictOf.put(r.get("arm"), r.get("verdict")));
        String baselineSentence = summary.substring(0, summary.indexOf(".", summary.indexOf("):")) + 1);
        for (String clause : baselineSentence.substring(baselineSentence.indexOf("):") + 2).split("; ")) {
            String c = clause.strip();
            String expected = c.startsWith("better:") ? "better" : c.startsWith("worse:") ? "worse"
                    : c.startsWith("separated by the unadjusted") || c.startsWith("no difference detected") ? "not_separated"
                    : c.startsWith("identical") ? "identical" : null;
            if (clause.contains("no arm improved")) {
                assertFalse(verdictOf.containsValue("better"), summary);
                continue;
            }
            assertTrue(expected != null, "unparsed clause '" + clause + "' in " + summary);
            Matcher m = Pattern.compile("`([^`]+)`").matcher(clause);
            int named = 0;
            while (m.find()) {
                assertEquals(expected, verdictOf.get(m.group(1)), m.group(1) + " in " + summary);
                named++;
            }
            Matcher others = Pattern.compile("for (\\d+) other arms").matcher(clause);
            if (others.find()) {
                named += Integer.parseInt(others.group(1));
                assertEquals(Integer.parseInt(others.group(1)),
                        verdictOf.values().stream().filter(v -> v.equals("not_separated")).count()
                                - countUnadjusted(baselineSentence), summary);
            }
            assertTrue(named > 0, clause);
        }
        assertTrue(verdictOf.values().stream().filter(v -> v.equals("better")).count() == 0
                || baselineSentence.contains("better:"), summary);
        assertTrue(verdictOf.values().stream().filter(v -> v.equals("worse")).count() == 0
                || baselineSentence.contains("worse:"), summary);
    }

    private static String summary(Path dir) throws IOException {
        return Files.readAllLines(dir.resolve("REPORT.md")).stream().filter(l -> l.startsWith("<!-- summary: "))
                .findFirst().orElseThrow(() -> new AssertionError(dir + ": no summary line"));
    }

    private static long countUnadjusted(String sentence) {
        int i = sentence.indexOf("separated by the unadjusted");
        if (i < 0) {
            return 0;
        }
        String clause = sentence.substring(i, sentence.indexOf(";", i) < 0 ? sentence.length() : sentence.indexOf(";", i));
        return Pattern.compile("`[^`]+`").matcher(clause).results().count();
    }

    /** t₀.₉₇₅(n − 1)·s/√n of the non-null values. */
    private static double halfWidth(Map<Long, Double> v) {
        double[] x = v.values().stream().filter(d -> d != null).mapToDouble(Double::doubleValue).toArray();
        double m = mean(v);
        double ss = 0;
        for (double d : x) {
            ss += (d - m) * (d - m);
        }
        return new TDistribution(x.length - 1).inverseCumulativeProbability(0.975) * Math.sqrt(ss / (x.length - 1))
                / Math.sqrt(x.length);
    }

    private static double mean(Map<Long, Double> v) {
        return v.values().stream().filter(x -> x != null).mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    }

    /** Final test accuracy and test loss per arm and seed, straight from the JSON (null: diverged). */
    private static boolean readTrials(Path trials, Map<String, Map<Long, Double>> scores,
                                      Map<String, Map<Long, Double>> losses) throws IOException {
        boolean accuracy = false;
        try (Stream<Path> files = Files.list(trials)) {
            for (Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".json"))::iterator) {
                JsonNode t = JSON.readTree(f.toFile());
                JsonNode last = !t.get("result").isNull() ? t.get("result")
                        : t.get("epochs").isEmpty() ? null : t.get("epochs").get(t.get("epochs").size() - 1);
                boolean ok = !"diverged".equals(t.get("status").asText()) && last != null;
                accuracy = "accuracy".equals(t.get("metricName").asText());
                String arm = t.get("arm").asText();
                long seed = t.get("seed").asLong();
                scores.computeIfAbsent(arm, k -> new HashMap<>()).put(seed, ok ? value(last, "testMetric") : null);
                losses.computeIfAbsent(arm, k -> new HashMap<>()).put(seed, ok ? value(last, "testLoss") : null);
            }
        }
        return accuracy;
    }

    private static Double value(JsonNode epoch, String field) {
        JsonNode v = epoch.get(field);
        return v == null || v.isNull() ? null : v.asDouble();
    }

    private static List<Map<String, String>> csv(Path file) throws IOException {
        return VerdictRows.csv(file);
    }

    private static void copy(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        try (Stream<Path> files = Files.list(from)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Files.copy(f, to.resolve(f.getFileName()));
            }
        }
    }
}
