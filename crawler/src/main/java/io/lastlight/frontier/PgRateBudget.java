package io.lastlight.frontier;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * The crawl's one global request budget, shared by every worker: a token bucket row in {@code rate_budget}
 * (capacity {@code burst}, refilled at {@code rate} per second), judged on the database's clock. A worker
 * takes one token per request in a transaction that locks the row, so N workers together are held to
 * burst + rate·t in any window, as one process would be. A shared pause (a quota announced for a shared
 * credential) is stored on the row too. Its own connection, so taking tokens never waits behind frontier work.
 */
public final class PgRateBudget implements AutoCloseable {
    private final PgTx tx;
    private final String name;

    /**
     * Joins (or creates) the budget {@code name}; {@code rate} and {@code burst} become the budget's, for every
     * worker (the crawl's stored settings give every worker the same unless one is told otherwise).
     */
    public PgRateBudget(PostgresTarget target, String worker, String name, double rate, int burst, Consumer<String> log) {
        this.name = name;
        try {
            this.tx = new PgTx(() -> target.connect("lastlight rate " + worker), Duration.ofMinutes(10), log);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot connect to the frontier database for the rate budget: " + e.getMessage(), e);
        }
        tx.call(db -> {
            try (PreparedStatement p = db.prepareStatement("INSERT INTO rate_budget(name, rate, burst, tokens, updated)"
                    + " VALUES (?, ?, ?, ?, clock_timestamp()) ON CONFLICT (name) DO UPDATE SET rate = excluded.rate,"
                    + " burst = excluded.burst, tokens = least(rate_budget.tokens, excluded.burst)")) {
                p.setString(1, name);
                p.setDouble(2, rate);
                p.setInt(3, burst);
                p.setDouble(4, burst);
                return p.executeUpdate();
            }
        });
    }

    /** Takes one token if there is one now; otherwise the nanoseconds until there will be. */
    public synchronized long tryAcquire() {
        return tx.call(this::take);
    }

    private long take(Connection db) throws SQLException {
        double tokens;
        double rate;
        int burst;
        Timestamp updated;
        Timestamp paused;
        try (PreparedStatement p = db.prepareStatement("SELECT tokens, rate, burst, updated, paused_until FROM rate_budget"
                + " WHERE name = ? FOR UPDATE")) {
            p.setString(1, name);
            try (ResultSet rs = p.executeQuery()) {
                if (!rs.next()) throw new SQLException("the rate budget " + name + " is missing from rate_budget");
                tokens = rs.getDouble(1);
                rate = rs.getDouble(2);
                burst = rs.getInt(3);
                updated = rs.getTimestamp(4);
                paused = rs.getTimestamp(5);
            }
        }
        Timestamp now;  // read after the row lock is held: the instant this decision is made
        try (PreparedStatement p = db.prepareStatement("SELECT clock_timestamp()"); ResultSet rs = p.executeQuery()) {
            rs.next();
            now = rs.getTimestamp(1);
        }
        long nowNanos = nanos(now);
        if (paused != null && nanos(paused) - nowNanos > 0) return nanos(paused) - nowNanos;
        if (rate <= 0) return 0;
        double available = Math.min(burst, tokens + rate * Math.max(0, nowNanos - nanos(updated)) / 1e9);
        if (available < 1) return Math.max(1, (long) Math.ceil((1 - available) / rate * 1e9));
        try (PreparedStatement p = db.prepareStatement("UPDATE rate_budget SET tokens = ?, updated = ? WHERE name = ?")) {
            p.setDouble(1, available - 1);
            p.setTimestamp(2, now);
            p.setString(3, name);
            p.executeUpdate();
        }
        return 0;
    }

    /** Sends nothing from any worker for this long (a quota for a shared credential ran out). */
    public synchronized void pauseFor(long nanos) {
        tx.call(db -> {
            try (PreparedStatement p = db.prepareStatement("UPDATE rate_budget SET paused_until = greatest(coalesce(paused_until,"
                    + " clock_timestamp()), clock_timestamp() + make_interval(secs => ?)) WHERE name = ?")) {
                p.setDouble(1, nanos / 1e9);
                p.setString(2, name);
                return p.executeUpdate();
            }
        });
    }

    private static long nanos(Timestamp t) {
        return t.getTime() / 1000 * 1_000_000_000L + t.getNanos();
    }

    @Override
    public void close() {
        tx.close();
    }
}
