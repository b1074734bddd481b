package io.lastlight.derive;

import org.junit.jupiter.api.Test;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Out of memory beside others: run again alone; any other failure: reported at once, never retried. */
class MemorySlotsTest {
    private static final String OOM = "Out of Memory Error: failed to allocate data of size 4.0 MiB (1.3 GiB/1.3 GiB used)";

    @Test
    void otherErrorsAreThrownAtOnceWithoutARetry() {
        AtomicInteger runs = new AtomicInteger();
        List<SQLException> retried = new ArrayList<>();
        SQLException e = assertThrows(SQLException.class, () -> new MemorySlots(2).run(() -> {
            runs.incrementAndGet();
            throw new SQLException("Binder Error: column x not found");
        }, retried::add));
        assertEquals("Binder Error: column x not found", e.getMessage());
        assertEquals(1, runs.get());
        assertEquals(List.of(), retried);
    }

    @Test
    void outOfMemoryRunsAgainAloneAfterOthersFinish() throws Exception {
        MemorySlots slots = new MemorySlots(2);
        CountDownLatch otherRunning = new CountDownLatch(1);
        CountDownLatch releaseOther = new CountDownLatch(1);
        AtomicInteger concurrent = new AtomicInteger();
        Thread other = new Thread(() -> {
            try {
                slots.run(() -> {
                    concurrent.incrementAndGet();
                    otherRunning.countDown();
                    try {
                        releaseOther.await(10, TimeUnit.SECONDS);
                    } catch (InterruptedException ignored) {
                        Thread.currentThread().interrupt();
                    }
                    concurrent.decrementAndGet();
                }, f -> { });
            } catch (Exception ex) {
                throw new RuntimeException(ex);
            }
        });
        other.start();
        assertTrue(otherRunning.await(10, TimeUnit.SECONDS));
        AtomicInteger runs = new AtomicInteger();
        List<SQLException> retried = new ArrayList<>();
        List<Integer> besideOnRetry = new ArrayList<>();
        slots.run(() -> {
            if (runs.incrementAndGet() == 1) {
                releaseOther.countDown(); // the other query ends while this one's failure is handled
                throw new SQLException(OOM);
            }
            besideOnRetry.add(concurrent.get());
        }, retried::add);
        other.join(10_000);
        assertEquals(2, runs.get());
        assertEquals(1, retried.size());
        assertEquals(OOM, retried.get(0).getMessage());
        assertEquals(List.of(0), besideOnRetry, "the retry runs with no other query beside it");
    }

    @Test
    void aSecondOutOfMemoryCarriesTheFirst() {
        SQLException e = assertThrows(SQLException.class,
                () -> new MemorySlots(1).run(() -> { throw new SQLException(OOM); }, f -> { }));
        assertTrue(MemorySlots.outOfMemory(e));
        assertEquals(1, e.getSuppressed().length);
        assertSame(SQLException.class, e.getSuppressed()[0].getClass());
        assertEquals("Out of Memory Error: failed to allocate data of size 4.0 MiB (1.3 GiB/1.3 GiB used)", MemorySlots.firstLine(
                new SQLException(OOM + "\n\nPossible solutions:\n* ...")));
    }
}
