package dev.optimlab.experiment.comparison;

import java.util.ArrayList;
import java.util.List;

import dev.optimlab.run.Arm;
import dev.optimlab.run.Trial;

/** The trials of a spec: every arm with every seed, seed-major (all arms of seed 1 first). */
public final class Plan {

    private Plan() {
    }

    public static List<Trial> of(Spec spec) {
        List<Trial> trials = new ArrayList<>();
        for (long seed : spec.seeds()) {
            for (Arm arm : spec.arms()) {
                trials.add(new Trial(spec.name(), spec.problem(), arm, seed));
            }
        }
        return trials;
    }
}
