package dev.optimlab.experiment;

/**
 * A spec is invalid. The message names the file, the field (a dotted path such as
 * {@code arms[2].hyperparameters.lr}) and what is allowed; the command line exits with code 2.
 */
public class SpecException extends RuntimeException {

    public SpecException(String file, String field, String problem) {
        super(file + ": " + (field.isEmpty() ? "" : "field '" + field + "': ") + problem);
    }
}
