package io.lastlight.frontier;

import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Group commit: what commits deferred outcomes and what does not. */
class FrontierTxTest {
    private final AtomicInteger commits = new AtomicInteger();
    private final AtomicInteger rollbacks = new AtomicInteger();
    private final Connection db = (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[]{Connection.class},
            (proxy, method, args) -> {
                if (method.getName().equals("commit")) commits.incrementAndGet();
                if (method.getName().equals("rollback")) rollbacks.incrementAndGet();
                return null;
            });
    private final FrontierTx tx = new FrontierTx(db, () -> 0L);

    @Test
    void aReadBetweenDeferredOutcomesLeavesThemToTheGroupCommit() {
        tx.defer(() -> 1);
        assertEquals("parent", tx.read(() -> "parent"));
        tx.defer(() -> 1);
        assertEquals(0, commits.get(), "a per-capture look-up must not commit the open group");
        for (int i = 2; i < FrontierTx.MAX_DEFERRED; i++) tx.defer(() -> 1);
        assertEquals(1, commits.get(), "the group commits at " + FrontierTx.MAX_DEFERRED + " outcomes");
    }

    @Test
    void aReadWithNothingDeferredIsCommittedAtOnceAndAWriteCommitsTheGroup() {
        tx.read(() -> 1);
        assertEquals(1, commits.get(), "no read transaction stays open");
        tx.defer(() -> 1);
        tx.call(() -> 1);
        assertEquals(2, commits.get());
        tx.read(() -> 1);
        assertEquals(3, commits.get());
    }

    @Test
    void aFailedReadRollsBackTheGroupAndSaysSo() {
        tx.defer(() -> 1);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> tx.read(() -> {
            throw new SQLException("disk I/O error");
        }));
        assertEquals("frontier database error: disk I/O error", e.getMessage());
        assertEquals(1, rollbacks.get());
        assertEquals(0, commits.get());
    }

    @Test
    void aHeldLeaseIsCommittedWithTheOutcomesThatFollowAndARollbackIsAnnounced() {
        AtomicInteger forgotten = new AtomicInteger();
        tx.onRollback(forgotten::incrementAndGet);
        tx.hold(() -> 1);
        assertEquals(0, commits.get(), "a lease alone does not commit");
        tx.read(() -> 1);
        assertEquals(0, commits.get(), "nor does the parent's URL looked up before the first outcome");
        for (int i = 0; i < FrontierTx.MAX_DEFERRED; i++) tx.defer(() -> 1);
        assertEquals(1, commits.get(), "the lease goes with the group");
        assertThrows(IllegalStateException.class, () -> tx.hold(() -> {
            throw new SQLException("database is locked");
        }));
        assertEquals(1, rollbacks.get());
        assertEquals(1, forgotten.get(), "what the process cached of rolled-back work must be forgotten");
    }
}
