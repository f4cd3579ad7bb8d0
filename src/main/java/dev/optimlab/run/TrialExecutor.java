package dev.optimlab.run;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import org.nd4j.linalg.factory.Nd4j;

/**
 * Runs independent units of work (trials, folds, fits) on a fixed number of worker threads and
 * hands back their results in plan order. Each unit must depend only on its own inputs (its seed,
 * the shared read-only data): ND4J's random generator and workspaces are per thread, and every
 * unit seeds what it draws, so a unit's numbers do not depend on the thread or the order it ran in.
 *
 * <p>Why threads and not processes: ND4J's OpenMP thread count is process-wide, but the launcher
 * sets it to one, and then each Java thread that calls into ND4J computes on its own core; the
 * shared data and the JVM's start-up are paid once (measured in docs/SCALING.md).
 *
 * <p>{@link Listener#finished} is called on the caller's thread, one unit at a time in the order
 * units finish, so that writing a unit's result (a trial file) and printing its line need no
 * locking; {@link Listener#started} is called on the worker's thread.
 */
public final class TrialExecutor implements UnitEngine {

    /** Hears of units starting and finishing; {@code worker} is 0-based, below {@link #workers()}. */
    public interface Listener<U, R> {
        default void started(int worker, U unit) {
        }

        void finished(int worker, U unit, R result);
    }

    private final int workers;

    /** At most {@code workers} units at a time (at least one). */
    public TrialExecutor(int workers) {
        if (workers < 1) {
            throw new IllegalArgumentException("workers must be at least 1, got " + workers);
        }
        this.workers = workers;
    }

    /** The number of processors this JVM may use: the default of {@code --workers}. */
    public static int defaultWorkers() {
        return Runtime.getRuntime().availableProcessors();
    }

    public int workers() {
        return workers;
    }

    @Override
    public int slots() {
        return workers;
    }

    /**
     * Runs {@code work} on every unit, at most {@link #workers()} at once (never more threads than
     * units; a single worker runs on the caller's thread), and returns the results in the order of
     * {@code units}. The first failure stops the run: units not started are never started, and the
     * failure is rethrown as it was thrown. Units still running then finish on their (daemon)
     * threads, but their results are dropped: only the caller's thread writes anything.
     */
    @Override
    public <U, R> List<R> map(List<U> units, Function<U, R> work, Listener<U, R> listener) {
        int threads = Math.min(workers, units.size());
        if (threads <= 1) {
            List<R> out = new ArrayList<>(units.size());
            for (U u : units) {
                listener.started(0, u);
                R r = work.apply(u);
                listener.finished(0, u, r);
                out.add(r);
            }
            return out;
        }
        return concurrently(units, work, listener, threads);
    }

    private record Done<R>(int index, int worker, R result) {
    }

    private <U, R> List<R> concurrently(List<U> units, Function<U, R> work, Listener<U, R> listener, int threads) {
        AtomicInteger names = new AtomicInteger();
        ThreadLocal<Integer> workerIndex = ThreadLocal.withInitial(names::getAndIncrement);
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "optimlab-worker");
            t.setDaemon(true);
            return t;
        });
        CompletionService<Done<R>> done = new ExecutorCompletionService<>(pool);
        try {
            for (int i = 0; i < units.size(); i++) {
                int index = i;
                done.submit(() -> {
                    int worker = workerIndex.get();
                    U unit = units.get(index);
                    listener.started(worker, unit);
                    try {
                        return new Done<>(index, worker, work.apply(unit));
                    } finally {
                        // a worker thread's workspaces would otherwise outlive the run (off-heap)
                        Nd4j.getWorkspaceManager().destroyAllWorkspacesForCurrentThread();
                    }
                });
            }
            List<R> out = new ArrayList<>(units.size());
            for (int i = 0; i < units.size(); i++) {
                out.add(null);
            }
            for (int i = 0; i < units.size(); i++) {
                Done<R> d = take(done);
                listener.finished(d.worker(), units.get(d.index()), d.result());
                out.set(d.index(), d.result());
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    private static <R> Done<R> take(CompletionService<Done<R>> done) {
        Future<Done<R>> f;
        try {
            f = done.take();
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RunException("interrupted while waiting for the workers");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(cause);
        }
    }
}
