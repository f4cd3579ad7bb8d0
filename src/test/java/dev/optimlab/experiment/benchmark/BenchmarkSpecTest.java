package dev.optimlab.experiment.benchmark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.optimlab.experiment.SpecException;
import dev.optimlab.experiment.SpecFixtures;
import dev.optimlab.experiment.SpecParser;

/** The benchmark spec: grids, edge flags, and bad input named with file, field and allowed values. */
class BenchmarkSpecTest {

    static final String VALID = """
            kind: benchmark
            name: bench-tiny
            problems: [regression-sin, fmnist-2c2d]
            targets: baselines
            tuningSeed: 100
            seeds: [1, 2]
            search: {lr: {log: [1.0e-3, 1.0e-1], points: 3}}
            arms:
              - {name: sgd, optimizer: sgd}
              - {name: adam, optimizer: adam, search: {lr: {log: [1.0e-4, 1.0e-2], points: 5}, beta1: {values: [0.9, 0.95]}}}
              - {name: adam/dl4j, optimizer: adam, impl: dl4j}
            """;

    @TempDir
    Path dir;

    @Test
    void validSpecParsesWithItsGrids() throws Exception {
        BenchmarkSpec s = ((Benchmark) SpecParser.parseAny(write(VALID), false)).spec();
        assertEquals(List.of(0.001, 0.01, 0.1), s.arm("sgd").search().dimensions().get("lr"));
        assertEquals(10, s.arm("adam").search().size());
        assertEquals("adam", s.baseline());
        assertEquals(List.of("sgd", "adam"), s.targetArms());
        assertEquals("regression-sin/adam/dl4j/lr0.01", s.arm("adam/dl4j").at("regression-sin", Map.of("lr", 0.01)).name());
    }

    @Test
    void aChosenValueOnTheGridsEdgeIsFlagged() {
        SearchSpace s = new SearchSpace(Map.of("lr", SearchSpace.logGrid(1e-4, 1, 5)));
        assertEquals(List.of("lr at the lower edge"), s.atEdge(Map.of("lr", 1e-4)));
        assertEquals(List.of("lr at the upper edge"), s.atEdge(Map.of("lr", 1.0)));
        assertTrue(s.atEdge(Map.of("lr", 0.01)).isEmpty());
    }

    /** Each row: text to replace, its replacement, expected field, expected words in the message. */
    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
        "[regression-sin, fmnist-2c2d]; [regression-sin, cifar]; problems[1]; allowed: quadratic-deep",
        "targets: baselines; targets: committed; problems[1]; no committed target",
        "targets: baselines; targets: maybe; targets; allowed: committed, baselines",
        "points: 3; points: 0; search.lr.points; must be in [1, 1000]",
        "[1.0e-3, 1.0e-1]; [1.0e-1, 1.0e-3]; search.lr.log; 0 < low < high",
        "optimizer: adam, impl: dl4j; optimizer: lion, impl: dl4j; arms[2].impl; no DL4J built-in twin",
        "{name: sgd, optimizer: sgd}; {name: sgd, optimizer: sgd, hyperparameters: {beta9: 1}}; arms[0]; no hyperparameter 'beta9'",
        "seeds: [1, 2]; seeds: [1, 1]; seeds[1]; duplicate seed",
    })
    void badSpecsNameFileFieldAndAllowedValues(String from, String to, String field, String words) throws Exception {
        SpecFixtures.assertRefused(dir, "spec.yaml", VALID.replace(from, to), field, words);
    }

    @Test
    void alsoAgainstNamesASecondFamilyOfKnownArms() throws Exception {
        String family = "tuningSeed: 100\nalsoAgainst: {baseline: adam, arms: [sgd]}";
        BenchmarkSpec s = ((Benchmark) SpecParser.parseAny(write(VALID.replace("tuningSeed: 100", family)), false)).spec();
        assertEquals(new BenchmarkSpec.Family("adam", List.of("sgd")), s.alsoAgainst());
        assertEquals(null, ((Benchmark) SpecParser.parseAny(write(VALID), false)).spec().alsoAgainst());
        for (String[] bad : new String[][] {
            {"{baseline: adam, arms: [lion]}", "'alsoAgainst.arms[0]'", "allowed: sgd, adam, adam/dl4j"},
            {"{baseline: adam, arms: [adam]}", "'alsoAgainst.arms[0]'", "the baseline itself"},
            {"{baseline: nadam, arms: [sgd]}", "'alsoAgainst.baseline'", "unknown arm 'nadam'"},
            {"{baseline: adam, arms: [sgd], extra: 1}", "extra", "alsoAgainst"},
        }) {
            Path p = write(VALID.replace("tuningSeed: 100", "tuningSeed: 100\nalsoAgainst: " + bad[0]));
            SpecException e = assertThrows(SpecException.class, () -> SpecParser.parseAny(p, false));
            assertTrue(e.getMessage().contains(bad[1]) && e.getMessage().contains(bad[2]), e.getMessage());
        }
    }

    private Path write(String text) throws Exception {
        Path p = dir.resolve("spec.yaml");
        Files.writeString(p, text);
        return p;
    }
}
