package io.lastlight.derive;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class DuckDbTest {

    /**
     * The DuckDB driver reports a query that fails as its result is fetched (any binder error: a misspelt column,
     * a function given the wrong arguments, a missing file) with a generic first line; the user needs the line
     * after it, which names what was wrong.
     */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "SELECT nosuchcol FROM range(3)|Binder Error: Referenced column \"nosuchcol\" not found in FROM clause!",
            "SELECT * FROM read_parquet('/nonexistent/x.parquet')|IO Error: No files found that match the pattern \"/nonexistent/x.parquet\"",
            "SELECT CAST('x' AS INTEGER)|Conversion Error: Could not convert string 'x' to INT32",
    })
    void theMessageIsDuckDbsOwnAccountOfWhatWasWrong(String sql, String expected) throws SQLException {
        try (Connection c = DuckDb.inMemory(); Statement s = c.createStatement()) {
            SQLException e = assertThrows(SQLException.class, () -> {
                try (ResultSet rs = s.executeQuery(sql)) {
                    while (rs.next()) { /* fetch it all */ }
                }
            });
            assertEquals(expected, DuckDb.errorMessage(e));
        }
    }

    @Test
    void aMessageWithoutTheDriversPreambleKeepsItsFirstLine() {
        assertEquals("Out of Memory Error: failed to allocate", DuckDb.errorMessage(
                new SQLException("Out of Memory Error: failed to allocate\n\nPossible solutions:\n* Reducing the number of threads")));
        assertEquals("no message", DuckDb.errorMessage(new SQLException("  no message  ")));
    }
}
