package dev.optimlab.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Small formatting pieces shared by the reports. */
public final class Markdown {

    private Markdown() {
    }

    /** A number with 4 significant digits (scientific outside [1e-3, 1e5)). */
    public static String num(double v) {
        if (Double.isNaN(v)) {
            return "–";
        }
        double a = Math.abs(v);
        if (a != 0 && (a < 1e-3 || a >= 1e5)) {
            return String.format(Locale.ROOT, "%.3e", v).replaceFirst("\\.?0+e", "e");
        }
        String s = new java.math.BigDecimal(v).round(new java.math.MathContext(4)).stripTrailingZeros().toPlainString();
        return s.equals("-0") ? "0" : s;
    }

    /** Paragraphs as report lines, each followed by a blank line; the list can be added to. */
    public static List<String> paragraphs(String... paragraphs) {
        List<String> md = new ArrayList<>();
        for (String p : paragraphs) {
            md.add(p);
            md.add("");
        }
        return md;
    }

    /** A "## title" section opening with {@code paragraphs} (each followed by a blank line); the list can be added to. */
    public static List<String> section(String title, String... paragraphs) {
        List<String> md = paragraphs("## " + title);
        md.addAll(paragraphs(paragraphs));
        return md;
    }

    /** Charts written next to the report, one paragraph each: {@code ![file](file)}. */
    public static List<String> images(List<String> files) {
        return paragraphs(files.stream().map(f -> "![" + f + "](" + f + ")").toArray(String[]::new));
    }

    public static String row(List<String> cells) {
        return "| " + String.join(" | ", cells) + " |";
    }

    public static String separator(int columns) {
        return "|" + "---|".repeat(columns);
    }
}
