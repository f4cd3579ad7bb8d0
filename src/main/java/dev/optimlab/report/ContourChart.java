package dev.optimlab.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.DoubleBinaryOperator;

import javax.imageio.ImageIO;

/**
 * A filled contour plot of a 2-D function with optimizer paths drawn over it (Java2D, headless).
 * Levels are evenly spaced in log(1 + f − f_low) so that valleys and plateaus both show; the
 * contour lines are the boundaries between level bands, found per pixel.
 */
public final class ContourChart {

    private static final int W = 900;
    private static final int H = 640;
    private static final int LEFT = 70;
    private static final int RIGHT = 230;
    private static final int TOP = 40;
    private static final int BOTTOM = 55;
    private static final int LEVELS = 24;

    private static final Color[] PATH_COLOURS = {new Color(0xd62728), new Color(0x1f77b4), new Color(0x2ca02c),
        new Color(0xff7f0e), new Color(0x9467bd), new Color(0x8c564b), new Color(0xe377c2), new Color(0x17becf),
        new Color(0xbcbd22), new Color(0x7f7f7f), Color.BLACK, new Color(0x393b79)};

    /** One path: its label and points {x, y, ...}. */
    public record PathLine(String label, List<double[]> points, boolean diverged) {
    }

    private ContourChart() {
    }

    public static void write(Path png, String title, DoubleBinaryOperator f, double[] window, double[] minimum,
                             List<PathLine> paths) throws IOException {
        int pw = W - LEFT - RIGHT;
        int ph = H - TOP - BOTTOM;
        BufferedImage img = new BufferedImage(W, H, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, W, H);
        drawBands(img, bands(f, window, pw, ph));
        drawAxes(g, title, window, pw, ph);
        g.setClip(LEFT, TOP, pw, ph);
        if (!Double.isNaN(minimum[0])) {
            drawMinimum(g, px(window, minimum[0], pw), py(window, minimum[1], ph));
        }
        drawPaths(g, paths, window, pw, ph);
        g.setClip(null);
        drawLegend(g, paths, pw);
        g.dispose();
        AtomicFiles.write(png, out -> ImageIO.write(img, "png", out));
    }

    /** The contour band of each pixel: LEVELS bands evenly spaced in log(1 + f − min f) over the window. */
    private static int[][] bands(DoubleBinaryOperator f, double[] window, int pw, int ph) {
        double[][] z = new double[ph][pw];
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < ph; j++) {
            for (int i = 0; i < pw; i++) {
                double v = f.applyAsDouble(x(window, i, pw), y(window, j, ph));
                z[j][i] = v;
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
        }
        int[][] band = new int[ph][pw];
        double span = Math.log1p(hi - lo);
        for (int j = 0; j < ph; j++) {
            for (int i = 0; i < pw; i++) {
                band[j][i] = (int) Math.min(LEVELS - 1, Math.floor(LEVELS * Math.log1p(z[j][i] - lo) / span));
            }
        }
        return band;
    }

    /** Shades each band, darker where the band changes (the contour lines). */
    private static void drawBands(BufferedImage img, int[][] band) {
        int ph = band.length;
        int pw = band[0].length;
        for (int j = 0; j < ph; j++) {
            for (int i = 0; i < pw; i++) {
                boolean edge = (i + 1 < pw && band[j][i + 1] != band[j][i]) || (j + 1 < ph && band[j + 1][i] != band[j][i]);
                Color c = shade(band[j][i] / (LEVELS - 1.0));
                img.setRGB(LEFT + i, TOP + j, edge ? c.darker().getRGB() : c.getRGB());
            }
        }
    }

    private static void drawAxes(Graphics2D g, String title, double[] window, int pw, int ph) {
        g.setColor(Color.DARK_GRAY);
        g.drawRect(LEFT, TOP, pw, ph);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
        g.drawString(title, LEFT, TOP - 14);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        for (int k = 0; k <= 4; k++) {
            double xv = window[0] + (window[1] - window[0]) * k / 4;
            double yv = window[2] + (window[3] - window[2]) * k / 4;
            int px = LEFT + (int) Math.round(pw * k / 4.0);
            int py = TOP + ph - (int) Math.round(ph * k / 4.0);
            g.drawString(fmt(xv), px - 12, TOP + ph + 18);
            g.drawString(fmt(yv), LEFT - 45, py + 4);
        }
        g.drawString("x", LEFT + pw / 2, TOP + ph + 40);
        g.drawString("y", 8, TOP + ph / 2 - 14);
    }

    private static void drawMinimum(Graphics2D g, int mx, int my) {
        g.setColor(Color.WHITE);
        g.setStroke(new BasicStroke(3f));
        g.drawLine(mx - 7, my - 7, mx + 7, my + 7);
        g.drawLine(mx - 7, my + 7, mx + 7, my - 7);
    }

    /** Each path as a line with a dot at its end; a square at the first path's start. */
    private static void drawPaths(Graphics2D g, List<PathLine> paths, double[] window, int pw, int ph) {
        for (int p = 0; p < paths.size(); p++) {
            PathLine line = paths.get(p);
            g.setColor(PATH_COLOURS[p % PATH_COLOURS.length]);
            g.setStroke(new BasicStroke(2f));
            Path2D.Double path = new Path2D.Double();
            for (int k = 0; k < line.points().size(); k++) {
                double[] pt = line.points().get(k);
                double sx = LEFT + (pt[0] - window[0]) / (window[1] - window[0]) * pw;
                double sy = TOP + ph - (pt[1] - window[2]) / (window[3] - window[2]) * ph;
                if (k == 0) {
                    path.moveTo(sx, sy);
                } else {
                    path.lineTo(sx, sy);
                }
            }
            g.draw(path);
            double[] end = line.points().get(line.points().size() - 1);
            g.fillOval(px(window, end[0], pw) - 4, py(window, end[1], ph) - 4, 9, 9);
        }
        double[] s = paths.isEmpty() ? null : paths.get(0).points().get(0);
        if (s != null) {
            g.setColor(Color.BLACK);
            g.fillRect(px(window, s[0], pw) - 4, py(window, s[1], ph) - 4, 9, 9);
        }
    }

    private static void drawLegend(Graphics2D g, List<PathLine> paths, int pw) {
        int ly = TOP + 10;
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        for (int p = 0; p < paths.size(); p++) {
            g.setColor(PATH_COLOURS[p % PATH_COLOURS.length]);
            g.fillRect(LEFT + pw + 15, ly + 18 * p - 9, 18, 4);
            g.setColor(Color.BLACK);
            g.drawString(paths.get(p).label() + (paths.get(p).diverged() ? " (diverged)" : ""), LEFT + pw + 38, ly + 18 * p - 3);
        }
        int by = ly + 18 * paths.size() + 10;
        g.drawString("■ start   ● end   ✕ minimum", LEFT + pw + 15, by);
    }

    private static double x(double[] w, int i, int pw) {
        return w[0] + (w[1] - w[0]) * (i + 0.5) / pw;
    }

    private static double y(double[] w, int j, int ph) {
        return w[3] - (w[3] - w[2]) * (j + 0.5) / ph;
    }

    private static int px(double[] w, double x, int pw) {
        return LEFT + (int) Math.round((x - w[0]) / (w[1] - w[0]) * pw);
    }

    private static int py(double[] w, double y, int ph) {
        return TOP + ph - (int) Math.round((y - w[2]) / (w[3] - w[2]) * ph);
    }

    /** A light-to-dark blue-green ramp (low values light). */
    private static Color shade(double t) {
        int r = (int) (250 - 200 * t);
        int g = (int) (250 - 130 * t);
        int b = (int) (235 - 60 * t);
        return new Color(r, g, b);
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.2f", v).replaceAll("\\.?0+$", "");
    }
}
