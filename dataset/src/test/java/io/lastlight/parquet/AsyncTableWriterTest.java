package io.lastlight.parquet;

import io.lastlight.schema.DatasetSchema;
import io.lastlight.schema.TableSchema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InterruptedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AsyncTableWriterTest {
    private static final TableSchema CAPTURES = DatasetSchema.bundled().table("captures");

    @TempDir
    Path tmp;

    private static Row capture(long i) {
        return new Row(CAPTURES).set("warc_file", "a.warc.gz").set("warc_offset", i).set("warc_length", 100L)
                .set("warc_record_id", "urn:uuid:" + i).set("target_uri", "http://x/" + i)
                .set("capture_time", Instant.parse("2021-01-09T00:00:00Z").plusSeconds(i)).set("platform", "parler")
                .set("parse_status", "ok").set("rows_extracted", 1).set("truncated", false).set("record_type", "response")
                .set("capture_source", "crawl");
    }

    /**
     * A commit interrupted while the writer's thread still has rows to write: the caller is told, and close() leaves
     * neither the file nor a temporary one, whatever the thread was doing when the interrupt came.
     */
    @Test
    void anInterruptedCommitThenCloseLeavesNoFileBehind() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("captures"));
        Path target = dir.resolve("a.warc.gz.parquet");
        for (int round = 0; round < 5; round++) {
            AsyncTableWriter w = new AsyncTableWriter(new TableWriter(CAPTURES, target, Map.of()), "test");
            try {
                for (int b = 0; b < AsyncTableWriter.MAX_PENDING; b++) {
                    List<Row> rows = new ArrayList<>();
                    for (int i = 0; i < 20_000; i++) rows.add(capture(b * 20_000L + i));
                    w.write(rows);
                }
                Thread.currentThread().interrupt();
                assertThrows(InterruptedIOException.class, w::commit);
            } finally {
                w.close();
                assertTrue(Thread.interrupted(), "the interrupt is kept for the caller");
            }
            try (Stream<Path> left = Files.list(dir)) {
                assertEquals(List.of(), left.toList());
            }
            assertFalse(Files.exists(target));
        }
    }
}
