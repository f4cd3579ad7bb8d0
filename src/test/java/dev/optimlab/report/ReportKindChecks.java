package dev.optimlab.report;

import static dev.optimlab.report.AllReportsVerdictsTest.csv;
import static dev.optimlab.report.AllReportsVerdictsTest.key;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.optimlab.problem.Surface;

/**
 * Per report kind: the per-seed values of {@code paired.csv} traced back to the kind's own CSVs,
 * and the headline verdict recomputed from {@code verdicts.csv} by the rule the report states.
 */
final class ReportKindChecks {

    private ReportKindChecks() {
    }

    private static Map<String, String> row(List<Map<String, String>> rows, String family, String arm) {
        return rows.stream().filter(r -> r.get("family").equals(family) && r.get("arm").equals(arm)).findFirst()
                .orElseThrow(() -> new AssertionError("no verdict row " + family + " / " + arm));
    }

    private static void sameValues(Map<Long, Double> expected, Map<Long, Double> actual, String what) {
        assertNotNull(actual, what);
        assertEquals(expected.keySet(), actual.keySet(), what);
        expected.forEach((seed, v) -> assertEquals(v, actual.get(seed), 1e-12 * Math.max(1, Math.abs(v)), what + " seed " + seed));
    }

    /** A loss's per-seed mean height recovered on the small peaks, from peaks.csv. */
    private static int smallPeaks(Path dir, String loss, Map<Long, Double> actual) throws IOException {
        Map<Long, double[]> sums = new TreeMap<>();
        for (Map<String, String> r : csv(dir.resolve("peaks.csv"))) {
            if (r.get("loss").equals(loss) && r.get("peak").startsWith("small")) {
                double[] s = sums.computeIfAbsent(Long.parseLong(r.get("seed")), x -> new double[2]);
                s[0] += Double.parseDouble(r.get("heightRecovered"));
                s[1]++;
            }
        }
        Map<Long, Double> expected = new TreeMap<>();
        sums.forEach((seed, s) -> expected.put(seed, s[0] / s[1]));
        assertEquals(expected.keySet(), actual.keySet(), "small peaks of " + loss);
        expected.forEach((seed, v) -> assertEquals(v, actual.get(seed), 1e-8, "small peaks of " + loss));
        return 1;
    }

    /** batch-size-sharpness: runs.csv → paired.csv; the claim's word from the gap and sharpness rows. */
    static final class Sharpness {

        private static final String FAMILY = "large − small batch";
        private static final Map<String, String> COLUMNS = Map.of("epochs to target", "epochs", "test accuracy",
                "test_acc", "train accuracy", "train_acc", "gap: test − train loss", "gap_loss",
                "top Hessian eigenvalue λmax", "lambda_max");

        static void check(Path dir, String summary, List<Map<String, String>> rows, Map<String, Map<Long, Double>> values)
                throws IOException {
            List<Map<String, String>> runs = csv(dir.resolve("runs.csv"));
            for (Map.Entry<String, String> e : COLUMNS.entrySet()) {
                for (String arm : List.of("small", "large")) {
                    Map<Long, Double> expected = new TreeMap<>();
                    runs.stream().filter(r -> r.get("arm").equals(arm)).forEach(r ->
                            expected.put(Long.parseLong(r.get("seed")), Double.parseDouble(r.get(e.getValue()))));
                    sameValues(expected, values.get(key(FAMILY, e.getKey(), arm.equals("small") ? "small batch"
                            : e.getKey())), e.getKey() + " of the " + arm + " batch");
                }
            }
            assertEquals(COLUMNS.size() + 8, rows.stream().filter(r -> r.get("family").equals(FAMILY)).count(),
                    "one comparison per measure of the table");
            String gap = row(rows, FAMILY, "gap: test − train loss").get("verdict");
            List<String> sharp = rows.stream().filter(r -> r.get("family").equals(FAMILY)
                    && (r.get("arm").startsWith("φ") || r.get("arm").startsWith("top Hessian")))
                    .map(r -> r.get("verdict")).toList();
            assertEquals(5, sharp.size(), "four φ and λmax");
            boolean allReached = runs.stream().allMatch(r -> Boolean.parseBoolean(r.get("reached_target")));
            String word = !allReached ? "Inconclusive"
                    : gap.equals("worse") || sharp.stream().allMatch("worse"::equals) ? "Contradicted"
                    : gap.equals("better") && sharp.contains("better") && !sharp.contains("worse") ? "Supported"
                    : "Not separated at n = " + row(rows, FAMILY, "gap: test − train loss").get("n");
            assertTrue(summary.contains("generalizes worse: " + word), word + " expected in " + summary);
        }
    }

    /** cross-validation: time-series.csv and tabular.csv → paired.csv; the sign-test and optimism verdicts. */
    static final class CrossValidation {

        static void check(Path dir, String summary, List<Map<String, String>> rows, Map<String, Map<Long, Double>> values)
                throws IOException {
            String report = Files.readString(dir.resolve("REPORT.md"));
            if (Files.exists(dir.resolve("time-series.csv"))) {
                timeSeries(dir, summary, report, rows, values);
            }
            if (Files.exists(dir.resolve("tabular.csv"))) {
                tabular(dir, summary, rows, values);
            }
        }

        private static void timeSeries(Path dir, String summary, String report, List<Map<String, String>> rows,
                                       Map<String, Map<Long, Double>> values) throws IOException {
            Map<String, Map<Long, double[]>> sums = new TreeMap<>(); // series → seed → {shuffled, truth, origins}
            for (Map<String, String> r : csv(dir.resolve("time-series.csv"))) {
                double[] s = sums.computeIfAbsent(r.get("series"), k -> new TreeMap<>())
                        .computeIfAbsent(Long.parseLong(r.get("seed")), k -> new double[3]);
                s[0] += Double.parseDouble(r.get("shuffledEstimate"));
                s[1] += Double.parseDouble(r.get("trueForwardError"));
                s[2]++;
            }
            assertTrue(!sums.isEmpty(), "time series to check");
            for (Map.Entry<String, Map<Long, double[]>> e : sums.entrySet()) {
                String family = "time series: " + e.getKey();
                Map<Long, Double> shuffled = new TreeMap<>();
                Map<Long, Double> truth = new TreeMap<>();
                e.getValue().forEach((seed, s) -> {
                    shuffled.put(seed, s[0] / s[2]);
                    truth.put(seed, s[1] / s[2]);
                });
                String metric = "MSE/σ²; mean over origins";
                sameValues(shuffled, values.get(key(family, metric, "shuffled k-fold estimate")), family);
                sameValues(truth, values.get(key(family, metric, "true forward error")), family);
                Map<String, String> r = row(rows, family, "shuffled k-fold estimate");
                int below = Integer.parseInt(r.get("worse"));
                int n = Integer.parseInt(r.get("n"));
                double p = Double.parseDouble(r.get("sign_p"));
                assertTrue(summary.contains(e.getKey() + ": shuffled k-fold") && summary.contains("(shuffled below truth in "
                        + below + "/" + n + " seeds, sign test p = " + Markdown.num(p) + ")"), family + " in " + summary);
                String word = p < 0.05 ? (2 * below > n ? "**supported**" : "**contradicted**")
                        : "**not separated at n = " + n + "**";
                assertTrue(report.contains("`" + e.getKey() + "`: " + word), family + ": " + word);
            }
        }

        private static void tabular(Path dir, String summary, List<Map<String, String>> rows,
                                    Map<String, Map<Long, Double>> values) throws IOException {
            Map<String, String> families = Map.of("chosenByTest", "optimism: pick λ on the test set", "chosenByCv",
                    "optimism: CV → retrain → test once");
            Map<String, String> verdict = new HashMap<>();
            for (Map.Entry<String, String> f : families.entrySet()) {
                Map<Long, Double> fresh = new TreeMap<>();
                Map<Long, Double> test = new TreeMap<>();
                for (Map<String, String> r : csv(dir.resolve("tabular.csv"))) {
                    if (Boolean.parseBoolean(r.get(f.getKey()))) {
                        fresh.put(Long.parseLong(r.get("seed")), Double.parseDouble(r.get("freshError")));
                        test.put(Long.parseLong(r.get("seed")), Double.parseDouble(r.get("testError")));
                    }
                }
                sameValues(fresh, values.get(key(f.getValue(), "classification error", "true error (fresh set)")),
                        f.getValue());
                sameValues(test, values.get(key(f.getValue(), "classification error", "claimed error (test set)")),
                        f.getValue());
                verdict.put(f.getKey(), row(rows, f.getValue(), "true error (fresh set)").get("verdict"));
            }
            String peek = verdict.get("chosenByTest");
            String word = peek.equals("better") ? (verdict.get("chosenByCv").matches("better|worse")
                    ? "supported for peeking" : "supported") : peek.equals("worse") ? "contradicted"
                    : "not separated at n = " + row(rows, families.get("chosenByTest"), "true error (fresh set)").get("n");
            assertTrue(summary.contains("(peeking's optimism: " + word + ";"), word + " expected in " + summary);
        }
    }

    /** loss-robustness: outlier-sweep.csv → paired.csv; the outlier claim's word from the MAE − MSE row. */
    static final class LossRobustness {

        static void check(Path dir, String summary, List<Map<String, String>> rows, Map<String, Map<Long, Double>> values)
                throws IOException {
            Map<String, Map<Long, Double>> sweep = new HashMap<>(); // "loss|fraction %" → seed → error
            for (Map<String, String> r : csv(dir.resolve("outlier-sweep.csv"))) {
                String pct = Markdown.num(100 * Double.parseDouble(r.get("outlierFraction")));
                sweep.computeIfAbsent(r.get("loss") + "|" + pct, k -> new TreeMap<>())
                        .put(Long.parseLong(r.get("seed")), Double.parseDouble(r.get("testErrorVsTruth")));
            }
            int checked = 0;
            for (String k : values.keySet()) {
                String[] part = k.split("\\|");
                if (part[0].equals("small peaks")) {
                    checked += smallPeaks(dir, part[2], values.get(k));
                    continue;
                }
                Matcher m = Pattern.compile("error vs truth at (.+)% outliers").matcher(part[1]);
                assertTrue(m.matches(), k);
                Map<Long, Double> expected = sweep.get(part[2] + "|" + m.group(1));
                assertNotNull(expected, k);
                Map<Long, Double> actual = values.get(k);
                assertEquals(expected.keySet(), actual.keySet(), k);
                expected.forEach((seed, v) -> assertEquals(v, actual.get(seed), 1e-8 * Math.max(1, Math.abs(v)), k));
                checked++;
            }
            assertTrue(checked > 0, "paired values to trace");
            Map<String, String> last = rows.stream().filter(r -> r.get("family").startsWith("MAE vs MSE at "))
                    .findFirst().orElseThrow();
            String word = switch (last.get("verdict")) {
                case "better" -> "Supported";
                case "worse" -> "Contradicted";
                default -> "Not separated at n = " + last.get("n");
            };
            assertTrue(summary.contains("the claim that MAE is more robust: " + word + " (MAE − MSE at "
                    + last.get("family").replace("MAE vs MSE at ", "").replace(" outliers", "")), word + " in " + summary);
        }
    }

    /** bias-variance: paired.csv's per-model errors average to decomposition.csv's; the U verdict recomputed. */
    static final class BiasVariance {

        static void check(Path dir, String summary, List<Map<String, String>> rows, Map<String, Map<Long, Double>> values)
                throws IOException {
            List<Map<String, String>> widths = csv(dir.resolve("decomposition.csv"));
            int k = widths.size();
            double[] error = new double[k];
            int best = 0;
            for (int i = 0; i < k; i++) {
                error[i] = Double.parseDouble(widths.get(i).get("expectedError"));
                Map<Long, Double> perModel = values.get(key("expected error", "expected error", "width "
                        + widths.get(i).get("width")));
                assertNotNull(perModel, "per-model errors of width " + widths.get(i).get("width"));
                double mean = perModel.values().stream().mapToDouble(Double::doubleValue).average().orElseThrow();
                assertEquals(error[i], mean, 1e-8 * error[i], "width " + widths.get(i).get("width"));
                best = error[i] < error[best] ? i : best;
            }
            int biasDown = 0;
            int varUp = 0;
            for (int i = 1; i < k; i++) {
                biasDown += col(widths, i, "bias2") < col(widths, i - 1, "bias2") ? 1 : 0;
                varUp += col(widths, i, "variance") > col(widths, i - 1, "variance") ? 1 : 0;
            }
            int dip = -1;
            for (int i = 1; i < k - 1 && dip < 0; i++) {
                dip = error[i] < error[i - 1] && error[i] < error[i + 1] ? i : -1;
            }
            boolean ends = higher(rows, widths, 0, best) && higher(rows, widths, k - 1, best);
            boolean u = best > 0 && best < k - 1 && ends && 2 * biasDown >= k - 1 && 2 * varUp >= k - 1;
            String word = u ? "Supported" : dip >= 0 && row(rows, "rise after the first dip", rows.stream()
                    .filter(r -> r.get("family").equals("rise after the first dip")).findFirst().orElseThrow()
                    .get("arm")).get("verdict").equals("worse") ? "Partly supported" : "Not supported by this run";
            assertTrue(summary.contains("the U-shape claim: " + word + ";"), word + " expected in " + summary);
        }

        private static double col(List<Map<String, String>> widths, int i, String column) {
            return Double.parseDouble(widths.get(i).get(column));
        }

        /** Whether width i's error is separated above the lowest one's (trivially true for the lowest itself). */
        private static boolean higher(List<Map<String, String>> rows, List<Map<String, String>> widths, int i, int best) {
            return i == best || row(rows, "expected error", "width " + widths.get(i).get("width")).get("verdict")
                    .equals("worse");
        }
    }

    /** ensembles: each task's per-seed scores in {@code <task>-scores.csv} → paired.csv. */
    static final class Ensembles {

        static void check(Path dir, List<Map<String, String>> rows, Map<String, Map<Long, Double>> values)
                throws IOException {
            int traced = 0;
            for (Map<String, String> row : rows) {
                String family = row.get("family");
                String task = family.substring(0, family.indexOf(" test "));
                List<Map<String, String>> scores = csv(dir.resolve(task + "-scores.csv"));
                String column = scores.get(0).keySet().stream().filter(c -> c.startsWith("test_")).findFirst().orElseThrow();
                for (String method : List.of(row.get("arm"), row.get("reference"))) {
                    Map<Long, Double> expected = new TreeMap<>();
                    scores.stream().filter(r -> r.get("method").equals(method)).forEach(r ->
                            expected.put(Long.parseLong(r.get("seed")), Double.parseDouble(r.get(column))));
                    sameValues(expected, values.get(key(family, row.get("metric"), method)), family + " " + method);
                    traced++;
                }
            }
            assertTrue(traced > 0, "scores to trace");
        }
    }

    /** trajectories (deterministic, no seeds): summary.csv recomputed from the paths; the summary's counts. */
    static final class Trajectories {

        static void check(Path dir, String summary) throws IOException {
            List<Map<String, String>> runs = csv(dir.resolve("summary.csv"));
            for (Map<String, String> r : runs) {
                double fStar = Surface.byId(r.get("surface")).minValue();
                double tol = Double.parseDouble(r.get("tolerance"));
                int first = -1;
                if (Double.isFinite(fStar)) {
                    for (Map<String, String> p : csv(dir.resolve("csv").resolve(r.get("surface") + ".csv"))) {
                        if (p.get("arm").equals(r.get("arm")) && Double.parseDouble(p.get("f")) - fStar <= tol) {
                            first = Integer.parseInt(p.get("step"));
                            break;
                        }
                    }
                }
                assertEquals(first, Integer.parseInt(r.get("steps_to_tolerance")), r.toString());
                assertEquals(Boolean.parseBoolean(r.get("diverged")) && Double.isFinite(fStar),
                        Boolean.parseBoolean(r.get("diverged_on_bounded")), r.toString());
            }
            long reached = runs.stream().filter(r -> Integer.parseInt(r.get("steps_to_tolerance")) >= 0).count();
            long diverged = runs.stream().filter(r -> Boolean.parseBoolean(r.get("diverged_on_bounded"))).count();
            Matcher m = Pattern.compile("(\\d+) of (\\d+) optimizer×surface runs reached the tolerance, (\\d+) diverged")
                    .matcher(summary);
            assertTrue(m.find(), summary);
            assertEquals(reached, Long.parseLong(m.group(1)), summary);
            assertEquals(runs.size(), Integer.parseInt(m.group(2)), summary);
            assertEquals(diverged, Long.parseLong(m.group(3)), summary);
            String report = Files.readString(dir.resolve("REPORT.md"));
            for (String surface : runs.stream().map(r -> r.get("surface")).distinct().toList()) {
                Map<String, String> first = null; // fewest steps, the first in spec order on a tie
                for (Map<String, String> r : runs) {
                    int steps = Integer.parseInt(r.get("steps_to_tolerance"));
                    if (r.get("surface").equals(surface) && steps >= 0
                            && (first == null || steps < Integer.parseInt(first.get("steps_to_tolerance")))) {
                        first = r;
                    }
                }
                String expected = surface + ": " + (first == null ? "none"
                        : "`" + first.get("arm") + "` (" + first.get("steps_to_tolerance") + " steps)");
                assertTrue(report.contains(expected), "the fastest on " + surface + ": " + expected);
            }
        }
    }
}
