package dev.optimlab.experiment.trajectories;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.optimlab.experiment.SpecHeader;
import dev.optimlab.experiment.SpecNode;
import dev.optimlab.optim.Optimizers;
import dev.optimlab.optim.Variant;
import dev.optimlab.problem.Surface;

/**
 * A validated {@code kind: trajectories} spec: optimizers run from each surface's start point
 * for a number of steps; no data, no seeds (the surfaces are deterministic).
 *
 * @param surfaces spec names of the surfaces (see {@code Surface})
 * @param tolerance a run has converged once f − f* ≤ tolerance
 */
public record TrajectorySpec(String name, String title, String description, List<String> surfaces, int steps,
                             double tolerance, List<Mover> arms, String source, String text)
        implements SpecHeader.Described {

    /**
     * One optimizer on the surfaces: hyperparameters, with per-surface overrides (e.g. the
     * learning rate SGD needs on Rosenbrock is not the one it needs on the quadratic).
     */
    public record Mover(String name, String optimizer, Variant variant, Map<String, Double> hyperparameters,
                        Map<String, Map<String, Double>> perSurface) implements java.io.Serializable {

        public Map<String, Double> hyperparametersFor(String surface) {
            Map<String, Double> hp = new java.util.LinkedHashMap<>(hyperparameters);
            hp.putAll(perSurface.getOrDefault(surface, Map.of()));
            return hp;
        }
    }

    /** Reads a {@code kind: trajectories} spec; optimizers with a per-tensor part are refused (a surface has no layer). */
    public static TrajectorySpec parse(SpecNode root, String file, String text) {
        SpecHeader header = SpecHeader.parse(root, file, text);
        List<String> surfaces = new ArrayList<>();
        for (SpecNode s : root.required("surfaces").list()) {
            String id = s.string();
            if (!Surface.ids().contains(id)) {
                throw s.error("unknown surface '" + id + "'; allowed: " + String.join(", ", Surface.ids()));
            }
            surfaces.add(id);
        }
        int steps = root.integer("steps", 500, 1, 1_000_000);
        double tolerance = root.number("tolerance", 1e-3, 0, 1e6);
        List<TrajectorySpec.Mover> arms = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (SpecNode a : root.required("arms").list()) {
            String optimizer = a.choice("optimizer", null, new ArrayList<>(Optimizers.names()));
            Variant variant = Variant.valueOf(a.choice("variant", "paper", List.of("paper", "dl4j")).toUpperCase());
            Map<String, Double> hp = a.has("hyperparameters") ? a.get("hyperparameters").numbers() : Map.of();
            Map<String, Map<String, Double>> per = new LinkedHashMap<>();
            if (a.has("perSurface")) {
                SpecNode ps = a.get("perSurface");
                for (String surface : surfaces) {
                    if (ps.has(surface)) {
                        per.put(surface, ps.get(surface).numbers());
                    }
                }
                ps.rejectUnknownKeys();
            }
            TrajectorySpec.Mover m = new TrajectorySpec.Mover(a.string("name", optimizer), optimizer, variant, hp, per);
            for (String surface : surfaces) {
                try {
                    if (!Optimizers.optimizer(optimizer, m.hyperparametersFor(surface), variant).hooks().isEmpty()) {
                        throw a.get("optimizer").error("'" + optimizer + "' with these hyperparameters has a per-tensor "
                                + "part (decay, trust ratio or projection) that needs a network layer; on 2-D surfaces "
                                + "use it without (e.g. weightDecay: 0) or pick another optimizer");
                    }
                } catch (IllegalArgumentException e) {
                    throw a.get(per.containsKey(surface) ? "perSurface" : "hyperparameters").error(e.getMessage());
                }
            }
            if (!names.add(m.name())) {
                throw a.get("name").error("duplicate arm name '" + m.name() + "'; arm names must be unique");
            }
            a.rejectUnknownKeys();
            arms.add(m);
        }
        if (arms.isEmpty()) {
            throw root.get("arms").error("needs at least one arm");
        }
        root.rejectUnknownKeys();
        return new TrajectorySpec(header.name(), header.title(), header.description(), surfaces, steps, tolerance, arms, file,
                text);
    }
}
