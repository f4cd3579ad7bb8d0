package dev.optimlab.report;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import dev.optimlab.analysis.PairedDifference;

/**
 * The paired tests a report's verdicts rest on, kept with the per-seed numbers they were computed
 * from, so a reader (and {@code AllReportsVerdictsTest}) can recompute every verdict: {@code
 * verdicts.csv} has one line per comparison ({@link Verdicts#CSV_HEADER}), {@code paired.csv} the
 * value of every compared quantity per arm and seed. A family is Holm-adjusted as a whole; a
 * report marks itself with {@link #FORMAT_MARK} so a checker knows its verdicts can be recomputed.
 */
public final class PairedEvidence {

    /** Written into a report whose verdicts come with {@code verdicts.csv} and {@code paired.csv}. */
    public static final String FORMAT_MARK = "<!-- verdicts: v2 -->";
    /** Header of {@code paired.csv}: one line per family, metric, arm and seed. */
    public static final String SEEDS_HEADER = "family,metric,higher_is_better,arm,seed,value";

    /**
     * One arm against a reference on one metric, values in the order of {@code seeds} (null or NaN:
     * no value for that seed, not paired).
     */
    public record Comparison(String arm, String reference, String metric, List<Long> seeds, List<Double> armValues,
                             List<Double> referenceValues, boolean higherIsBetter) {
    }

    private final List<String> verdicts = new ArrayList<>(List.of(Verdicts.CSV_HEADER));
    private final Set<String> seeds = new LinkedHashSet<>(List.of(SEEDS_HEADER));

    /** Tests a family of comparisons (Holm-adjusted together), records them and returns them in order. */
    public List<PairedDifference> family(String family, List<Comparison> comparisons) {
        List<PairedDifference> raw = new ArrayList<>();
        for (Comparison c : comparisons) {
            raw.add(PairedDifference.of(c.arm(), c.armValues(), c.reference(), c.referenceValues(), c.higherIsBetter()));
            record(family, c, c.arm(), c.armValues());
            record(family, c, c.reference(), c.referenceValues());
        }
        List<PairedDifference> adjusted = PairedDifference.holm(raw);
        for (int i = 0; i < adjusted.size(); i++) {
            verdicts.add(Verdicts.csv(clean(family), clean(comparisons.get(i).metric()), adjusted.get(i)));
        }
        return adjusted;
    }

    private void record(String family, Comparison c, String arm, List<Double> values) {
        for (int i = 0; i < c.seeds().size(); i++) {
            Double v = values.get(i);
            seeds.add(String.join(",", clean(family), clean(c.metric()), String.valueOf(c.higherIsBetter()), clean(arm),
                    String.valueOf(c.seeds().get(i)), v == null || v.isNaN() ? "" : Double.toString(v)));
        }
    }

    private static String clean(String cell) {
        return Verdicts.cell(cell);
    }

    /** Writes {@code verdicts.csv} and {@code paired.csv} into {@code dir}. */
    public void write(Path dir) throws IOException {
        AtomicFiles.write(dir.resolve("verdicts.csv"), verdicts);
        AtomicFiles.write(dir.resolve("paired.csv"), new ArrayList<>(seeds));
    }
}
