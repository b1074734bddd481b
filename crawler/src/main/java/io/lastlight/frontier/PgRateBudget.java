package io.lastlight.frontier;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.function.Consumer;

import io.lastlight.politeness.Pause;

/**
 * The crawl's one global request budget, shared by every worker: a token bucket row in {@code rate_budget}
 * (capacity {@code burst}, refilled at {@code rate} per second), judged on the database's clock. A worker
 * takes one token per request in a transaction that locks the row, so N workers together are held to
 * burst + rate·t in any window, as one process would be. A shared pause (a quota announced for a shared
 * credential) is stored on the row too, and so is the shared adaptive cut: a 429 about the shared credential
 * cuts the rate for everyone to {@value #CUT} of what it was (once per {@value #CUT_SPACING_S} s however many
 * workers saw it), and it climbs back linearly to the ceiling in 1/{@value #RECOVER_PER_S} s. Its own connection, so taking tokens never waits behind frontier work.
 */
public final class PgRateBudget implements io.lastlight.politeness.GlobalBudget, AutoCloseable {
    /** A 429 on the shared credential cuts the budget's rate to this share of what it was. */
    static final double CUT = 0.8;
    /** ... and it climbs back by this share of the ceiling per second. */
    static final double RECOVER_PER_S = 1.0 / 60;
    /** Cuts closer together than this count as one (the 429s of one burst, seen by several workers). */
    static final double CUT_SPACING_S = 1.0;
    static final double MIN_RATE = 0.05;

    private final PgTx tx;
    private final String name;
    private final String worker;
    /** Each host's shared pause as last read or set here, on {@link System#nanoTime} (for {@link #hostPause}). */
    private final java.util.Map<String, Pause> seenPauses = new java.util.concurrent.ConcurrentHashMap<>();
    /**
     * A budget without a ceiling (a shared crawl with no --rate: its row holds the hosts' pauses) is read at most this
     * often per worker and host, not once per request: every take locks the one budget row, so with it read per
     * request all the workers of an unmetered crawl would queue on that lock. Another worker's pause of a host, or a
     * Crawl-delay or crawl-wide pause set meanwhile, is seen this much later at most.
     */
    static final long RECHECK_UNLIMITED_NANOS = 250_000_000L;
    /** When a take last found the budget unlimited (System.nanoTime; long ago at first). */
    private long unlimitedAt = System.nanoTime() - 2 * RECHECK_UNLIMITED_NANOS;
    /** When each host's shared pause was last read from the database (System.nanoTime). */
    private final java.util.Map<String, Long> hostCheckedAt = new java.util.HashMap<>();

    /**
     * Creates the budget {@code name} with {@code rate} and {@code burst} for every worker together, or joins it
     * as it is if it exists: the crawl's rate is set when the crawl is created, and a worker joining it (with a
     * --rate of its own, which caps that worker only) does not change it.
     */
    public PgRateBudget(PostgresTarget target, String worker, String name, double rate, int burst, Consumer<String> log) {
        this(target, worker, name, log);
        tx.call(db -> {
            try (PreparedStatement p = db.prepareStatement("INSERT INTO rate_budget(name, rate, burst, tokens, updated)"
                    + " VALUES (?, ?, ?, ?, clock_timestamp()) ON CONFLICT (name) DO NOTHING")) {
                p.setString(1, name);
                p.setDouble(2, rate);
                p.setInt(3, burst);
                p.setDouble(4, burst);
                return p.executeUpdate();
            }
        });
    }

    private PgRateBudget(PostgresTarget target, String worker, String name, Consumer<String> log) {
        this.name = name;
        this.worker = worker;
        try {
            this.tx = new PgTx(() -> target.connect("lastlight rate " + worker), Duration.ofMinutes(10), log);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot connect to the frontier database for the rate budget: " + e.getMessage(), e);
        }
    }

    /**
     * Joins the budget {@code name} as it is (its rate 0 when the crawl has no ceiling: it still holds the hosts'
     * pauses); empty (nothing left open) when the crawl has none.
     */
    public static java.util.Optional<PgRateBudget> join(PostgresTarget target, String worker, String name, Consumer<String> log) {
        PgRateBudget b = new PgRateBudget(target, worker, name, log);
        if (b.exists()) return java.util.Optional.of(b);
        b.close();
        return java.util.Optional.empty();
    }

    private synchronized boolean exists() {
        return tx.call(db -> {
            try (PreparedStatement p = db.prepareStatement("SELECT 1 FROM rate_budget WHERE name = ?")) {
                p.setString(1, name);
                try (ResultSet rs = p.executeQuery()) {
                    return rs.next();
                }
            }
        });
    }

    /** The budget's ceiling in requests/s for all workers together (0 when there is no such budget). */
    public synchronized double ceiling() {
        return tx.call(db -> {
            try (PreparedStatement p = db.prepareStatement("SELECT rate FROM rate_budget WHERE name = ?")) {
                p.setString(1, name);
                try (ResultSet rs = p.executeQuery()) {
                    return rs.next() ? rs.getDouble(1) : 0.0;
                }
            }
        });
    }

    /** Takes one token if there is one now; otherwise the nanoseconds until there will be. */
    @Override
    public synchronized long tryAcquire() {
        return tx.call(this::take);
    }

    /**
     * Takes one token for a request to {@code host}, in one transaction with the check of the host's shared pause:
     * while it lasts, the nanoseconds it has left (and no token is taken).
     */
    @Override
    public synchronized long tryAcquire(String host) {
        long now = System.nanoTime();
        if (now - unlimitedAt < RECHECK_UNLIMITED_NANOS) {
            // no ceiling, no Crawl-delay, no crawl-wide pause when last read: no token to take, only the host's pause
            // to honour, as last read (at most RECHECK_UNLIMITED_NANOS ago) or as this worker set it
            Long checked = hostCheckedAt.get(host);
            if (checked != null && now - checked < RECHECK_UNLIMITED_NANOS) {
                Pause seen = hostPause(host);
                return seen == null ? 0 : Math.max(1, seen.leftNanos(now));
            }
        }
        return tx.call(db -> {
            long paused = hostPausedFor(db, host);
            hostCheckedAt.put(host, System.nanoTime());
            return paused > 0 ? paused : take(db);
        });
    }

    private long hostPausedFor(Connection db, String host) throws SQLException {
        try (PreparedStatement p = db.prepareStatement("SELECT extract(epoch FROM not_before - clock_timestamp()), reason"
                + " FROM host_pauses WHERE host = ? AND not_before > clock_timestamp()")) {
            p.setString(1, host);
            try (ResultSet rs = p.executeQuery()) {
                if (!rs.next()) {
                    seenPauses.remove(host);
                    return 0;
                }
                long left = Math.max(1, (long) Math.ceil(rs.getDouble(1) * 1e9));
                seenPauses.put(host, new Pause(rs.getString(2), System.nanoTime() + left));
                return left;
            }
        }
    }

    /**
     * No worker sends to {@code host} for {@code nanos} from now on the database's clock, unless it is paused longer
     * already; kept in {@code host_pauses}, so a worker resumed during the pause honours it too.
     */
    @Override
    public synchronized void pauseHost(String host, long nanos, String reason) {
        tx.call(db -> {
            try (PreparedStatement p = db.prepareStatement("INSERT INTO host_pauses(host, not_before, reason, worker, set_at)"
                    + " VALUES (?, clock_timestamp() + make_interval(secs => ?), ?, ?, clock_timestamp())"
                    + " ON CONFLICT (host) DO UPDATE SET not_before = excluded.not_before, reason = excluded.reason,"
                    + " worker = excluded.worker, set_at = excluded.set_at WHERE host_pauses.not_before < excluded.not_before")) {
                p.setString(1, host);
                p.setDouble(2, nanos / 1e9);
                p.setString(3, reason);
                p.setString(4, worker);
                return p.executeUpdate();
            }
        });
        Pause mine = new Pause(reason, System.nanoTime() + nanos);
        seenPauses.merge(host, mine, (old, now) -> now.laterThan(old, 0) ? now : old);
    }

    @Override
    public Pause hostPause(String host) {
        Pause p = seenPauses.get(host);
        return p != null && p.leftNanos(System.nanoTime()) > 0 ? p : null;
    }

    private long take(Connection db) throws SQLException {
        double tokens;
        double rate;
        int burst;
        Timestamp updated;
        Timestamp paused;
        double cutRate;
        Timestamp cutAt;
        double minInterval;
        try (PreparedStatement p = db.prepareStatement("SELECT tokens, rate, burst, updated, paused_until, cut_rate, cut_at,"
                + " coalesce(min_interval_s, 0) FROM rate_budget WHERE name = ? FOR UPDATE")) {
            p.setString(1, name);
            try (ResultSet rs = p.executeQuery()) {
                if (!rs.next()) throw new SQLException("the rate budget " + name + " is missing from rate_budget");
                tokens = rs.getDouble(1);
                rate = rs.getDouble(2);
                burst = rs.getInt(3);
                updated = rs.getTimestamp(4);
                paused = rs.getTimestamp(5);
                cutRate = rs.getDouble(6);
                cutAt = rs.getTimestamp(7);
                minInterval = rs.getDouble(8);
            }
        }
        if (minInterval > 0) {  // Crawl-delay: one request per interval, however many workers, no burst
            rate = rate > 0 ? Math.min(rate, 1 / minInterval) : 1 / minInterval;
            burst = 1;
        }
        Timestamp now;  // read after the row lock is held: the instant this decision is made
        try (PreparedStatement p = db.prepareStatement("SELECT clock_timestamp()"); ResultSet rs = p.executeQuery()) {
            rs.next();
            now = rs.getTimestamp(1);
        }
        long nowNanos = nanos(now);
        if (paused != null && nanos(paused) - nowNanos > 0) return nanos(paused) - nowNanos;
        if (rate <= 0) {
            unlimitedAt = System.nanoTime();
            return 0;
        }
        unlimitedAt = System.nanoTime() - 2 * RECHECK_UNLIMITED_NANOS;
        if (cutAt != null) rate = effectiveRate(rate, cutRate, (nowNanos - nanos(cutAt)) / 1e9);
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
    @Override
    public synchronized void pauseFor(long nanos) {
        unlimitedAt = System.nanoTime() - 2 * RECHECK_UNLIMITED_NANOS;  // the next take reads the pause
        tx.call(db -> {
            try (PreparedStatement p = db.prepareStatement("UPDATE rate_budget SET paused_until = greatest(coalesce(paused_until,"
                    + " clock_timestamp()), clock_timestamp() + make_interval(secs => ?)) WHERE name = ?")) {
                p.setDouble(1, nanos / 1e9);
                p.setString(2, name);
                return p.executeUpdate();
            }
        });
    }

    /** robots.txt's Crawl-delay: every worker together sends at most one request per {@code nanos} (the longest asked). */
    @Override
    public synchronized void minInterval(long nanos) {
        unlimitedAt = System.nanoTime() - 2 * RECHECK_UNLIMITED_NANOS;  // the next take keeps to it
        tx.call(db -> {
            try (PreparedStatement p = db.prepareStatement("UPDATE rate_budget SET min_interval_s = greatest(coalesce("
                    + "min_interval_s, 0), ?) WHERE name = ?")) {
                p.setDouble(1, nanos / 1e9);
                p.setString(2, name);
                return p.executeUpdate();
            }
        });
    }

    /** The rate after a cut to {@code cutRate} {@code sinceCutS} seconds ago, climbing back to {@code ceiling}. */
    static double effectiveRate(double ceiling, double cutRate, double sinceCutS) {
        return Math.min(ceiling, cutRate + ceiling * RECOVER_PER_S * Math.max(0, sinceCutS));
    }

    /**
     * A 429 about the shared credential: cuts every worker's rate to {@value #CUT} of the current one, unless
     * another cut was made in the last {@value #CUT_SPACING_S} s (the same burst of 429s, seen by other workers).
     */
    @Override
    public synchronized void congested() {
        tx.call(db -> {
            try (PreparedStatement p = db.prepareStatement("UPDATE rate_budget SET cut_rate = greatest(?, ? * CASE"
                    + " WHEN cut_at IS NULL THEN rate ELSE least(rate, cut_rate + rate * ? * extract(epoch FROM clock_timestamp() - cut_at)) END),"
                    + " cut_at = clock_timestamp() WHERE name = ? AND rate > 0"
                    + " AND (cut_at IS NULL OR cut_at < clock_timestamp() - make_interval(secs => ?))")) {
                p.setDouble(1, MIN_RATE);
                p.setDouble(2, CUT);
                p.setDouble(3, RECOVER_PER_S);
                p.setString(4, name);
                p.setDouble(5, CUT_SPACING_S);
                return p.executeUpdate();
            }
        });
    }

    /** The rate every worker is held to now (the ceiling, or less after a cut), for status and tests. */
    public synchronized double currentRate() {
        return tx.call(db -> {
            try (PreparedStatement p = db.prepareStatement("SELECT rate, cut_rate, extract(epoch FROM clock_timestamp() - cut_at)"
                    + " FROM rate_budget WHERE name = ?")) {
                p.setString(1, name);
                try (ResultSet rs = p.executeQuery()) {
                    if (!rs.next()) return 0.0;
                    double rate = rs.getDouble(1);
                    double since = rs.getDouble(3);
                    return rs.wasNull() ? rate : effectiveRate(rate, rs.getDouble(2), since);
                }
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
