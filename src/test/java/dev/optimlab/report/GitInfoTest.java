package dev.optimlab.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.optimlab.run.RunException;

/** Provenance from git, in a throw-away repository: a pinned commit is checked like HEAD. */
class GitInfoTest {

    @TempDir
    Path repo;

    private String git(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("git", "-c", "user.name=t", "-c", "user.email=t@example.org",
                "-c", "commit.gpgsign=false"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(repo.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertEquals(0, p.waitFor(), out);
        return out;
    }

    @Test
    void pinnedCommitStillGetsTheDirtyCheck() throws Exception {
        git("init", "-q");
        Path src = Files.createDirectories(repo.resolve("src"));
        Files.writeString(src.resolve("A.java"), "class A {}\n");
        git("add", "-A");
        git("commit", "-qm", "one");
        String first = git("rev-parse", "HEAD");
        Files.writeString(src.resolve("A.java"), "class A { int x; }\n");
        git("commit", "-qam", "two");
        String second = git("rev-parse", "HEAD");

        assertEquals(new GitInfo.State(second, false), GitInfo.of(repo, null));
        assertEquals(new GitInfo.State(second, false), GitInfo.of(repo, second));
        GitInfo.State pinnedOld = GitInfo.of(repo, first);
        assertEquals(first, pinnedOld.commit());
        assertTrue(pinnedOld.dirty(), "the work tree holds code the pinned commit does not have");
        assertEquals(40, pinnedOld.commit().length());

        Files.writeString(src.resolve("A.java"), "class A { int y; }\n");
        assertTrue(GitInfo.of(repo, null).dirty());
        assertTrue(GitInfo.of(repo, second).dirty());
        assertThrows(RunException.class, () -> GitInfo.of(repo, "0123456789012345678901234567890123456789"));
        assertFalse(GitInfo.of(repo, null).describe().isEmpty());
    }

    @Test
    void outsideAGitCheckoutNothingIsClaimed() {
        GitInfo.State s = GitInfo.of(repo, null);
        assertEquals(null, s.commit());
        assertTrue(s.dirty());
    }
}
