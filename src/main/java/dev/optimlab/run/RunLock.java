package dev.optimlab.run;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

/**
 * One run per results directory at a time. The lock is an operating-system file lock on
 * {@code .optimlab.lock} in the experiment's results directory: the OS releases it when the
 * holding process ends, however it ends, so a killed run never blocks the next one. The same
 * file holds who took the lock (pid, host, start, command), which a refused run prints; a
 * leftover file whose lock nobody holds is simply taken over.
 */
public final class RunLock implements AutoCloseable {

    public static final String FILE = ".optimlab.lock";

    private final FileChannel channel;
    private final FileLock lock;

    private RunLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** Takes the lock of {@code dir} (created if needed) or fails with who holds it. */
    public static RunLock acquire(Path dir, String command) throws IOException {
        Files.createDirectories(dir);
        Path file = dir.resolve(FILE);
        FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = ch.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null; // held by this very process (another run in the same JVM)
        }
        if (lock == null) {
            String holder = Files.readString(file, StandardCharsets.UTF_8).strip();
            ch.close();
            throw new RunException(dir + " is in use by another run (" + (holder.isEmpty() ? "starting" : holder)
                    + "); wait for it to finish, or use another --results directory. The lock ends with that process.");
        }
        String info = "pid " + ProcessHandle.current().pid() + " on " + host() + ", started " + Instant.now()
                + ", command: " + command;
        ch.truncate(0);
        ch.write(ByteBuffer.wrap(info.getBytes(StandardCharsets.UTF_8)), 0);
        ch.force(true);
        return new RunLock(ch, lock);
    }

    private static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "unknown host";
        }
    }

    @Override
    public void close() throws IOException {
        try {
            lock.release();
        } finally {
            channel.close();
        }
    }
}
