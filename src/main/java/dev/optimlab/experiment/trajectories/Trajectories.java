package dev.optimlab.experiment.trajectories;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.optimlab.experiment.Experiment;
import dev.optimlab.experiment.ReportSkeleton;
import dev.optimlab.optim.Optimizers;
import dev.optimlab.problem.Surface;
import dev.optimlab.run.Trajectory;

/**
 * Runs a trajectories spec: every optimizer on every surface through its GradientUpdater;
 * {@link TrajectoriesReport} writes one CSV and one contour chart per surface and the report with
 * the table of final loss, steps to tolerance and divergence.
 */
public final class Trajectories extends Experiment.OfSpec<TrajectorySpec> {

    public Trajectories(TrajectorySpec spec) {
        super(spec);
    }

    @Override
    public String describe() {
        return spec.arms().size() + " optimizers × " + spec.surfaces().size() + " surfaces";
    }

    /** One optimizer on one surface: the hyperparameters it ran with and its path. */
    record Run(String surface, TrajectorySpec.Mover arm, Map<String, Double> hyperparameters, Trajectory trajectory)
            implements java.io.Serializable {

        /** Distance of the last point to the surface's minimum; NaN when the surface has none (unbounded). */
        double distanceToMinimum() {
            double[] min = Surface.byId(surface).minimum();
            double[] last = trajectory.last();
            return Double.isNaN(min[0]) ? Double.NaN : Math.hypot(last[0] - min[0], last[1] - min[1]);
        }

        /** Diverged on a surface with a finite minimum (escaping to −∞ on an unbounded one is what it should do). */
        boolean divergedOnBounded() {
            return trajectory.diverged() && Double.isFinite(Surface.byId(surface).minValue());
        }
    }

    @Override
    public Path run(Settings settings) throws IOException {
        List<Map.Entry<String, TrajectorySpec.Mover>> units = new ArrayList<>();
        for (String id : spec.surfaces()) {
            for (TrajectorySpec.Mover m : spec.arms()) {
                units.add(Map.entry(id, m));
            }
        }
        // each optimizer on each surface is an independent unit (its own updater state, no randomness)
        List<Run> runs = settings.executor().map(units, u -> {
            Map<String, Double> hp = u.getValue().hyperparametersFor(u.getKey());
            return new Run(u.getKey(), u.getValue(), hp, Trajectory.run(Surface.byId(u.getKey()),
                    Optimizers.create(u.getValue().optimizer(), hp, u.getValue().variant()), spec.steps(), spec.tolerance()));
        });
        Path report = new TrajectoriesReport(spec, runs).write(settings.resultsRoot().resolve(spec.name()),
                settings.command());
        ReportSkeleton.refreshIndex(settings.resultsRoot());
        return report;
    }
}
