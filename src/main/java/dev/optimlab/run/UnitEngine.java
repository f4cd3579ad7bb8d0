package dev.optimlab.run;

import java.util.List;
import java.util.function.Function;

/**
 * Where a run's independent units (trials, folds, seeds, fits) are computed: this machine's worker
 * threads ({@link TrialExecutor}, {@code --workers N}) or a cluster ({@link TrialEngine}, {@code --spark
 * MASTER}). Every experiment kind hands its units over through this one interface, so a kind has no
 * engine-specific code. The listener's {@code finished} is called on the caller's thread, one unit at
 * a time, as units finish, so a run writes the same files and resumes the same way on any engine.
 *
 * <p>A remote engine does not ship {@code work} (a closure over the run's data): it rebuilds the run
 * from its spec where it computes, and computes the same unit there. So {@code work} must depend only
 * on the spec, the data and the unit, as it must for {@code --workers} anyway; its result comes back
 * through Java serialization (result types are {@link java.io.Serializable}).
 */
public interface UnitEngine {

    /**
     * Runs {@code work} on every unit; results in the order of {@code units}.
     *
     * @param listener hears of each unit that finishes, on the caller's thread
     */
    <U, R> List<R> map(List<U> units, Function<U, R> work, TrialExecutor.Listener<U, R> listener);

    /** Runs {@code work} on every unit; results in the order of {@code units}. */
    default <U, R> List<R> map(List<U> units, Function<U, R> work) {
        return map(units, work, (w, u, r) -> { });
    }

    /** How many units run at once (for the progress's estimate of the time left). */
    int slots();
}
