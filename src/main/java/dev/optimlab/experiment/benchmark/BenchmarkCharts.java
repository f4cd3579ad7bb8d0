package dev.optimlab.experiment.benchmark;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.style.Styler;

import dev.optimlab.report.AtomicFiles;
import dev.optimlab.report.Charts;

/**
 * The benchmark's charts: performance profiles, the learning-rate sensitivity of each problem
 * (final validation metric at the tuning seed against the searched values, log x, one line per
 * arm, the chosen value named in the legend; DL4J twins dashed in their optimizer's colour), and the
 * median steps to target per arm as bars (arms that missed are left out and named in the title).
 */
final class BenchmarkCharts {

    private final Path dir;

    BenchmarkCharts(Path dir) {
        this.dir = dir;
    }

    void profiles(PerformanceProfile profile) throws IOException {
        int n = 301;
        double[] tau = new double[n];
        for (int i = 0; i < n; i++) {
            tau[i] = 1 + (PerformanceProfile.TAU_MAX - 1) * i / (n - 1);
        }
        List<Charts.Line> lines = new ArrayList<>();
        for (String arm : profile.scores().keySet()) {
            double[] rho = new double[n];
            for (int i = 0; i < n; i++) {
                rho[i] = profile.rho(arm, tau[i]);
            }
            lines.add(new Charts.Line(arm + " (score " + dev.optimlab.report.Markdown.num(profile.scores().get(arm)) + ")",
                    optimizer(arm), arm.endsWith("/dl4j"), tau, rho, null));
        }
        new Charts().range(0, 1).curves(dir.resolve("profiles.png"), "Performance profiles (steps to target)",
                "τ (ratio to the fastest arm)", "ρ(τ): fraction of problems", false, lines);
    }

    void sensitivity(BenchmarkProblem p, List<Benchmark.Tuned> arms) throws IOException {
        List<Charts.Line> lines = new ArrayList<>();
        String axis = "lr";
        for (Benchmark.Tuned t : arms) {
            Map<String, List<Double>> dims = t.arm().search().dimensions();
            String key = dims.containsKey("lr") ? "lr" : dims.keySet().iterator().next();
            axis = key;
            List<Double> xs = new ArrayList<>();
            List<Double> ys = new ArrayList<>();
            t.tuning().forEach((point, r) -> {
                boolean sameElsewhere = point.entrySet().stream()
                        .allMatch(e -> e.getKey().equals(key) || e.getValue().equals(t.choice().point().get(e.getKey())));
                Double v = Selection.finalValidation(r);
                if (sameElsewhere && v != null) {
                    xs.add(point.get(key));
                    ys.add(v * p.metricScale());
                }
            });
            if (xs.isEmpty()) {
                continue; // every point diverged
            }
            lines.add(new Charts.Line(t.arm().name() + " (chosen " + key + " "
                    + dev.optimlab.report.Markdown.num(t.choice().point().get(key)) + ")", t.arm().optimizer(),
                    t.arm().impl().equals("dl4j"), toArray(xs), toArray(ys), new double[xs.size()]));
        }
        new Charts().sweep(dir.resolve("sensitivity-" + p.id() + ".png"), p.id() + ": final validation " + p.metric()
                + " at the tuning seed", axis, "validation " + p.metric(), true, lines);
    }

    void steps(BenchmarkProblem p, List<Measures.Row> rows) throws IOException {
        List<String> names = new ArrayList<>();
        List<Double> steps = new ArrayList<>();
        List<String> missed = new ArrayList<>();
        for (Measures.Row r : rows) {
            if (Double.isInfinite(r.stepsToTarget()) || Double.isNaN(r.stepsToTarget())) {
                missed.add(r.arm());
            } else {
                names.add(r.arm());
                steps.add(r.stepsToTarget());
            }
        }
        CategoryChart chart = new CategoryChartBuilder().width(900).height(480)
                .title(p.id() + ": median steps to target" + (missed.isEmpty() ? "" : " (missed: " + missed.size() + " arms)"))
                .xAxisTitle("arm").yAxisTitle("steps").build();
        chart.getStyler().setLegendVisible(false);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setPlotBackgroundColor(Color.WHITE);
        chart.getStyler().setXAxisLabelRotation(60);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        if (names.isEmpty()) {
            names.add("no arm reached the target");
            steps.add(0.0);
        }
        chart.addSeries("steps", names, steps);
        AtomicFiles.write(dir.resolve("steps-" + p.id() + ".png"),
                out -> BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG));
    }

    private static String optimizer(String arm) {
        return arm.endsWith("/dl4j") ? arm.substring(0, arm.length() - "/dl4j".length()) : arm;
    }

    private static double[] toArray(List<Double> v) {
        return v.stream().mapToDouble(Double::doubleValue).toArray();
    }
}
