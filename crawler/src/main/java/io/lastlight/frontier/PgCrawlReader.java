package io.lastlight.frontier;

import io.lastlight.core.UserException;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import java.util.Optional;

/**
 * A shared crawl read without joining it: what {@code crawl status} shows, and the stored settings a worker
 * reads before it opens the frontier. One short-lived connection each.
 */
public final class PgCrawlReader {
    private PgCrawlReader() {}

    /**
     * The crawl's workers, items by tier and kind, plan estimate, throughput and settings, read without joining
     * the crawl ({@code crawl status}); empty when there is no crawl there.
     */
    public static Optional<SharedState> status(PostgresTarget target) {
        try (Connection c = target.connect("lastlight status")) {
            try (java.sql.Statement s = c.createStatement();
                 java.sql.ResultSet rs = s.executeQuery("SELECT to_regclass('workers') IS NOT NULL,"
                         + " to_regclass('expected_pages') IS NOT NULL")) {
                rs.next();
                if (!rs.getBoolean(1)) return Optional.empty();
                boolean plan = rs.getBoolean(2);  // a crawl made before the plan was shared has none
                PgItems items = new PgItems(null);
                SharedState st = new SharedState(PgWorkers.list(c), items.byTierAndKind(c), plan ? PgPlan.read(c) : Map.of(),
                        PgPlan.throughput(c), items.getMeta(c, "settings"));
                c.rollback();
                return Optional.of(st);
            }
        } catch (SQLException e) {
            throw new UserException("cannot read the frontier database " + target.display() + ": " + e.getMessage(), e);
        }
    }

    /** A value of the crawl's {@code meta} read without joining the crawl (empty when there is no crawl yet). */
    public static Optional<String> peekMeta(PostgresTarget target, String key) {
        try (Connection c = target.connect("lastlight")) {
            try (java.sql.Statement s = c.createStatement();
                 java.sql.ResultSet rs = s.executeQuery("SELECT to_regclass('meta') IS NOT NULL")) {
                rs.next();
                if (!rs.getBoolean(1)) return Optional.empty();
            }
            return new PgItems(null).getMeta(c, key);
        } catch (SQLException e) {
            throw new UserException("cannot read the frontier database " + target.display() + ": " + e.getMessage()
                    + " (is PostgreSQL running there, and are the user and password right? the password comes from"
                    + " PGPASSWORD, ~/.pgpass or --password-env)", e);
        }
    }
}
