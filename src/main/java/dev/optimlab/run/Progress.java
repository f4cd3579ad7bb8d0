package dev.optimlab.run;

import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The progress of a long run: units done of the total, time elapsed, an estimate of the time left
 * from the finished units' own times, and what each worker is running. Each finished unit gets one
 * line, as a serial run always printed; on a terminal a status line under them is redrawn in place
 * every second, and when the output is a file or a pipe nothing but the finished lines is printed
 * (no carriage returns in a log).
 */
public final class Progress implements AutoCloseable {

    private record Running(String unit, long startNanos) {
    }

    private final int total;
    private final int workers;
    private final PrintStream out;
    private final boolean live;
    private final LongSupplier clock;
    private final long start;
    private final Map<Integer, Running> running = new TreeMap<>();
    private int done;
    private int timed;
    private double timedSeconds;
    private boolean statusShown;
    private ScheduledExecutorService ticker;

    /**
     * @param total every unit of the plan, kept ones included
     * @param alreadyDone units kept from an earlier run (counted as done, not timed)
     * @param live redraw a status line in place (only when {@code out} is a terminal)
     */
    public Progress(int total, int alreadyDone, int workers, PrintStream out, boolean live, LongSupplier clock) {
        this.total = total;
        this.done = alreadyDone;
        this.workers = Math.max(1, workers);
        this.out = out;
        this.live = live;
        this.clock = clock;
        this.start = clock.getAsLong();
    }

    /** Progress on {@code out}, live only when {@code out} is this process's standard output on a terminal. */
    public static Progress on(PrintStream out, int total, int alreadyDone, int workers) {
        boolean terminal = out == System.out && System.console() != null;
        Progress p = new Progress(total, alreadyDone, workers, out, terminal, System::nanoTime);
        if (terminal) {
            p.ticker = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "optimlab-progress");
                t.setDaemon(true);
                return t;
            });
            p.ticker.scheduleAtFixedRate(p::redraw, 1, 1, TimeUnit.SECONDS);
        }
        return p;
    }

    public synchronized void started(int worker, String unit) {
        running.put(worker, new Running(unit, clock.getAsLong()));
        redraw();
    }

    /**
     * One finished unit: prints {@code [done/total] unit detail  12.3s} and, once a unit has
     * been timed, the elapsed time and the estimate of what is left.
     */
    public synchronized void finished(int worker, String unit, String detail, double seconds) {
        running.remove(worker);
        done++;
        timed++;
        timedSeconds += seconds;
        clearStatus();
        out.printf(Locale.ROOT, "[%d/%d] %-28s %s  %.1fs  (%s)%n", done, total, unit, detail, seconds, times());
        redraw();
    }

    /** {@code elapsed 1:02, ETA 3:10} (no ETA before the first unit finished or after the last). */
    synchronized String times() {
        String elapsed = "elapsed " + clockTime(seconds(clock.getAsLong() - start));
        double eta = etaSeconds();
        return Double.isNaN(eta) ? elapsed : elapsed + ", ETA " + clockTime(eta);
    }

    /**
     * The time left: the work not yet done, at the mean time of the units finished in this run,
     * less what the running units have already spent, shared by the workers that still have work.
     * NaN before any unit finished; 0 when every unit is done.
     */
    synchronized double etaSeconds() {
        int left = total - done;
        if (left <= 0) {
            return 0;
        }
        if (timed == 0) {
            return Double.NaN;
        }
        double mean = timedSeconds / timed;
        long now = clock.getAsLong();
        double work = left * mean;
        for (Running r : running.values()) {
            work -= Math.min(mean, seconds(now - r.startNanos()));
        }
        return Math.max(0, work) / Math.min(workers, left);
    }

    private synchronized void redraw() {
        if (!live || done >= total) {
            return;
        }
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "  %d/%d done, %s", done, total, times()));
        long now = clock.getAsLong();
        running.forEach((w, r) -> sb.append(" | w").append(w + 1).append(' ').append(r.unit()).append(' ')
                .append(clockTime(seconds(now - r.startNanos()))));
        out.print("\r\033[K" + sb);
        out.flush();
        statusShown = true;
    }

    private void clearStatus() {
        if (statusShown) {
            out.print("\r\033[K");
            statusShown = false;
        }
    }

    @Override
    public synchronized void close() {
        if (ticker != null) {
            ticker.shutdownNow();
        }
        clearStatus();
        out.flush();
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }

    /** {@code 0:07}, {@code 12:30}, {@code 2:05:00}. */
    static String clockTime(double seconds) {
        long s = Math.round(seconds);
        long h = s / 3600;
        long m = (s % 3600) / 60;
        return h > 0 ? String.format(Locale.ROOT, "%d:%02d:%02d", h, m, s % 60)
                : String.format(Locale.ROOT, "%d:%02d", m, s % 60);
    }
}
