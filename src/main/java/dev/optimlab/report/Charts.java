package dev.optimlab.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * PNG charts drawn headless with XChart. Colours follow the optimizer, line style the
 * implementation (solid: OptimLab, dashed: DL4J built-in), so twins that agree overlap.
 */
public final class Charts {

    private static final Color[] PALETTE = {new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c),
        new Color(0xff7f0e), new Color(0x9467bd), new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f),
        new Color(0xbcbd22), new Color(0x17becf)};

    /** A line of a chart: its label, colour key and whether it is drawn dashed. */
    public record Line(String label, String colourKey, boolean dashed, double[] x, double[] y, double[] std) {
    }

    private final Map<String, Color> colours = new LinkedHashMap<>();

    private Color colour(String key) {
        return colours.computeIfAbsent(key, k -> PALETTE[colours.size() % PALETTE.length]);
    }

    /** Mean curves with ±std bands (when {@code std} is given). */
    public void curves(Path png, String title, String xLabel, String yLabel, boolean logY, List<Line> lines) throws IOException {
        XYChart chart = chart(title, xLabel, yLabel);
        chart.getStyler().setYAxisLogarithmic(logY);
        double floor = Double.POSITIVE_INFINITY;
        for (Line l : lines) {
            for (double v : l.y()) {
                if (v > 0) {
                    floor = Math.min(floor, v);
                }
            }
        }
        for (Line l : lines) {
            Color c = colour(l.colourKey());
            if (l.std() != null) {
                addBand(chart, l, c, logY ? floor / 2 : Double.NEGATIVE_INFINITY);
            }
            XYSeries s = chart.addSeries(l.label(), l.x(), l.y());
            s.setMarker(SeriesMarkers.NONE);
            s.setLineColor(c);
            s.setLineStyle(l.dashed() ? new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
                    new float[] {8f, 6f}, 0f) : new BasicStroke(2f));
        }
        save(chart, png);
    }

    private static void addBand(XYChart chart, Line l, Color c, double floor) {
        int n = l.x().length;
        double[] px = new double[2 * n];
        double[] py = new double[2 * n];
        for (int i = 0; i < n; i++) {
            px[i] = l.x()[i];
            py[i] = l.y()[i] + l.std()[i];
            px[2 * n - 1 - i] = l.x()[i];
            py[2 * n - 1 - i] = Math.max(l.y()[i] - l.std()[i], floor);
        }
        XYSeries band = chart.addSeries(l.label() + " ±std", px, py);
        band.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.PolygonArea);
        band.setFillColor(new Color(c.getRed(), c.getGreen(), c.getBlue(), 45));
        band.setLineColor(new Color(0, 0, 0, 0));
        band.setMarker(SeriesMarkers.NONE);
        band.setShowInLegend(false);
    }

    /** Mean ± std of a final score against a hyperparameter, one line per group of arms. */
    public void sweep(Path png, String title, String xLabel, String yLabel, boolean logX, List<Line> lines) throws IOException {
        XYChart chart = chart(title, xLabel, yLabel);
        chart.getStyler().setXAxisLogarithmic(logX);
        for (Line l : lines) {
            XYSeries s = chart.addSeries(l.label(), l.x(), l.y(), l.std());
            s.setMarker(SeriesMarkers.CIRCLE);
            s.setLineColor(colour(l.colourKey()));
            s.setMarkerColor(colour(l.colourKey()));
            s.setLineStyle(l.dashed() ? new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
                    new float[] {8f, 6f}, 0f) : new BasicStroke(2f));
        }
        save(chart, png);
    }

    /** Data points, the true function and fitted curves. */
    public void fits(Path png, String title, double[] dataX, double[] dataY, Line truth, List<Line> fits) throws IOException {
        XYChart chart = chart(title, "x", "y");
        XYSeries pts = chart.addSeries("training data", dataX, dataY);
        pts.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        pts.setMarker(SeriesMarkers.CIRCLE);
        pts.setMarkerColor(new Color(120, 120, 120, 140));
        XYSeries t = chart.addSeries(truth.label(), truth.x(), truth.y());
        t.setMarker(SeriesMarkers.NONE);
        t.setLineColor(Color.BLACK);
        t.setLineStyle(new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {3f, 3f}, 0f));
        List<Line> sorted = new ArrayList<>(fits);
        for (Line l : sorted) {
            XYSeries s = chart.addSeries(l.label(), l.x(), l.y());
            s.setMarker(SeriesMarkers.NONE);
            s.setLineColor(colour(l.colourKey()));
            s.setLineStyle(l.dashed() ? new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
                    new float[] {8f, 6f}, 0f) : new BasicStroke(2f));
        }
        save(chart, png);
    }

    private static XYChart chart(String title, String xLabel, String yLabel) {
        XYChart chart = new XYChartBuilder().width(900).height(540).title(title).xAxisTitle(xLabel).yAxisTitle(yLabel).build();
        Styler s = chart.getStyler();
        s.setLegendPosition(Styler.LegendPosition.OutsideE);
        s.setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setPlotBackgroundColor(Color.WHITE);
        s.setAntiAlias(true);
        return chart;
    }

    private static void save(XYChart chart, Path png) throws IOException {
        AtomicFiles.write(png, out -> BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG));
    }
}
