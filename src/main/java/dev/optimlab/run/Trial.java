package dev.optimlab.run;

import java.util.SortedMap;

import dev.optimlab.problem.Problem;

/**
 * One unit of work: an arm trained with one seed on the experiment's problem. The seed fixes the
 * initial parameters and the order of the minibatches, the same for every arm.
 */
public record Trial(String experiment, Problem problem, Arm arm, long seed) {

    /** File-safe identifier, also the trial's JSON file name (without extension). */
    public String id() {
        return fileId(arm.name()) + "__seed" + seed;
    }

    /** The file-name part of an arm name; the spec parser refuses two arms with one file. */
    public static String fileId(String armName) {
        return armName.replaceAll("[^A-Za-z0-9._+-]", "_");
    }

    /** Everything that determines this trial's numbers, flattened and sorted (see {@link TrialIdentity}). */
    public SortedMap<String, Object> fingerprintInputs() {
        return TrialIdentity.inputs(problem, arm, seed);
    }

    public String fingerprint() {
        return TrialIdentity.fingerprint(fingerprintInputs());
    }
}
