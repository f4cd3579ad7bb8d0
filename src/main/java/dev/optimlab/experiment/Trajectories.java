package dev.optimlab.experiment;

import static dev.optimlab.report.Markdown.num;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import dev.optimlab.report.AtomicFiles;
import dev.optimlab.optim.Optimizers;
import dev.optimlab.problem.Surface;
import dev.optimlab.report.ContourChart;
import dev.optimlab.report.Markdown;
import dev.optimlab.report.Reproduce;
import dev.optimlab.report.ResultsIndex;
import dev.optimlab.run.Trajectory;

/**
 * Runs a trajectories spec: every optimizer on every surface through its GradientUpdater, then
 * one CSV and one contour chart per surface and a report with the table of final loss, steps to
 * tolerance and divergence.
 */
public final class Trajectories implements Experiment {

    private final TrajectorySpec spec;

    public Trajectories(TrajectorySpec spec) {
        this.spec = spec;
    }

    @Override
    public String name() {
        return spec.name();
    }

    @Override
    public String describe() {
        return spec.arms().size() + " optimizers × " + spec.surfaces().size() + " surfaces";
    }

    @Override
    public Path run(Settings settings) throws IOException {
        Path resultsRoot = settings.resultsRoot();
        String command = settings.command();
        Path dir = resultsRoot.resolve(spec.name());
        Files.createDirectories(dir.resolve("csv"));
        List<String> md = new ArrayList<>();
        List<String> table = new ArrayList<>();
        table.add(Markdown.row(List.of("surface", "optimizer", "hyperparameters", "final f", "distance to minimum",
                "steps to f − f* ≤ " + num(spec.tolerance()), "diverged")));
        table.add(Markdown.separator(7));
        List<String> charts = new ArrayList<>();
        int converged = 0;
        int diverged = 0;
        for (String id : spec.surfaces()) {
            Surface s = Surface.byId(id);
            List<ContourChart.PathLine> lines = new ArrayList<>();
            List<String> csv = new ArrayList<>();
            csv.add("arm,step,x,y,f");
            for (TrajectorySpec.Mover m : spec.arms()) {
                Map<String, Double> hp = m.hyperparametersFor(id);
                Trajectory t = Trajectory.run(s, Optimizers.create(m.optimizer(), hp, m.variant()), spec.steps(), spec.tolerance());
                for (int k = 0; k < t.points().size(); k++) {
                    double[] p = t.points().get(k);
                    csv.add(m.name() + "," + k + "," + p[0] + "," + p[1] + "," + p[2]);
                }
                lines.add(new ContourChart.PathLine(m.name(), t.points(), t.diverged()));
                double[] last = t.last();
                double dist = Double.isNaN(s.minimum()[0]) ? Double.NaN
                        : Math.hypot(last[0] - s.minimum()[0], last[1] - s.minimum()[1]);
                if (t.stepsToTolerance() >= 0) {
                    converged++;
                }
                if (t.diverged() && Double.isFinite(s.minValue())) {
                    diverged++;
                }
                table.add(Markdown.row(List.of(id, "`" + m.name() + "`", hp.entrySet().stream()
                                .map(e -> e.getKey() + "=" + num(e.getValue())).collect(Collectors.joining(", ")),
                        num(last[2]), num(dist),
                        t.stepsToTolerance() >= 0 ? String.valueOf(t.stepsToTolerance())
                                : Double.isFinite(s.minValue()) ? "not reached" : "n/a (unbounded)",
                        !t.diverged() ? "no" : Double.isFinite(s.minValue()) ? "**yes**" : "escaped (f → −∞, as it should)")));
            }
            AtomicFiles.write(dir.resolve("csv").resolve(id + ".csv"), csv);
            ContourChart.write(dir.resolve(id + ".png"), id + " — " + spec.steps() + " steps",
                    s::value, s.window(), s.minimum(), lines);
            charts.add(id + ".png");
        }
        int runs = spec.surfaces().size() * spec.arms().size();
        md.add("# " + spec.title());
        md.add("");
        md.add(ResultsIndex.SUMMARY_MARK + converged + " of " + runs + " optimizer×surface runs reached the tolerance, "
                + diverged + " diverged. -->");
        md.add("");
        if (!spec.description().isBlank()) {
            md.add(spec.description().strip());
            md.add("");
        }
        md.add(String.format(Locale.ROOT, "**What was run.** %d optimizers on %d surfaces, %d steps each from the "
                        + "surface's standard start point, every step through the optimizer's DL4J `GradientUpdater` "
                        + "(the same code that trains networks) on a 2-element parameter vector in double precision. "
                        + "Deterministic: no noise, no seeds.",
                spec.arms().size(), spec.surfaces().size(), spec.steps()));
        md.add("");
        md.add("**What it shows.** " + converged + " of " + runs + " runs reached f − f* ≤ " + num(spec.tolerance())
                + "; " + diverged + " diverged. Per surface, the fastest to the tolerance: "
                + fastest(table) + ".");
        md.add("");
        md.add("## Table");
        md.add("");
        md.addAll(table);
        md.add("");
        md.add("## Trajectories");
        md.add("");
        md.add("Contours are evenly spaced in log(1 + f − min f) over the window; ■ start, ● end, ✕ global minimum. "
                + "The paths, point by point, are in `csv/<surface>.csv`.");
        md.add("");
        for (String c : charts) {
            md.add("![" + c + "](" + c + ")");
            md.add("");
        }
        md.addAll(Reproduce.section(command, spec.source(), spec.text(),
                List.of("paths point by point: `csv/<surface>.csv`")));
        Path report = dir.resolve("REPORT.md");
        AtomicFiles.write(report, md);
        ResultsIndex.write(resultsRoot);
        return report;
    }

    /** "surface: arm (steps)" for the quickest arm of each surface, from the table rows. */
    private String fastest(List<String> table) {
        List<String> out = new ArrayList<>();
        for (String id : spec.surfaces()) {
            String best = null;
            int bestSteps = Integer.MAX_VALUE;
            for (String row : table.subList(2, table.size())) {
                String[] cells = row.split("\\|");
                if (!cells[1].strip().equals(id)) {
                    continue;
                }
                String steps = cells[6].strip();
                if (steps.matches("\\d+") && Integer.parseInt(steps) < bestSteps) {
                    bestSteps = Integer.parseInt(steps);
                    best = cells[2].strip();
                }
            }
            out.add(id + ": " + (best == null ? "none" : best + " (" + bestSteps + " steps)"));
        }
        return String.join("; ", out);
    }
}
