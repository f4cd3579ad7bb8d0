package dev.optimlab.run;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import dev.optimlab.report.GitInfo;

/**
 * Which code produced a set of trials. A report is written from trials of one clean commit; trials
 * from several commits are listed; trials from uncommitted code are refused unless the run allows
 * them, and then the report says so at its top.
 */
public final class Provenance {

    private Provenance() {
    }

    /** Refuses before any training: uncommitted code about to train, or reused trials from uncommitted code. */
    public static void check(GitInfo.State code, boolean codeWillTrain, List<TrialResult> reused, boolean allowDirty) {
        if (allowDirty) {
            return;
        }
        if (codeWillTrain && code.dirty()) {
            throw new RunException("the code is " + code.describe() + "; commit first so that the trials record a clean "
                    + "commit, or pass --allow-dirty (the report then says so at its top)");
        }
        List<String> dirty = reused.stream().filter(Provenance::dirty).map(TrialResult::trial).toList();
        if (!dirty.isEmpty()) {
            throw new RunException(dirty.size() + " stored trial(s) were trained by uncommitted code (" + String.join(", ", dirty)
                    + "); retrain them with --fresh from a clean commit, or pass --allow-dirty");
        }
    }

    private static boolean dirty(TrialResult r) {
        return r.gitDirty() == null || r.gitDirty() || r.gitCommit() == null;
    }

    /**
     * Lines for the top of the report; empty when every trial comes from one clean commit, the
     * commit of the code writing the report. Otherwise they name each commit with its trial count
     * and whether it had uncommitted changes, so the "code: git commit" line of the report's
     * Reproduce section is never the only word on provenance.
     */
    public static List<String> banner(List<TrialResult> trials, GitInfo.State writer) {
        Map<String, Integer> byCommit = new TreeMap<>();
        boolean anyDirty = false;
        for (TrialResult r : trials) {
            String key = (r.gitCommit() == null ? "unknown commit" : r.gitCommit()) + (dirty(r) ? " with uncommitted changes" : "");
            byCommit.merge(key, 1, Integer::sum);
            anyDirty |= dirty(r);
        }
        boolean sameAsWriter = byCommit.size() == 1 && byCommit.containsKey(String.valueOf(writer.commit()));
        if (sameAsWriter && !anyDirty) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        out.add("> **Provenance:** " + (anyDirty ? "run with `--allow-dirty`: some trials were trained by code with uncommitted "
                + "changes, so these numbers cannot be tied to a commit. " : "")
                + "The trials were trained by " + byCommit.size() + " code state(s); this report was written by `"
                + writer.describe() + "`:");
        byCommit.forEach((k, n) -> out.add("> - `" + k + "`: " + n + " trial(s)"));
        out.add("");
        return out;
    }
}
