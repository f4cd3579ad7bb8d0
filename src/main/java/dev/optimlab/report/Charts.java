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
 * PNG charts drawn headless with XChart. Every colour key (the callers use one per arm) gets its
 * own colour, up to 24 distinguishable ones; the line style tells the implementation (solid:
 * OptimLab, dashed: DL4J built-in), so a twin's dashes are visible beside, not under, its sibling.
 * Bands are clipped to the range the quantity can take ({@link #range}); logarithmic axes carry
 * ticks between the decades, so a chart spanning less than one decade is still readable.
 */
public final class Charts {

    private static final Color[] PALETTE = {new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c),
        new Color(0xff7f0e), new Color(0x9467bd), new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f),
        new Color(0xbcbd22), new Color(0x17becf), new Color(0x393b79), new Color(0x637939), new Color(0x8c6d31),
        new Color(0x843c39), new Color(0x7b4173), new Color(0x000000), new Color(0x31a354), new Color(0xe6550d),
        new Color(0x756bb1), new Color(0xaec7e8), new Color(0xff9896), new Color(0x98df8a), new Color(0xffbb78),
        new Color(0xc49c94)};

    /** A line of a chart: its label, colour key and whether it is drawn dashed. */
    public record Line(String label, String colourKey, boolean dashed, double[] x, double[] y, double[] std) {
    }

    private final Map<String, Color> colours = new LinkedHashMap<>();
    private double lowest = Double.NEGATIVE_INFINITY;
    private double highest = Double.POSITIVE_INFINITY;

    private Color colour(String key) {
        return colours.computeIfAbsent(key, k -> PALETTE[colours.size() % PALETTE.length]);
    }

    /** The values the charted quantity can take (e.g. [0, ∞) for a loss, [0, 1] for accuracy): bands stop there. */
    public Charts range(double min, double max) {
        this.lowest = min;
        this.highest = max;
        return this;
    }

    /** Mean curves with ±std bands (when {@code std} is given). */
    public void curves(Path png, String title, String xLabel, String yLabel, boolean logY, List<Line> lines) throws IOException {
        XYChart chart = chart(title, xLabel, yLabel);
        chart.getStyler().setYAxisLogarithmic(logY);
        chart.getStyler().setYAxisLogarithmicDecadeOnly(!narrow(lines, true));
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
                addBand(chart, l, c, Math.max(lowest, logY ? floor / 2 : Double.NEGATIVE_INFINITY), highest);
            }
            XYSeries s = chart.addSeries(l.label(), l.x(), l.y());
            s.setMarker(SeriesMarkers.NONE);
            s.setLineColor(c);
            s.setLineStyle(stroke(l.dashed()));
        }
        save(chart, png);
    }

    private static void addBand(XYChart chart, Line l, Color c, double floor, double ceiling) {
        int n = l.x().length;
        double[] px = new double[2 * n];
        double[] py = new double[2 * n];
        for (int i = 0; i < n; i++) {
            px[i] = l.x()[i];
            py[i] = Math.min(l.y()[i] + l.std()[i], ceiling);
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
        chart.getStyler().setXAxisLogarithmicDecadeOnly(!narrow(lines, false));
        for (Line l : lines) {
            XYSeries s = chart.addSeries(l.label(), l.x(), l.y(), l.std());
            s.setMarker(SeriesMarkers.CIRCLE);
            s.setLineColor(colour(l.colourKey()));
            s.setMarkerColor(colour(l.colourKey()));
            s.setLineStyle(stroke(l.dashed()));
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
            s.setLineStyle(stroke(l.dashed()));
        }
        save(chart, png);
    }

    private static BasicStroke stroke(boolean dashed) {
        return dashed ? new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {8f, 6f}, 0f)
                : new BasicStroke(2f);
    }

    /**
     * Whether the positive values on an axis span less than two decades: XChart then labels the
     * powers of ten only (often a single "1"), so ticks at 2..9 × 10ᵏ are asked for too.
     */
    private static boolean narrow(List<Line> lines, boolean y) {
        double min = Double.POSITIVE_INFINITY;
        double max = 0;
        for (Line l : lines) {
            for (double v : y ? l.y() : l.x()) {
                if (v > 0 && Double.isFinite(v)) {
                    min = Math.min(min, v);
                    max = Math.max(max, v);
                }
            }
        }
        return max / min < 100;
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
