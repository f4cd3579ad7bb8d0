package dev.optimlab.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** The commit the code was built from, and whether the work tree had changes. */
public final class GitInfo {

    /** The code's provenance: what trials record and reports name. */
    public record State(String commit, boolean dirty) {

        /** {@code <commit>} or {@code <commit> (with uncommitted changes to the code or the poms)}. */
        public String describe() {
            if (commit == null) {
                return "unknown (not a git checkout)";
            }
            return commit + (dirty ? " (with uncommitted changes to the code or the poms)" : "");
        }
    }

    private static State current;

    private GitInfo() {
    }

    /**
     * The state of this process's code, determined once (at the start of a run) and kept: the
     * classes cannot change while the JVM runs, so commits made by others while a long run goes on
     * must not be attributed to it.
     */
    public static synchronized State current() {
        if (current == null) {
            current = of(Path.of("."), System.getProperty("optimlab.commit"));
        }
        return current;
    }

    /** The state of the checkout at {@code dir}, with an optional pinned commit (see {@link #current}). */
    static State of(Path dir, String pinned) {
        String head = git(dir, "rev-parse", "HEAD");
        if (head == null) {
            return new State(null, true); // no git: cleanliness cannot be shown
        }
        if (pinned == null) {
            String status = git(dir, "status", "--porcelain", "--untracked-files=no", "--", "src", "pom.xml", "optimlab-core", "suite");
            return new State(head, status == null || !status.isEmpty());
        }
        // A long batch of runs can pin the commit its classes were built from. The pin is checked
        // like HEAD: it must name a commit, and the work tree's src/ and pom.xml must equal it,
        // otherwise the classes may hold changes the commit does not have.
        String commit = git(dir, "rev-parse", "--verify", "--quiet", pinned + "^{commit}");
        if (commit == null) {
            throw new dev.optimlab.run.RunException("-Doptimlab.commit=" + pinned + " does not name a commit of this repository");
        }
        boolean same = git(dir, "diff", "--quiet", commit, "--", "src", "pom.xml", "optimlab-core", "suite") != null;
        return new State(commit, !same);
    }

    /** The current state as report text. */
    public static String describe() {
        return current().describe();
    }

    private static String git(Path dir, String... args) {
        String[] cmd = new String[args.length + 1];
        cmd[0] = "git";
        System.arraycopy(args, 0, cmd, 1, args.length);
        try {
            Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
                return null;
            }
            return out;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
