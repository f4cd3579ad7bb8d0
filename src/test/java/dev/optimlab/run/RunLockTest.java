package dev.optimlab.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The lock is the operating system's: another process holding it refuses us; its death frees it. */
class RunLockTest {

    @TempDir
    Path dir;

    /** A second JVM that takes the lock the way RunLock does, says so, and waits to be killed. */
    private static final String HOLDER = """
            import java.nio.channels.FileChannel;
            import java.nio.file.*;
            public class Holder {
                public static void main(String[] a) throws Exception {
                    FileChannel ch = FileChannel.open(Path.of(a[0]), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                    ch.lock();
                    ch.write(java.nio.ByteBuffer.wrap("pid 4242, command: other run".getBytes()), 0);
                    System.out.println("locked");
                    Thread.sleep(60_000);
                }
            }
            """;

    @Test
    void anotherProcessHoldingTheLockIsNamedAndItsDeathFreesTheLock() throws Exception {
        Path results = Files.createDirectories(dir.resolve("results/tiny"));
        Path source = Files.writeString(dir.resolve("Holder.java"), HOLDER);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process holder = new ProcessBuilder(java, source.toString(), results.resolve(RunLock.FILE).toString())
                .redirectErrorStream(true).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(holder.getInputStream()));
            assertEquals("locked", out.readLine());
            RunException e = assertThrows(RunException.class, () -> RunLock.acquire(results, "second"));
            assertTrue(e.getMessage().contains("in use by another run (pid 4242, command: other run)"), e.getMessage());
        } finally {
            holder.destroyForcibly(); // a killed run
            assertTrue(holder.waitFor(30, TimeUnit.SECONDS));
        }
        try (RunLock lock = RunLock.acquire(results, "third")) {
            assertTrue(Files.readString(results.resolve(RunLock.FILE)).contains("command: third"));
        }
    }
}
