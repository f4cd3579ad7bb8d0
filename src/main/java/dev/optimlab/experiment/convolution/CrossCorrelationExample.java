package dev.optimlab.experiment.convolution;

import static dev.optimlab.report.Markdown.num;

import dev.optimlab.report.Markdown;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The report's worked example of "convolution is cross-correlation": a small input and an
 * asymmetric kernel, run through DL4J's 2-D and 1-D layers and through the plain loops, every
 * number computed here.
 */
final class CrossCorrelationExample {

    static final double[][] INPUT = {{1, 2, 0, 1}, {0, 1, 3, 2}, {2, 0, 1, 0}, {1, 3, 0, 2}};
    static final double[][] KERNEL = {{1, 0}, {2, -1}};
    static final double[] SEQUENCE = {1, 2, 4, 7, 11};
    static final double[] KERNEL_1D = {1, 0, -1};

    private CrossCorrelationExample() {
    }

    static List<String> section() {
        double[][] dl4j = CrossCorrelation.dl4j2d(new double[][][] {INPUT}, new double[][][][] {{KERNEL}}, new double[1])[0];
        double[][] flipped = CrossCorrelation.dl4j2d(new double[][][] {INPUT},
                new double[][][][] {{CrossCorrelation.flip(KERNEL)}}, new double[1])[0];
        double[][] xcorr = CrossCorrelation.crossCorrelate(INPUT, KERNEL);
        double[][] conv = CrossCorrelation.convolve(INPUT, KERNEL);
        double[] dl4j1 = CrossCorrelation.dl4j1d(new double[][] {SEQUENCE}, new double[][][] {{KERNEL_1D}}, new double[1])[0];
        double[] reversed = CrossCorrelation.flip(new double[][] {KERNEL_1D})[0];
        double[] flipped1 = CrossCorrelation.dl4j1d(new double[][] {SEQUENCE}, new double[][][] {{reversed}}, new double[1])[0];
        double[] xcorr1 = CrossCorrelation.crossCorrelate(new double[][] {SEQUENCE}, new double[][] {KERNEL_1D})[0];
        double[] conv1 = CrossCorrelation.convolve(new double[][] {SEQUENCE}, new double[][] {KERNEL_1D})[0];
        List<String> md = new ArrayList<>();
        md.add("## \"Convolution\" in DL4J is cross-correlation: a worked example");
        md.add("");
        md.add("Cross-correlation slides the kernel as it is: y[i][j] = Σ_a Σ_b x[i+a][j+b]·k[a][b]. A true convolution "
                + "turns it around: (x∗k)[n][m] = Σ_p Σ_q x[p][q]·k[n−p][m−q]. Valid region, stride 1, no bias; DL4J in double "
                + "precision with the weights set by hand.");
        md.add("");
        md.addAll(table(List.of(
                List.of("input x (4×4)", matrix(INPUT)),
                List.of("kernel k (asymmetric)", matrix(KERNEL)),
                List.of("DL4J `ConvolutionLayer` with k", matrix(dl4j)),
                List.of("plain-loop cross-correlation with k", matrix(xcorr) + same(xcorr, dl4j)),
                List.of("plain-loop true convolution with k", matrix(conv) + same(conv, dl4j)),
                List.of("DL4J `ConvolutionLayer` with k flipped (" + matrix(CrossCorrelation.flip(KERNEL)) + ")",
                        matrix(flipped) + same(flipped, conv).replace("DL4J with k", "the true convolution"))),
                "case", "result"));
        md.add("");
        md.add("The same in 1-D, x = " + vector(SEQUENCE) + ", k = " + vector(KERNEL_1D) + " (a difference kernel: the sign "
                + "tells which way it slides):");
        md.add("");
        md.addAll(table(List.of(
                List.of("DL4J `Convolution1DLayer` with k", vector(dl4j1)),
                List.of("plain-loop cross-correlation", vector(xcorr1) + same(new double[][] {xcorr1}, new double[][] {dl4j1})),
                List.of("plain-loop true convolution", vector(conv1) + same(new double[][] {conv1}, new double[][] {dl4j1})),
                List.of("DL4J `Convolution1DLayer` with k reversed " + vector(reversed), vector(flipped1)
                        + same(new double[][] {flipped1}, new double[][] {conv1}).replace("DL4J with k", "the true convolution"))),
                "case", "result"));
        md.add("");
        md.add("`CrossCorrelationTest` asserts the same for random multi-channel inputs with biases (to 1e-12): DL4J's layers "
                + "equal the cross-correlation loop, equal the true convolution only with the flipped kernel, and differ from "
                + "it with the kernel as given.");
        return md;
    }

    private static List<String> table(List<List<String>> rows, String... head) {
        List<String> md = new ArrayList<>();
        md.add(Markdown.row(List.of(head)));
        md.add(Markdown.separator(head.length));
        rows.forEach(r -> md.add(Markdown.row(r)));
        return md;
    }

    private static String same(double[][] a, double[][] b) {
        return Arrays.deepEquals(round(a), round(b)) ? " — equals DL4J with k" : " — differs from DL4J with k";
    }

    /** Compared to 1e-9: the layer runs in double, the loops too, only the summation order differs. */
    private static long[][] round(double[][] a) {
        return Arrays.stream(a).map(r -> Arrays.stream(r).mapToLong(v -> Math.round(v * 1e9)).toArray()).toArray(long[][]::new);
    }

    private static String matrix(double[][] m) {
        return Arrays.stream(m).map(CrossCorrelationExample::vector).collect(Collectors.joining(" ", "[", "]"));
    }

    private static String vector(double[] v) {
        return Arrays.stream(v).mapToObj(x -> num(x)).collect(Collectors.joining(", ", "[", "]"));
    }
}
