package dev.optimlab.data;

/**
 * A data file is missing, truncated, damaged or not what it claims to be. The message names the
 * file and what was expected, so that a user can fix it without reading a stack trace.
 */
public class DataException extends RuntimeException {
    public DataException(String message) {
        super(message);
    }

    public DataException(String message, Throwable cause) {
        super(message, cause);
    }
}
