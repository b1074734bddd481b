package io.lastlight.spark;

import io.lastlight.schema.DatasetSchema;
import io.lastlight.schema.TableSchema;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every derived table's DuckDB SQL has a Spark twin, and the twin names the sha256 of the DuckDB file it was checked
 * against: a change to the local build's SQL fails here until the Spark twin is brought in step (and
 * {@link SparkBuildEqualityTest} shows the two give the same rows).
 */
class SqlTwinsTest {
    private static final Pattern TWIN = Pattern.compile("^-- twin of io/lastlight/derive/([a-z_]+)\\.sql sha256: ([0-9a-f]{64})");

    @Test
    void everyDerivedTableHasASparkTwinCheckedAgainstTheCurrentDuckDbSql() throws Exception {
        int n = 0;
        for (TableSchema t : DatasetSchema.bundled().tables()) {
            if (!t.kind().equals("derived")) continue;
            n++;
            String spark = SparkDerive.sql(t.name());
            Matcher m = TWIN.matcher(spark);
            assertTrue(m.find(), "the Spark SQL of " + t.name() + " does not name its DuckDB twin on its first line");
            assertEquals(t.name(), m.group(1));
            byte[] duck;
            try (InputStream in = io.lastlight.derive.DerivedTables.class.getResourceAsStream("/io/lastlight/derive/" + t.name() + ".sql")) {
                assertNotNull(in, "no DuckDB SQL for " + t.name());
                duck = in.readAllBytes();
            }
            String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(duck));
            assertEquals(sha, m.group(2), "io/lastlight/derive/" + t.name() + ".sql changed: bring io/lastlight/spark/derive/"
                    + t.name() + ".sql in step, then put the new sha256 on its first line");
        }
        assertTrue(n >= 7, "derived tables: " + n);
    }
}
