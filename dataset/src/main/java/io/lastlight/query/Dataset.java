package io.lastlight.query;

import io.lastlight.build.Manifest;
import io.lastlight.core.UserException;
import io.lastlight.derive.DuckDb;
import io.lastlight.schema.DatasetSchema;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Opens a built dataset's {@code lastlight.duckdb} read-only, with relative Parquet paths resolved, after checking
 * the schema version its {@code manifest.json} records against the one this software knows.
 */
public final class Dataset {
    /** Datasets already warned about in this process: a command that opens one several times warns once. */
    private static final Set<Path> WARNED = ConcurrentHashMap.newKeySet();

    private Dataset() {}

    public static Connection open(Path dir) throws SQLException {
        Path db = dir.resolve("lastlight.duckdb");
        if (!Files.isRegularFile(db)) {
            throw new UserException(dir + " is not a lastlight dataset (no lastlight.duckdb); build one with "
                    + "'lastlight build --in CRAWL_DIR --out " + dir + "'");
        }
        checkSchema(dir, DatasetSchema.bundled().version(), message -> {
            if (WARNED.add(dir.toAbsolutePath().normalize())) {
                System.err.println("lastlight: warning: " + message);
                System.err.flush();
            }
        });
        Connection c = DuckDb.open(db, true);
        try {
            DuckDb.searchPath(c, dir);
        } catch (SQLException e) {
            c.close();
            throw e;
        }
        return c;
    }

    /**
     * Compares the dataset's recorded schema version with {@code known} (major.minor; a patch level changes no
     * column). A newer schema may have renamed meanings this software would misread: refused. An older one lacks the
     * columns added since, which queries may read or silently miss: a warning. A dataset without a manifest (or
     * one that records no version) predates the check and is left alone.
     */
    static void checkSchema(Path dir, String known, Consumer<String> warn) {
        Manifest m;
        try {
            m = Manifest.read(dir);
        } catch (IOException e) {
            warn.accept(dir.resolve(Manifest.FILE) + " cannot be read (" + e.getMessage().lines().findFirst().orElse("")
                    + "), so its schema version is unknown; run 'lastlight build' again to rewrite it");
            return;
        }
        if (m == null || m.schemaVersion == null) return;
        int cmp;
        try {
            cmp = compare(m.schemaVersion, known);
        } catch (NumberFormatException e) {
            warn.accept(dir + " records schema version '" + m.schemaVersion + "', which is not MAJOR.MINOR; this lastlight "
                    + "reads schema " + known + ": run 'lastlight build' again");
            return;
        }
        if (cmp > 0) {
            throw new UserException(dir + " was built with dataset schema " + m.schemaVersion + ", newer than the schema "
                    + known + " this lastlight knows, so its columns may mean what this version cannot read: upgrade "
                    + "lastlight, or rebuild the dataset with this one ('lastlight build --in CRAWL_DIR --out " + dir + "')");
        }
        if (cmp < 0) {
            warn.accept(dir + " was built with dataset schema " + m.schemaVersion + ", older than this lastlight's "
                    + known + " (the columns are listed in dataset.yaml): queries may miss columns added since; run "
                    + "'lastlight build' again to bring it up to date");
        }
    }

    /** Compares MAJOR.MINOR of two versions; throws NumberFormatException if either is not MAJOR.MINOR[.…]. */
    static int compare(String a, String b) {
        int[] x = majorMinor(a), y = majorMinor(b);
        return x[0] != y[0] ? Integer.compare(x[0], y[0]) : Integer.compare(x[1], y[1]);
    }

    private static int[] majorMinor(String v) {
        String[] p = v.trim().split("\\.");
        if (p.length < 2) throw new NumberFormatException(v);
        return new int[] {Integer.parseInt(p[0]), Integer.parseInt(p[1])};
    }
}
