package dev.optimlab.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The arms of an interleaved benchmark, taken in turn one JMH iteration each: iteration i
 * (warm-up iterations counted) measures arm i mod A. One fork then measures every arm at
 * alternating moments, so a change in the machine's load during the run reaches all arms alike
 * instead of the arms that happened to run at a bad time. {@link ArmSamples} undoes the mapping
 * on the JSON.
 *
 * @param <A> what an arm is to the benchmark
 */
public final class ArmCycle<A> {

    private final List<A> arms = new ArrayList<>();
    private int index = -1;

    /** The arm names of a benchmark's {@code arms} parameter (space-separated). */
    public static List<String> names(String arms) {
        return Arrays.asList(arms.trim().split("\\s+"));
    }

    public void add(A arm) {
        arms.add(arm);
    }

    /** Moves to the next arm; call once before every iteration. */
    public void next() {
        index = (index + 1) % arms.size();
    }

    public A current() {
        return arms.get(index);
    }
}
