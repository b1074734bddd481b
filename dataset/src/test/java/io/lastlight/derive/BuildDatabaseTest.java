package io.lastlight.derive;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;

import static org.junit.jupiter.api.Assertions.assertEquals;

class BuildDatabaseTest {
    @TempDir
    Path tmp;

    @Test
    void blockAllocatorGetsAThirdOfTheBudgetAtMostOneGibibyte() throws Exception {
        assertEquals(500_000_000L, BuildDatabase.blockAllocatorBytes("1.5GB")); // the default budget (DuckDB: GB = 10^9 bytes)
        assertEquals(1_000_000_000L, BuildDatabase.blockAllocatorBytes("3GB"));
        assertEquals(1L << 30, BuildDatabase.blockAllocatorBytes("16GB"));
        assertEquals(100_000_000L, BuildDatabase.blockAllocatorBytes("300MB"));
        try (BuildDatabase db = BuildDatabase.open(tmp.resolve("spill"), 1, "300MB");
             Connection c = db.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT value FROM duckdb_settings() WHERE name = 'block_allocator_memory'")) {
            rs.next();
            assertEquals("95.3 MiB", rs.getString(1)); // 100,000,000 bytes as DuckDB prints them
        }
    }
}
