package dev.optimlab.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.optimlab.analysis.PairedDifference;

/**
 * The verdict files and sentences on a family whose answer is known (one arm clearly better, one
 * clearly worse, one undecided, one identical), checked by {@link AllReportsVerdictsTest}'s
 * recomputation; and that recomputation catching a flipped verdict or a misnamed arm. The quick
 * runs rarely separate anything at n = 2, so this is where a separated verdict is exercised.
 */
class PairedEvidenceTest {

    private static final List<Long> SEEDS = List.of(1L, 2L, 3L, 4L, 5L);
    private static final List<Double> BASE = List.of(0.50, 0.61, 0.47, 0.55, 0.58);

    @TempDir
    Path dir;

    private static List<Double> shifted(double by, double... noise) {
        return List.of(BASE.get(0) + by + noise[0], BASE.get(1) + by + noise[1], BASE.get(2) + by + noise[2],
                BASE.get(3) + by + noise[3], BASE.get(4) + by + noise[4]);
    }

    private List<PairedDifference> write(boolean higherIsBetter) throws IOException {
        PairedEvidence evidence = new PairedEvidence();
        List<PairedDifference> family = evidence.family("toy, accuracy", List.of(
                new PairedEvidence.Comparison("up", "base", "toy, accuracy", SEEDS,
                        shifted(0.10, 0.01, -0.01, 0.02, 0, -0.02), BASE, higherIsBetter),
                new PairedEvidence.Comparison("down", "base", "toy, accuracy", SEEDS,
                        shifted(-0.20, 0.01, 0.02, -0.01, 0, 0.01), BASE, higherIsBetter),
                new PairedEvidence.Comparison("open", "base", "toy, accuracy", SEEDS,
                        shifted(0, 0.05, -0.04, 0.03, -0.06, 0.01), BASE, higherIsBetter),
                new PairedEvidence.Comparison("twin", "base", "toy, accuracy", SEEDS, BASE, BASE, higherIsBetter)));
        evidence.write(dir);
        Files.writeString(dir.resolve("REPORT.md"), Verdicts.againstBaseline("base", "toy, accuracy", family, false)
                + "\n");
        return family;
    }

    private int check() throws IOException {
        return AllReportsVerdictsTest.checkEvidence(dir, Files.readString(dir.resolve("REPORT.md")),
                AllReportsVerdictsTest.csv(dir.resolve("verdicts.csv")),
                AllReportsVerdictsTest.paired(dir.resolve("paired.csv")));
    }

    @Test
    void aKnownFamilyIsWrittenAndRecomputed() throws IOException {
        List<PairedDifference> family = write(true);
        assertEquals(List.of(PairedDifference.Verdict.BETTER, PairedDifference.Verdict.WORSE,
                PairedDifference.Verdict.NOT_SEPARATED, PairedDifference.Verdict.IDENTICAL),
                family.stream().map(PairedDifference::verdict).toList());
        String report = Files.readString(dir.resolve("REPORT.md"));
        assertTrue(report.startsWith("Against the baseline `base` (toy, accuracy, paired by seed, n = 5, 4 comparisons, "
                + "Holm-adjusted paired t-tests at 5%): better: `up`; worse: `down`; no difference detected at n = 5 for "
                + "`open`; identical to it in every seed: `twin`."), report);
        assertEquals(1, check());
        assertTrue(Files.readString(dir.resolve("verdicts.csv")).contains("toy; accuracy,up,base,toy; accuracy,5,"),
                "a comma in a name cannot shift the columns");
    }

    @Test
    void lowerIsBetterFlipsTheWords() throws IOException {
        write(false);
        assertTrue(Files.readString(dir.resolve("REPORT.md")).contains("better: `down`; worse: `up`"));
        assertEquals(1, check());
    }

    @Test
    void aFlippedVerdictOrAMisnamedArmIsCaught() throws IOException {
        write(true);
        Path csv = dir.resolve("verdicts.csv");
        String good = Files.readString(csv);
        Files.writeString(csv, good.replaceFirst(",better\n", ",worse\n"));
        assertThrows(AssertionError.class, this::check, "verdict flipped in verdicts.csv");
        Files.writeString(csv, good);
        Path report = dir.resolve("REPORT.md");
        Files.writeString(report, Files.readString(report).replaceFirst("better: `up`; worse: `down`",
                "better: `down`; worse: `up`"));
        assertThrows(AssertionError.class, this::check, "arms swapped in the sentence");
        Path paired = dir.resolve("paired.csv");
        write(true);
        List<String> lines = Files.readAllLines(paired);
        lines.set(1, lines.get(1).replaceFirst(",[^,]*$", ",0.99"));
        Files.write(paired, lines);
        assertThrows(AssertionError.class, this::check, "a per-seed value changed under the verdict");
    }

    @Test
    void signTestMatchesTheProductionOne() {
        for (int up = 0; up <= 9; up++) {
            for (int down = 0; down <= 9; down++) {
                assertEquals(PairedDifference.signTestP(up, down), VerdictRows.signTest(up, down), 1e-12,
                        up + " vs " + down);
            }
        }
        assertEquals(2.0 / 256, VerdictRows.signTest(8, 0), 1e-15, "8 of 8: p = 2/2^8 ≈ 0.0078");
    }
}
