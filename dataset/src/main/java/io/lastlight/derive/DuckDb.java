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

    public static void exec(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
