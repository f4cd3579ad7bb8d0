package dev.optimlab.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

import org.datavec.api.records.reader.impl.csv.CSVRecordReader;
import org.datavec.api.split.InputStreamInputSplit;
import org.datavec.api.writable.Writable;

/**
 * Numeric CSV files read with DataVec's {@link CSVRecordReader} (plain or gzip), checked for a
 * constant number of numeric columns; errors name the file and the line.
 */
public final class CsvTable {

    private CsvTable() {
    }

    /**
     * Rows of numbers.
     *
     * @param skipLines header lines to skip
     * @param delimiter the column separator
     * @param columns expected number of columns per row
     */
    public static double[][] read(Path file, int skipLines, char delimiter, int columns) {
        List<double[]> rows = new ArrayList<>();
        try (InputStream raw = Files.newInputStream(file);
             InputStream in = file.toString().endsWith(".gz") ? new GZIPInputStream(raw) : raw) {
            CSVRecordReader reader = new CSVRecordReader(skipLines, delimiter);
            reader.initialize(new InputStreamInputSplit(in));
            int line = skipLines;
            while (reader.hasNext()) {
                line++;
                List<Writable> record = reader.next();
                if (record.size() != columns) {
                    throw new DataException(file + ": line " + line + " has " + record.size()
                            + " columns, expected " + columns);
                }
                double[] row = new double[columns];
                for (int j = 0; j < columns; j++) {
                    String s = record.get(j).toString().strip();
                    try {
                        row[j] = Double.parseDouble(s);
                    } catch (NumberFormatException e) {
                        throw new DataException(file + ": line " + line + ", column " + (j + 1)
                                + ": '" + s + "' is not a number");
                    }
                }
                rows.add(row);
            }
        } catch (IOException | InterruptedException e) {
            throw new DataException(file + ": cannot read as CSV: " + e.getMessage(), e);
        }
        return rows.toArray(new double[0][]);
    }
}
