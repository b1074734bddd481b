package io.lastlight.query;

import io.lastlight.core.UserException;
import io.lastlight.derive.DuckDb;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;

/** Opens a built dataset's {@code lastlight.duckdb} read-only, with relative Parquet paths resolved. */
public final class Dataset {
    private Dataset() {}

    public static Connection open(Path dir) throws SQLException {
        Path db = dir.resolve("lastlight.duckdb");
        if (!Files.isRegularFile(db)) {
            throw new UserException(dir + " is not a lastlight dataset (no lastlight.duckdb); build one with "
                    + "'lastlight build --in CRAWL_DIR --out " + dir + "'");
        }
        Connection c = DuckDb.open(db, true);
        try {
            DuckDb.searchPath(c, dir);
        } catch (SQLException e) {
            c.close();
            throw e;
        }
        return c;
    }
}
