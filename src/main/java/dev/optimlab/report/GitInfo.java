package dev.optimlab.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/** The commit the code was built from, and whether the work tree had changes. */
public final class GitInfo {

    private GitInfo() {
    }

    public static String describe() {
        // A long batch of runs can pin the commit its classes were built from, so that later commits
        // made while it runs are not attributed to its reports.
        String pinned = System.getProperty("optimlab.commit");
        if (pinned != null) {
            return pinned;
        }
        String head = git("rev-parse", "HEAD");
        if (head == null) {
            return "unknown (not a git checkout)";
        }
        String status = git("status", "--porcelain", "--untracked-files=no", "--", "src", "pom.xml");
        return head + (status == null || status.isEmpty() ? "" : " (with uncommitted changes to src/ or pom.xml)");
    }

    private static String git(String... args) {
        String[] cmd = new String[args.length + 1];
        cmd[0] = "git";
        System.arraycopy(args, 0, cmd, 1, args.length);
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
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
