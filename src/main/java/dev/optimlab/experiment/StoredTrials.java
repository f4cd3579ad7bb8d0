package dev.optimlab.experiment;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.optimlab.report.GitInfo;
import dev.optimlab.run.Provenance;
import dev.optimlab.run.ResultsDirs;
import dev.optimlab.run.RunException;
import dev.optimlab.run.Trial;
import dev.optimlab.run.TrialResult;
import dev.optimlab.run.TrialStore;

/**
 * The stored trials of one experiment against its plan: every kind that stores trials checks them
 * here before touching a file, and replaces them here afterwards, so the resume rules (fingerprint,
 * {@code --fresh}, {@code --retrain-stale}, provenance) are one piece of code.
 */
public final class StoredTrials {

    private StoredTrials() {
    }

    /**
     * Reads only. Sorts the stored trials of {@code directory} against {@code plan} (all missing
     * under {@code --fresh}) and refuses stale ones unless {@code --retrain-stale}. A kind checks
     * its data next, then calls {@link #checkTarget}: the data error is the one a user can act on
     * first, so it comes before the provenance refusal.
     */
    public static TrialStore.Inspection inspect(String experiment, Path directory, List<Trial> plan,
                                                Experiment.Settings settings) {
        TrialStore.Inspection stored = settings.fresh() ? new TrialStore.Inspection(List.of(), List.of(), plan)
                : new TrialStore(directory.resolve("trials")).inspect(plan);
        if (!stored.stale().isEmpty() && !settings.retrainStale()) {
            throw new RunException(staleMessage(experiment, stored.stale(), plan.size()));
        }
        return stored;
    }

    /**
     * The whole check of a kind that stores trials, in the order {@link #inspect} gives: the stored
     * trials of its results directory against {@code plan}, then the kind's {@code dataChecks}
     * (checksums, non-empty parts), then {@link #checkTarget}. Reads only; returns the stored trials
     * sorted against the plan.
     */
    public static TrialStore.Inspection check(String experiment, List<Trial> plan, Experiment.Settings settings,
                                              Runnable dataChecks) {
        Path directory = settings.resultsRoot().resolve(experiment);
        TrialStore.Inspection stored = inspect(experiment, directory, plan, settings);
        dataChecks.run();
        checkTarget(directory, stored, settings);
        return stored;
    }

    /** Reads only: the results directory can be written, and the code's provenance allows this run. */
    public static void checkTarget(Path directory, TrialStore.Inspection stored, Experiment.Settings settings) {
        ResultsDirs.checkWritable(directory);
        boolean willTrain = !stored.missing().isEmpty() || !stored.stale().isEmpty();
        Provenance.check(GitInfo.current(), willTrain, stored.reusable(), settings.allowDirty());
    }

    /**
     * After {@link #inspect} and {@link #checkTarget} passed: deletes what {@code --fresh} or {@code --retrain-stale}
     * replaces and leftovers of killed runs; returns the reusable results by trial id.
     */
    public static Map<String, TrialResult> prepare(TrialStore store, TrialStore.Inspection stored,
                                                   Experiment.Settings settings) throws IOException {
        if (settings.fresh()) {
            store.deleteAll();
        } else {
            store.delete(stored.stale().stream().map(TrialStore.Stale::trial).toList());
        }
        store.removeTemporaryFiles();
        Map<String, TrialResult> reusable = new HashMap<>();
        stored.reusable().forEach(r -> reusable.put(r.trial(), r));
        return reusable;
    }

    private static String staleMessage(String experiment, List<TrialStore.Stale> stale, int planned) {
        StringBuilder sb = new StringBuilder(stale.size() + " of " + planned + " stored trials of '" + experiment
                + "' are not the trials this spec plans (stale):");
        int shown = 0;
        for (TrialStore.Stale s : stale) {
            if (shown++ == 10) {
                sb.append("\n  ... and ").append(stale.size() - 10).append(" more");
                break;
            }
            sb.append("\n  ").append(s.file()).append(": ").append(String.join("; ", s.differences()));
        }
        sb.append("\nNothing was trained or changed. Run again with --retrain-stale to train only these again, ")
                .append("or --fresh to train every trial again.");
        if (stale.stream().anyMatch(s -> s.differences().contains(TrialStore.NO_FINGERPRINT))) {
            sb.append(" (`optimlab check` compares what trials without a fingerprint record with the spec.)");
        }
        return sb.toString();
    }
}
