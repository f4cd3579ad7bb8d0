package dev.optimlab.experiment;

/**
 * A spec is invalid. The message names the file, the field (a dotted path such as
 * {@code arms[2].hyperparameters.lr}) and what is allowed; the command line exits with code 2.
 */
public class SpecException extends RuntimeException {

    private final String file;
    private final String field;
    private final String problem;

    public SpecException(String file, String field, String problem) {
        super(file + ": " + (field.isEmpty() ? "" : "field '" + field + "': ") + problem);
        this.file = file;
        this.field = field;
        this.problem = problem;
    }

    /** The dotted path of the field, empty for the whole file. */
    public String field() {
        return field;
    }

    /** The same problem in the same file, reported at {@code otherField} (e.g. inside the quick block). */
    public SpecException at(String otherField) {
        return new SpecException(file, otherField, problem);
    }
}
