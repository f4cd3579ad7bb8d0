package dev.optimlab.run;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.bytedeco.javacpp.Pointer;

/**
 * The peak memory of this process while a piece of work ran: the Java heap in use, and the
 * resident memory outside the heap, which holds ND4J's array buffers (plus the JVM's own code,
 * metaspace and thread stacks, a roughly constant 100-200 MB). ND4J 1.0.0-M2.1 on CPU counts its
 * buffers nowhere a program can read (JavaCPP's {@code Pointer.totalBytes()} and ND4J's
 * {@code AllocationsTracker} both stay near 0 while a 20 MB array lives), so off-heap is measured
 * as resident bytes less the heap's committed bytes.
 * A sampler thread reads both every {@value #PERIOD_MS} ms while any window is open, and at each
 * window's start and end. The figures are the process's, so with several workers a trial's peak
 * includes what the trials beside it held at the time; they describe the run, not the trial's
 * numbers, and are not part of its fingerprint.
 */
public final class MemoryPeaks {

    static final int PERIOD_MS = 50;

    private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();
    private static final Set<Window> OPEN = ConcurrentHashMap.newKeySet();
    private static ScheduledExecutorService sampler;

    private MemoryPeaks() {
    }

    /** The peaks seen between {@link #open} and {@link Window#close}. */
    public static final class Window implements AutoCloseable {
        private long heap;
        private long offHeap;

        private synchronized void sample(long h, long o) {
            heap = Math.max(heap, h);
            offHeap = Math.max(offHeap, o);
        }

        public synchronized long peakHeapBytes() {
            return heap;
        }

        public synchronized long peakOffHeapBytes() {
            return offHeap;
        }

        @Override
        public void close() {
            sampleInto(this);
            OPEN.remove(this);
        }
    }

    /** Starts a window (and the sampler, once). */
    public static Window open() {
        Window w = new Window();
        sampleInto(w);
        OPEN.add(w);
        startSampler();
        return w;
    }

    /** Heap in use now, in bytes. */
    public static long heapBytes() {
        return MEMORY.getHeapMemoryUsage().getUsed();
    }

    /** Resident bytes outside the Java heap now (see the class comment). */
    public static long offHeapBytes() {
        return Math.max(0, Pointer.physicalBytes() - MEMORY.getHeapMemoryUsage().getCommitted());
    }

    private static void sampleInto(Window w) {
        w.sample(heapBytes(), offHeapBytes());
    }

    private static synchronized void startSampler() {
        if (sampler != null) {
            return;
        }
        sampler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "optimlab-memory");
            t.setDaemon(true);
            return t;
        });
        sampler.scheduleAtFixedRate(() -> {
            if (!OPEN.isEmpty()) {
                long h = heapBytes();
                long o = offHeapBytes();
                OPEN.forEach(w -> w.sample(h, o));
            }
        }, PERIOD_MS, PERIOD_MS, TimeUnit.MILLISECONDS);
    }
}
