package io.lastlight.derive;

import io.lastlight.core.UserException;
import org.junit.jupiter.api.Test;

import java.sql.SQLException;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DerivedTablesFailureTest {
    @Test
    void outOfMemoryNamesTheTableAndTheKnob() {
        Exception e = DerivedTables.failure("posts", new SQLException(
                "Out of Memory Error: failed to pin block of size 256.0 KiB (2.7 GiB/2.7 GiB used)\n\nPossible solutions:\n* ..."));
        UserException u = assertInstanceOf(UserException.class, e);
        assertTrue(u.getMessage().startsWith("deriving table posts: DuckDB ran out of its " + DerivedTables.memoryLimit() + " memory budget"), u.getMessage());
        assertTrue(u.getMessage().contains("-Dlastlight.duckdb.memory="), u.getMessage());
        assertTrue(!u.getMessage().contains("Possible solutions"), "one line: " + u.getMessage());
    }

    @Test
    void otherSqlErrorsStaySqlErrorsNamingTheTable() {
        Exception e = DerivedTables.failure("media", new SQLException("Binder Error: column x not found"));
        SQLException s = assertInstanceOf(SQLException.class, e);
        assertTrue(s.getMessage().equals("deriving table media: Binder Error: column x not found"), s.getMessage());
    }
}
