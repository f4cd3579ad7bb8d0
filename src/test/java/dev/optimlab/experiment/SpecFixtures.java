package dev.optimlab.experiment;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A small valid spec, and variants of it with one thing broken. */
public final class SpecFixtures {

    public static final String VALID = """
            name: tiny
            problem:
              data: {source: noisy-regression, function: sin, n: 40, noise: 0.2, seed: 3}
              model: {hidden: [4], activation: tanh, dtype: float}
              loss: mse
              epochs: 2
              batchSize: 10
            arms:
              - {name: sgd/optimlab, optimizer: sgd, impl: optimlab, hyperparameters: {lr: 0.05}}
              - {name: sgd/dl4j, optimizer: sgd, impl: dl4j, hyperparameters: {lr: 0.05}}
              - {name: adam/optimlab, optimizer: adam, hyperparameters: {lr: 0.01, beta1: 0.9}}
            seeds: [1, 2]
            """;

    private SpecFixtures() {
    }

    public static Path write(Path dir, String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    /**
     * Writes {@code text} as {@code dir/name}, parses it as a spec of any kind and asserts the spec is
     * refused with a message naming the file, the field (quoted, e.g. {@code 'arms[2].impl'}) and
     * containing {@code words} (the allowed values or the rule broken).
     */
    public static void assertRefused(Path dir, String name, String text, String field, String words) throws IOException {
        Path p = write(dir, name, text);
        SpecException e = assertThrows(SpecException.class, () -> SpecParser.parseAny(p, false));
        assertTrue(e.getMessage().contains(p.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("'" + field + "'"), e.getMessage());
        assertTrue(e.getMessage().contains(words), e.getMessage());
    }
}
