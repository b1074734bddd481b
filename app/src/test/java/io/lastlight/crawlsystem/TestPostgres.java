package io.lastlight.crawlsystem;

import org.junit.jupiter.api.Assumptions;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * PostgreSQL as pg_virtualenv exports it (.ci/run): a fresh schema per test, counts read beside the workers,
 * and (for the database-crash test) the cluster's postmaster killed and started again. Under {@code CI=true}
 * a missing PostgreSQL fails the test; elsewhere it skips it, saying why.
 */
final class TestPostgres {
    final String schema;
    final String url;

    private TestPostgres(String schema, String url) {
        this.schema = schema;
        this.url = url;
    }

    static TestPostgres freshSchema() {
        String host = System.getenv("PGHOST");
        String why = host == null || host.isBlank() ? "PGHOST is not set (run under pg_virtualenv, as .ci/run does)" : null;
        String schema = "s" + Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);
        if (why == null) {
            try (Connection c = admin(); Statement s = c.createStatement()) {
                s.execute("CREATE SCHEMA " + schema);
            } catch (SQLException e) {
                why = "PostgreSQL at " + host + " is unreachable: " + e.getMessage();
            }
        }
        if (why != null) unavailable(why);
        return new TestPostgres(schema, "postgresql://" + host + ":" + env("PGPORT", "5432") + "/"
                + env("PGDATABASE", "postgres") + "?currentSchema=" + schema);
    }

    static void unavailable(String why) {
        if ("true".equalsIgnoreCase(System.getenv("CI"))) fail("PostgreSQL is required under CI: " + why);
        Assumptions.abort("skipped: " + why);
    }

    /** The first column of the first row of {@code sql} in this schema; 0 while the tables do not exist yet. */
    long count(String sql) throws SQLException {
        try (Connection c = admin(); Statement s = c.createStatement()) {
            s.execute("SET search_path TO " + schema);
            try (ResultSet rs = s.executeQuery(sql)) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            if ("42P01".equals(e.getSQLState())) return 0;  // not created yet
            throw e;
        }
    }

    /** Every row of {@code sql} in this schema, columns as text. */
    List<String[]> rows(String sql) throws SQLException {
        List<String[]> out = new java.util.ArrayList<>();
        try (Connection c = admin(); Statement s = c.createStatement()) {
            s.execute("SET search_path TO " + schema);
            try (ResultSet rs = s.executeQuery(sql)) {
                int n = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    String[] row = new String[n];
                    for (int i = 0; i < n; i++) row[i] = rs.getString(i + 1);
                    out.add(row);
                }
            }
        }
        return out;
    }

    static String show(String setting) throws SQLException {
        try (Connection c = admin(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SHOW " + setting)) {
            rs.next();
            return rs.getString(1);
        }
    }

    static Connection admin() throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", env("PGUSER", System.getProperty("user.name")));
        if (System.getenv("PGPASSWORD") != null) p.setProperty("password", System.getenv("PGPASSWORD"));
        return DriverManager.getConnection("jdbc:postgresql://" + System.getenv("PGHOST") + ":" + env("PGPORT", "5432") + "/"
                + env("PGDATABASE", "postgres"), p);
    }

    static String env(String name, String dflt) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? dflt : v;
    }

    /**
     * The cluster the tests run against, as Debian's tools name it ({@code cluster_name} "15/regress", which
     * pg_virtualenv makes) and where its postmaster's pid is kept; aborts (fails under CI) where the cluster
     * cannot be restarted from here: no pg_ctlcluster, fsync off, or a cluster not named VERSION/NAME.
     */
    record Cluster(String version, String name, Path dataDirectory) {
        static Cluster current() throws SQLException {
            if (!"on".equals(show("fsync"))) unavailable("the cluster runs with fsync off; killing it could lose commits"
                    + " (run under pg_virtualenv -o fsync=on, as .ci/run does)");
            String[] vn = show("cluster_name").split("/");
            if (vn.length != 2) unavailable("cluster_name '" + show("cluster_name") + "' is not VERSION/NAME (not a Debian cluster)");
            if (!Files.isExecutable(Path.of("/usr/bin/pg_ctlcluster"))) unavailable("pg_ctlcluster is missing");
            return new Cluster(vn[0], vn[1], Path.of(show("data_directory")));
        }

        /** The postmaster's pid: the first line of postmaster.pid. */
        long postmasterPid() throws Exception {
            return Long.parseLong(Files.readAllLines(dataDirectory.resolve("postmaster.pid")).get(0).trim());
        }

        /** SIGKILL to the postmaster, as a crash or the OOM killer would; waits until it is gone. */
        void killMinusNine() throws Exception {
            ProcessHandle pm = ProcessHandle.of(postmasterPid()).orElseThrow();
            if (!pm.destroyForcibly()) fail("could not signal the postmaster " + pm.pid());
            pm.onExit().get(10, TimeUnit.SECONDS);
        }

        /**
         * Starts the cluster again with its own configuration (port, fsync), through pg_ctlcluster as pg_virtualenv
         * did; the killed postmaster's backends may hold its shared memory a moment longer, so it is tried again
         * for up to 30 s. Returns what pg_ctlcluster said.
         */
        String start() throws Exception {
            long until = System.nanoTime() + 30_000_000_000L;
            while (true) {
                Process p = new ProcessBuilder(List.of("pg_ctlcluster", version, name, "start")).redirectErrorStream(true).start();
                String out = new String(p.getInputStream().readAllBytes());
                if (p.waitFor() == 0) return out;
                if (System.nanoTime() > until) fail("pg_ctlcluster " + version + " " + name + " start failed: " + out);
                Thread.sleep(500);
            }
        }
    }
}
