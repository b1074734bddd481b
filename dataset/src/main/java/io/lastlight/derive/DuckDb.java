package io.lastlight.derive;

import io.lastlight.schema.DuckDbViews;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

/** Small helpers for DuckDB JDBC connections. */
public final class DuckDb {
    private DuckDb() {}

    public static Connection inMemory() throws SQLException {
        return DriverManager.getConnection("jdbc:duckdb:");
    }

    /** Another connection to the same database (same catalog, views and settings), for a second thread. */
    public static Connection duplicate(Connection c) throws SQLException {
        return c.unwrap(org.duckdb.DuckDBConnection.class).duplicate();
    }

    public static Connection open(Path file, boolean readOnly) throws SQLException {
        Properties p = new Properties();
        if (readOnly) p.setProperty("duckdb.read_only", "true");
        return DriverManager.getConnection("jdbc:duckdb:" + file.toAbsolutePath(), p);
    }

    /** Makes relative Parquet paths in views resolve against the dataset folder. */
    public static void searchPath(Connection c, Path datasetDir) throws SQLException {
        exec(c, "SET file_search_path = " + DuckDbViews.quoteLiteral(datasetDir.toAbsolutePath().toString()));
    }

    /** What the DuckDB JDBC driver puts first when a query fails as its result is fetched; the cause follows. */
    private static final String PENDING_RESULT = "Attempting to execute an unsuccessful or closed pending query result";

    /**
     * DuckDB's own account of a failed query, on one line: the error itself (a binder, parser or catalog error)
     * without the driver's generic first line, which is all the message's first line says when a query fails
     * while its result is fetched, and without DuckDB's "Error: " prefix or the candidate lists and hints that
     * follow. A caller shows this to the user, who needs to know what in their SQL was wrong.
     */
    public static String errorMessage(SQLException e) {
        String msg = e.getMessage() == null ? e.toString() : e.getMessage();
        for (String line : (Iterable<String>) msg.lines()::iterator) {
            String t = line.strip();
            if (t.isEmpty() || t.endsWith(PENDING_RESULT)) continue;
            return t.startsWith("Error: ") ? t.substring("Error: ".length()) : t;
        }
        return msg.strip();
    }

    public static void exec(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
