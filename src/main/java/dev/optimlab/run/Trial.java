package dev.optimlab.run;

/**
 * One unit of work: an arm trained with one seed on the experiment's problem. The seed fixes the
 * initial parameters and the order of the minibatches, the same for every arm.
 */
public record Trial(String experiment, Arm arm, long seed) {

    /** File-safe identifier, also the trial's JSON file name (without extension). */
    public String id() {
        return arm.name().replaceAll("[^A-Za-z0-9._+-]", "_") + "__seed" + seed;
    }
}
