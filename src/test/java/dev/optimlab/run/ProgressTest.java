package dev.optimlab.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

/** Progress: the estimate from finished units' times, the per-unit lines, no carriage returns off a terminal. */
class ProgressTest {

    private static final long S = 1_000_000_000L;

    @Test
    void etaIsTheRemainingWorkAtTheMeanTimeSharedByTheWorkers() {
        AtomicLong clock = new AtomicLong();
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        Progress p = new Progress(10, 2, 2, new PrintStream(buf), false, clock::get);
        assertTrue(Double.isNaN(p.etaSeconds()), "no estimate before a unit finished");
        p.started(0, "a");
        p.started(1, "b");
        clock.set(10 * S);
        p.finished(0, "a", "ok", 10);
        p.started(0, "c");
        clock.set(14 * S);
        p.finished(1, "b", "ok", 14); // mean 12 s; 6 left, c running for 4 s
        assertEquals((6 * 12 - 4) / 2.0, p.etaSeconds(), 1e-9);
        clock.set(100 * S); // c is overdue: counted as done at most the mean, never negative work
        assertEquals((6 * 12 - 12) / 2.0, p.etaSeconds(), 1e-9);
        String out = buf.toString();
        assertTrue(out.contains("[3/10] a"), out);
        assertTrue(out.contains("[4/10] b"), out);
        assertTrue(out.contains("elapsed 0:14, ETA 0:34"), out);
        assertFalse(out.contains("\r"), "no in-place redraws when the output is not a terminal");
    }

    @Test
    void theLastWorkerAloneSetsThePaceAtTheEnd() {
        AtomicLong clock = new AtomicLong();
        Progress p = new Progress(3, 0, 4, new PrintStream(new ByteArrayOutputStream()), false, clock::get);
        p.started(0, "a");
        clock.set(20 * S);
        p.finished(0, "a", "ok", 20);
        assertEquals(20.0, p.etaSeconds(), 1e-9, "2 left on 4 workers: 2 at once, 20 s each");
        p.finished(1, "b", "ok", 20);
        p.finished(2, "c", "ok", 20);
        assertEquals(0.0, p.etaSeconds());
    }

    @Test
    void aTerminalGetsAStatusLineRedrawnInPlaceAndClearedBeforeEachFinishedLine() {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        Progress p = new Progress(2, 0, 2, new PrintStream(buf), true, () -> 0L);
        p.started(0, "adam__seed1");
        p.started(1, "sgd__seed1");
        String status = buf.toString();
        assertTrue(status.contains("\r\033[K  0/2 done, elapsed 0:00 | w1 adam__seed1 0:00 | w2 sgd__seed1 0:00"), status);
        p.finished(0, "adam__seed1", "ok", 1);
        assertTrue(buf.toString().endsWith("\r\033[K  1/2 done, elapsed 0:00, ETA 0:01 | w2 sgd__seed1 0:00"),
                buf.toString());
    }

    @Test
    void clockTimes() {
        assertEquals("0:07", Progress.clockTime(7.2));
        assertEquals("12:30", Progress.clockTime(750));
        assertEquals("2:05:00", Progress.clockTime(7500));
    }
}
