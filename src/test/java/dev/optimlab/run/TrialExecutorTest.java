package dev.optimlab.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

/** The executor's promises: plan order, at most N at once and really N at once, callbacks on the caller, first failure wins. */
class TrialExecutorTest {

    @Test
    void resultsComeBackInPlanOrderWhateverOrderUnitsFinish() {
        List<Integer> units = IntStream.range(0, 6).boxed().toList();
        List<Integer> finishOrder = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch twoDone = new CountDownLatch(1);
        List<String> results = new TrialExecutor(3).map(units, u -> {
            if (u == 0) {
                // unit 0 finishes only after unit 2, which runs beside it on the third worker: a fixed
                // out-of-order finish, whatever the machine's load (sleeps of different length were not)
                try {
                    twoDone.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            }
            finishOrder.add(u);
            if (u == 2) {
                twoDone.countDown();
            }
            return "r" + u;
        });
        assertEquals(List.of("r0", "r1", "r2", "r3", "r4", "r5"), results);
        assertTrue(finishOrder.indexOf(2) < finishOrder.indexOf(0),
                "unit 2 finished before unit 0 (else the units did not overlap and this test shows nothing): " + finishOrder);
    }

    @Test
    void runsExactlyWorkersUnitsAtOnce() throws Exception {
        AtomicInteger now = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        CountDownLatch two = new CountDownLatch(2);
        new TrialExecutor(2).map(IntStream.range(0, 6).boxed().toList(), u -> {
            most.accumulateAndGet(now.incrementAndGet(), Math::max);
            two.countDown();
            try {
                two.await(10, TimeUnit.SECONDS); // the first two wait for each other: both must run at once
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            sleep(2);
            now.decrementAndGet();
            return u;
        });
        assertEquals(2, most.get());
    }

    @Test
    void finishedIsHeardOnTheCallersThreadAndStartedOnAWorker() {
        Thread caller = Thread.currentThread();
        List<Integer> workersSeen = Collections.synchronizedList(new ArrayList<>());
        List<Integer> finished = new ArrayList<>();
        new TrialExecutor(2).map(List.of(1, 2, 3, 4), u -> u * 10, new TrialExecutor.Listener<>() {
            @Override
            public void started(int worker, Integer unit) {
                workersSeen.add(worker);
                assertTrue(Thread.currentThread() != caller);
            }

            @Override
            public void finished(int worker, Integer unit, Integer result) {
                assertSame(caller, Thread.currentThread());
                assertEquals(unit * 10, result);
                finished.add(unit);
            }
        });
        assertEquals(4, finished.size());
        assertTrue(workersSeen.stream().allMatch(w -> w == 0 || w == 1), workersSeen.toString());
    }

    @Test
    void theFirstFailureIsRethrownAsThrownAndLaterUnitsNeverStart() {
        AtomicInteger started = new AtomicInteger();
        RunException e = assertThrows(RunException.class, () -> new TrialExecutor(1).map(List.of(1, 2, 3), u -> {
            started.incrementAndGet();
            if (u == 2) {
                throw new RunException("unit 2 failed");
            }
            return u;
        }));
        assertEquals("unit 2 failed", e.getMessage());
        assertEquals(2, started.get());
        IllegalStateException p = assertThrows(IllegalStateException.class, () -> new TrialExecutor(2)
                .map(List.of(1, 2, 3), u -> {
                    if (u == 1) {
                        throw new IllegalStateException("parallel failure");
                    }
                    return u;
                }));
        assertEquals("parallel failure", p.getMessage());
    }

    @Test
    void atLeastOneWorker() {
        assertThrows(IllegalArgumentException.class, () -> new TrialExecutor(0));
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
