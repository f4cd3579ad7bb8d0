package dev.optimlab.experiment;

import java.util.List;
import java.util.Map;

import dev.optimlab.optim.Variant;

/**
 * A validated {@code kind: trajectories} spec: optimizers run from each surface's start point
 * for a number of steps; no data, no seeds (the surfaces are deterministic).
 *
 * @param surfaces spec names of the surfaces (see {@code Surface})
 * @param tolerance a run has converged once f − f* ≤ tolerance
 */
public record TrajectorySpec(String name, String title, String description, List<String> surfaces, int steps,
                             double tolerance, List<Mover> arms, String source, String text) {

    /**
     * One optimizer on the surfaces: hyperparameters, with per-surface overrides (e.g. the
     * learning rate SGD needs on Rosenbrock is not the one it needs on the quadratic).
     */
    public record Mover(String name, String optimizer, Variant variant, Map<String, Double> hyperparameters,
                        Map<String, Map<String, Double>> perSurface) {

        public Map<String, Double> hyperparametersFor(String surface) {
            Map<String, Double> hp = new java.util.LinkedHashMap<>(hyperparameters);
            hp.putAll(perSurface.getOrDefault(surface, Map.of()));
            return hp;
        }
    }
}
