package io.lastlight.frontier;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * A {@link PostgresFrontier} worker's outcomes, and those refused because the item's lease had been taken over
 * (it expired and another worker leased the item): counted for the heartbeat and the summary, and logged.
 */
final class PgFencing {
    private final AtomicLong outcomes = new AtomicLong();
    private final AtomicLong fenced = new AtomicLong();
    private final Consumer<String> log;

    PgFencing(Consumer<String> log) {
        this.log = log;
    }

    /** Outcomes recorded. */
    long outcomes() {
        return outcomes.get();
    }

    /** Outcomes refused because the lease had been taken over. */
    long fenced() {
        return fenced.get();
    }

    /** A lease found taken over: counted, and {@code message} logged. */
    void taken(String message) {
        fenced.incrementAndGet();
        log.accept(message);
    }

    int counted(FrontierItem item, int result) {
        if (result >= 0) {
            outcomes.incrementAndGet();
            return result;
        }
        fenced.incrementAndGet();
        log.accept("lease " + item.lease() + " of " + item.key() + " was taken over (expired); its outcome is not recorded");
        return 0;
    }
}
