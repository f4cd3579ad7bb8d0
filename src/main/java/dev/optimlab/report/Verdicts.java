package dev.optimlab.report;

import static dev.optimlab.report.Markdown.num;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

import dev.optimlab.analysis.PairedDifference;
import dev.optimlab.analysis.PairedDifference.Verdict;

/**
 * The sentences and the machine-readable lines every report writes from
 * {@link PairedDifference}s: a separated difference is called better or worse with its interval,
 * anything else "no difference detected at n = …", never a ranking; negative findings are said.
 */
public final class Verdicts {

    /** Header of {@code verdicts.csv}; one line per comparison a report's sentences rest on. */
    public static final String CSV_HEADER = "family,arm,reference,metric,n,mean_difference,ci95_low,ci95_high,"
            + "better,worse,ties,t_p,sign_p,holm_p,comparisons,verdict";

    private Verdicts() {
    }

    /** "−0.031 (95% CI −0.04 to −0.02; better in 0/5 seeds; Holm p = 0.001)". */
    public static String difference(PairedDifference c) {
        return difference(c, Direction.QUALITY);
    }

    /** "+0.49 (95% CI 0.2 to 0.8; larger in 5/5 seeds; Holm-adjusted p = 0.01)" with the direction's word. */
    public static String difference(PairedDifference c, Direction words) {
        String p = c.comparisons() > 1 ? "Holm-adjusted p = " + num(c.adjustedP()) : "paired t p = " + num(c.tP());
        return String.format(Locale.ROOT, "%s%s (95%% CI %s to %s; %s in %d/%d seeds; %s)",
                c.mean() > 0 ? "+" : "", num(c.mean()), num(c.lower()), num(c.upper()), words.better(), c.better(), c.n(), p);
    }

    /**
     * One paired difference's verdict as a table cell: {@code better} or {@code worse} when separated,
     * {@code identical} when every seed agreed exactly, otherwise "no difference detected at n = …".
     */
    public static String word(PairedDifference c, String better, String worse, String identical) {
        return switch (c.verdict()) {
            case BETTER -> better;
            case WORSE -> worse;
            case IDENTICAL -> identical;
            case NOT_SEPARATED -> "no difference detected at n = " + c.n();
        };
    }

    /** "`arm` +0.01 (…)". */
    public static String named(PairedDifference c) {
        return "`" + c.arm() + "` " + difference(c);
    }

    private static String names(List<PairedDifference> cs) {
        return cs.stream().map(c -> "`" + c.arm() + "`").collect(Collectors.joining(", "));
    }

    public static List<PairedDifference> with(List<PairedDifference> family, Verdict v) {
        return family.stream().filter(c -> c.verdict() == v).toList();
    }

    /** The n of a family, or a range when diverged runs made it differ between arms. */
    public static String n(List<PairedDifference> family) {
        int min = family.stream().mapToInt(PairedDifference::n).min().orElse(0);
        int max = family.stream().mapToInt(PairedDifference::n).max().orElse(0);
        return min == max ? String.valueOf(min) : min + "–" + max;
    }

    /**
     * The words a baseline sentence uses for the two directions and for what is compared: arms
     * that score better or worse, or measures that come out larger or smaller.
     *
     * @param better the clause head for a separated improvement, e.g. "better"
     * @param worse the clause head for a separated deterioration, e.g. "worse"
     * @param noneBetter the clause when nothing is better, e.g. "no arm improved on it"
     * @param noun the plural of what is compared, e.g. "arms"
     */
    public record Direction(String better, String worse, String noneBetter, String noun) {

        /** Arms scored on a quality: better / worse. */
        public static final Direction QUALITY = new Direction("better", "worse", "no arm improved on it", "arms");
    }

    /** {@link #againstBaseline(String, String, List, boolean, Direction)} with better/worse arms. */
    public static String againstBaseline(String baseline, String metric, List<PairedDifference> family, boolean detailed) {
        return againstBaseline(baseline, metric, family, detailed, Direction.QUALITY);
    }

    /**
     * The verdict on every arm against one baseline, negative findings included, e.g. "Against
     * `none` (test accuracy, paired by seed, n = 5, 22 comparisons, Holm-adjusted paired t-tests):
     * no arm was better; worse: …; no difference detected at n = 5 for the other 18."
     *
     * @param detailed whether better/worse arms carry their difference and interval
     */
    public static String againstBaseline(String baseline, String metric, List<PairedDifference> family, boolean detailed,
                                         Direction words) {
        if (family.isEmpty()) {
            return "";
        }
        List<PairedDifference> better = with(family, Verdict.BETTER);
        List<PairedDifference> worse = with(family, Verdict.WORSE);
        List<PairedDifference> unadjusted = with(family, Verdict.NOT_SEPARATED).stream()
                .filter(PairedDifference::unadjustedSeparated).toList();
        List<PairedDifference> open = with(family, Verdict.NOT_SEPARATED).stream()
                .filter(c -> !c.unadjustedSeparated()).toList();
        List<PairedDifference> same = with(family, Verdict.IDENTICAL);
        String n = n(family);
        String test = family.size() > 1 ? family.size() + " comparisons, Holm-adjusted paired t-tests at 5%"
                : "paired t-test at 5%";
        List<String> parts = new ArrayList<>();
        parts.add(better.isEmpty() ? words.noneBetter() : words.better() + ": " + listed(better, detailed));
        if (!worse.isEmpty()) {
            parts.add(words.worse() + ": " + listed(worse, detailed));
        }
        if (!unadjusted.isEmpty()) {
            parts.add("separated by the unadjusted 95% interval only, not after Holm's adjustment for " + family.size()
                    + " comparisons: " + unadjusted.stream().map(c -> "`" + c.arm() + "` ("
                            + (c.mean() > 0 == c.higherIsBetter() ? words.better() : words.worse()) + " in "
                            + Math.max(c.better(), c.worse()) + "/" + c.n() + " seeds)").collect(Collectors.joining(", ")));
        }
        if (!open.isEmpty()) {
            parts.add("no difference detected at n = " + n + " for " + (open.size() == family.size() ? "any of " : "")
                    + (detailed || open.size() <= 6 ? names(open) : open.size() + " other " + words.noun()));
        }
        if (!same.isEmpty()) {
            parts.add("identical to it in every seed: " + names(same));
        }
        return "Against the baseline `" + baseline + "` (" + metric + ", paired by seed, n = " + n + ", " + test + "): "
                + String.join("; ", parts) + ".";
    }

    private static String listed(List<PairedDifference> cs, boolean detailed) {
        return detailed ? cs.stream().map(Verdicts::named).collect(Collectors.joining("; ")) : names(cs);
    }

    /** One line of {@code verdicts.csv}. */
    public static String csv(String family, String metric, PairedDifference c) {
        return String.join(",", family, cell(c.arm()), cell(c.reference()), metric, String.valueOf(c.n()), d(c.mean()), d(c.lower()),
                d(c.upper()), String.valueOf(c.better()), String.valueOf(c.worse()), String.valueOf(c.ties()), d(c.tP()),
                d(c.signP()), d(c.adjustedP()), String.valueOf(c.comparisons()), c.verdict().name().toLowerCase(Locale.ROOT));
    }

    /** A name as a CSV cell: cells are never quoted, so a comma becomes ';'. */
    public static String cell(String name) {
        return name.replace(',', ';');
    }

    private static String d(double v) {
        return Double.isNaN(v) ? "" : Double.toString(v);
    }
}
