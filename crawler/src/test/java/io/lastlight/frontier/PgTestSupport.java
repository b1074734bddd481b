package io.lastlight.frontier;

import org.junit.jupiter.api.Assumptions;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.ThreadLocalRandom;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * PostgreSQL for tests: the server named by PGHOST/PGPORT/PGUSER/PGPASSWORD/PGDATABASE (as
 * {@code pg_virtualenv} exports them; .ci/run runs the build under it). Missing or unreachable: the test
 * fails under {@code CI=true} and is skipped, saying why, elsewhere. Each test gets a schema of its own.
 */
public final class PgTestSupport {
    private PgTestSupport() {}

    /** A frontier URL for a fresh, empty schema; skips (or fails under CI) without PostgreSQL. */
    public static String freshUrl() {
        String host = System.getenv("PGHOST");
        String why = null;
        if (host == null || host.isBlank()) {
            why = "PGHOST is not set (run the tests under pg_virtualenv, as .ci/run does)";
        } else if (host.startsWith("/")) {
            why = "PGHOST is a socket directory; the JDBC driver needs a TCP host";
        }
        String schema = "t" + Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);
        if (why == null) {
            try (Connection c = admin(); Statement s = c.createStatement()) {
                s.execute("CREATE SCHEMA " + schema);
            } catch (SQLException e) {
                why = "PostgreSQL at " + host + " is unreachable: " + e.getMessage();
            }
        }
        if (why != null) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) fail("PostgreSQL is required under CI: " + why);
            Assumptions.abort("skipped: " + why);
        }
        return "postgresql://" + host + ":" + port() + "/" + database() + "?currentSchema=" + schema;
    }

    public static PostgresTarget target(String url) {
        return PostgresTarget.parse(url, System::getenv, null);
    }

    /** A plain connection to the test database (autocommit), for setting up and checking. */
    public static Connection admin() throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", env("PGUSER", System.getProperty("user.name")));
        String pw = System.getenv("PGPASSWORD");
        if (pw != null) p.setProperty("password", pw);
        p.setProperty("connectTimeout", "5");
        return DriverManager.getConnection("jdbc:postgresql://" + System.getenv("PGHOST") + ":" + port() + "/" + database(), p);
    }

    /** A plain connection inside the schema of a {@link #freshUrl}. */
    public static Connection admin(String url) throws SQLException {
        Connection c = admin();
        try (Statement s = c.createStatement()) {
            s.execute("SET search_path TO " + url.substring(url.indexOf("currentSchema=") + 14).toLowerCase(Locale.ROOT));
        }
        return c;
    }

    private static String port() {
        return env("PGPORT", "5432");
    }

    private static String database() {
        return env("PGDATABASE", "postgres");
    }

    private static String env(String name, String dflt) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? dflt : v;
    }
}
