package io.lastlight.parquet;

import io.lastlight.derive.DuckDb;
import io.lastlight.schema.DatasetSchema;
import io.lastlight.schema.TableSchema;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Enough rows that every column flushes many pages (and dictionaries fall back to plain encoding), so page buffers
 * released by parquet-mr are handed out again by {@link RecyclingAllocator}: every value must read back as written,
 * in the final (ZSTD, dictionaries) and the intermediate (uncompressed, sorted by DuckDB afterwards) settings.
 */
class RecycledBuffersRoundTripTest {
    private static final TableSchema FOLLOWS = DatasetSchema.bundled().table("follows");
    private static final int ROWS = 150_000;

    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void everyValueReadsBackAsWritten(boolean intermediate) throws Exception {
        Random random = new Random(7);
        List<String> expected = new ArrayList<>(ROWS);
        Path target = tmp.resolve("follows").resolve("a.warc.gz.parquet");
        try (ParquetSorter sorter = intermediate ? new ParquetSorter(tmp.resolve(".spill"), 1, "256MB") : null;
             TableWriter w = new TableWriter(FOLLOWS, target, Map.of(), sorter)) {
            for (int i = 0; i < ROWS; i++) {
                // in key order (platform, followee_id, follower_id): the file needs no sort pass unless intermediate
                String followee = String.format("f%06d", i / 50);
                String follower = String.format("u%06d-%s", i % 50, Long.toString(random.nextLong() & Long.MAX_VALUE, 36));
                String uri = "https://parler.com/followers/" + followee + "?page=" + (i % 7) + "&x=" + random.nextInt();
                long offset = i * 1000L + random.nextInt(1000);
                w.write(new Row(FOLLOWS).set("platform", "parler").set("follower_id", follower).set("followee_id", followee)
                        .set("source", i % 3 == 0 ? "followers" : "following").set("target_uri", uri)
                        .set("warc_file", "a.warc.gz").set("warc_offset", offset)
                        .set("warc_record_id", "<urn:uuid:" + Long.toHexString(random.nextLong()) + ">")
                        .set("capture_time", Instant.parse("2021-01-09T00:00:00Z").plusMillis(offset)));
                expected.add(followee + "|" + follower + "|" + uri + "|" + offset);
            }
            w.commit();
        }
        List<String> got = new ArrayList<>(ROWS);
        try (Connection c = DuckDb.inMemory(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT followee_id, follower_id, target_uri, warc_offset FROM read_parquet('"
                     + target + "', file_row_number = true) ORDER BY file_row_number")) {
            while (rs.next()) got.add(rs.getString(1) + "|" + rs.getString(2) + "|" + rs.getString(3) + "|" + rs.getLong(4));
        }
        assertEquals(expected.size(), got.size());
        for (int i = 0; i < expected.size(); i++) assertEquals(expected.get(i), got.get(i), "row " + i);
    }
}
