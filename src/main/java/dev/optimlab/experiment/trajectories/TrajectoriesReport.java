package dev.optimlab.experiment.trajectories;

import static dev.optimlab.report.Markdown.num;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

import dev.optimlab.experiment.ReportSkeleton;
import dev.optimlab.problem.Surface;
import dev.optimlab.report.AtomicFiles;
import dev.optimlab.report.ContourChart;
import dev.optimlab.report.Markdown;
import dev.optimlab.report.PairedEvidence;

/**
 * The report of a trajectories run: a CSV and a contour chart per surface, the table of final f,
 * distance to the minimum, steps to tolerance and divergence, and the fastest optimizer per
 * surface (from the runs, not from the rendered table). The runs are deterministic (no data, no
 * seeds), so the counts are exact, not estimates.
 */
final class TrajectoriesReport {

    private final TrajectorySpec spec;
    private final List<Trajectories.Run> runs;

    TrajectoriesReport(TrajectorySpec spec, List<Trajectories.Run> runs) {
        this.spec = spec;
        this.runs = runs;
    }

    Path write(Path dir, String command) throws IOException {
        Files.createDirectories(dir.resolve("csv"));
        List<String> charts = new ArrayList<>();
        for (String id : spec.surfaces()) {
            charts.add(writeSurface(dir, id));
        }
        writeSummaryCsv(dir.resolve("summary.csv"));
        List<String> body = new ArrayList<>();
        body.add(PairedEvidence.FORMAT_MARK);
        body.add("");
        body.add(whatWasRun());
        body.add("");
        body.add(whatItShows());
        body.add("");
        body.addAll(table());
        body.addAll(chartSection(charts));
        return ReportSkeleton.of(spec).write(dir, summary(), body, command,
                List.of("paths point by point: `csv/<surface>.csv`; steps to the tolerance and divergence per run: "
                        + "`summary.csv`"));
    }

    /** One line per run: what the counts of the summary and the fastest per surface are computed from. */
    private void writeSummaryCsv(Path file) throws IOException {
        List<String> csv = new ArrayList<>();
        csv.add("surface,arm,tolerance,steps_to_tolerance,diverged,diverged_on_bounded");
        for (Trajectories.Run r : runs) {
            csv.add(String.join(",", r.surface(), r.arm().name(), Double.toString(spec.tolerance()),
                    String.valueOf(r.trajectory().stepsToTolerance()), String.valueOf(r.trajectory().diverged()),
                    String.valueOf(r.divergedOnBounded())));
        }
        AtomicFiles.write(file, csv);
    }

    private long converged() {
        return runs.stream().filter(r -> r.trajectory().stepsToTolerance() >= 0).count();
    }

    private long diverged() {
        return runs.stream().filter(Trajectories.Run::divergedOnBounded).count();
    }

    private String summary() {
        return converged() + " of " + runs.size() + " optimizer×surface runs reached the tolerance, " + diverged()
                + " diverged (deterministic runs from fixed starts: exact counts, no sampling error to test).";
    }

    private String whatWasRun() {
        return String.format(Locale.ROOT, "**What was run.** %d optimizers on %d surfaces, %d steps each from the "
                        + "surface's standard start point, every step through the optimizer's DL4J `GradientUpdater` "
                        + "(the same code that trains networks) on a 2-element parameter vector in double precision. "
                        + "Deterministic: no noise, no seeds.",
                spec.arms().size(), spec.surfaces().size(), spec.steps());
    }

    private String whatItShows() {
        return "**What it shows.** " + converged() + " of " + runs.size() + " runs reached f − f* ≤ "
                + num(spec.tolerance()) + "; " + diverged() + " diverged. Per surface, the fastest to the tolerance: "
                + fastest() + ".";
    }

    /** Writes the surface's CSV (every point of every path) and contour chart; returns the chart's file name. */
    private String writeSurface(Path dir, String id) throws IOException {
        Surface s = Surface.byId(id);
        List<ContourChart.PathLine> lines = new ArrayList<>();
        List<String> csv = new ArrayList<>();
        csv.add("arm,step,x,y,f");
        for (Trajectories.Run r : onSurface(id)) {
            List<double[]> points = r.trajectory().points();
            for (int k = 0; k < points.size(); k++) {
                double[] p = points.get(k);
                csv.add(r.arm().name() + "," + k + "," + p[0] + "," + p[1] + "," + p[2]);
            }
            lines.add(new ContourChart.PathLine(r.arm().name(), points, r.trajectory().diverged()));
        }
        AtomicFiles.write(dir.resolve("csv").resolve(id + ".csv"), csv);
        ContourChart.write(dir.resolve(id + ".png"), id + " — " + spec.steps() + " steps", s::value, s.window(),
                s.minimum(), lines);
        return id + ".png";
    }

    private List<Trajectories.Run> onSurface(String id) {
        return runs.stream().filter(r -> r.surface().equals(id)).toList();
    }

    private List<String> table() {
        List<String> md = new ArrayList<>();
        md.add("## Table");
        md.add("");
        md.add(Markdown.row(List.of("surface", "optimizer", "hyperparameters", "final f", "distance to minimum",
                "steps to f − f* ≤ " + num(spec.tolerance()), "diverged")));
        md.add(Markdown.separator(7));
        for (Trajectories.Run r : runs) {
            md.add(Markdown.row(List.of(r.surface(), "`" + r.arm().name() + "`", r.hyperparameters().entrySet().stream()
                            .map(e -> e.getKey() + "=" + num(e.getValue())).collect(Collectors.joining(", ")),
                    num(r.trajectory().last()[2]), num(r.distanceToMinimum()), steps(r), divergence(r))));
        }
        md.add("");
        return md;
    }

    private static String steps(Trajectories.Run r) {
        int steps = r.trajectory().stepsToTolerance();
        return steps >= 0 ? String.valueOf(steps)
                : Double.isFinite(Surface.byId(r.surface()).minValue()) ? "not reached" : "n/a (unbounded)";
    }

    private static String divergence(Trajectories.Run r) {
        return !r.trajectory().diverged() ? "no" : r.divergedOnBounded() ? "**yes**" : "escaped (f → −∞, as it should)";
    }

    private static List<String> chartSection(List<String> charts) {
        List<String> md = new ArrayList<>();
        md.add("## Trajectories");
        md.add("");
        md.add("Contours are evenly spaced in log(1 + f − min f) over the window; ■ start, ● end, ✕ global minimum. "
                + "The paths, point by point, are in `csv/<surface>.csv`.");
        md.add("");
        for (String c : charts) {
            md.add("![" + c + "](" + c + ")");
            md.add("");
        }
        return md;
    }

    /** "surface: arm (steps)" for the quickest arm of each surface (the first in spec order on a tie). */
    private String fastest() {
        List<String> out = new ArrayList<>();
        for (String id : spec.surfaces()) {
            Trajectories.Run best = null;
            for (Trajectories.Run r : onSurface(id)) {
                int steps = r.trajectory().stepsToTolerance();
                if (steps >= 0 && (best == null || steps < best.trajectory().stepsToTolerance())) {
                    best = r;
                }
            }
            out.add(id + ": " + (best == null ? "none"
                    : "`" + best.arm().name() + "` (" + best.trajectory().stepsToTolerance() + " steps)"));
        }
        return String.join("; ", out);
    }
}
