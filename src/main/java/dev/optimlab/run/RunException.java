package dev.optimlab.run;

/**
 * A run cannot go on because of something the user can fix: stale or damaged stored trials, a
 * results directory held by another run or not writable, uncommitted code without
 * {@code --allow-dirty}. The message names the file and the fix; the command line exits with 2.
 */
public class RunException extends RuntimeException {

    public RunException(String message) {
        super(message);
    }
}
