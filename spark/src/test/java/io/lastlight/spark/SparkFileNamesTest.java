package io.lastlight.spark;

import io.lastlight.build.DatasetBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A WARC file whose name holds a ':' (a timestamp, {@code crawl-2021-01-10T12:00:00.warc.gz}) is built by the Spark job
 * as by the local build: its observation files are written under its name and read back by Spark SQL.
 */
class SparkFileNamesTest {
    @TempDir
    Path tmp;

    @Test
    void aWarcFileNamedWithAColonGivesTheLocalBuildsRows() throws Exception {
        Path src = tmp.resolve("src");
        TestWarcs.write(src, 10);
        Path in = Files.createDirectories(tmp.resolve("in"));
        Files.copy(TestWarcs.only(src, "parler-a-"), in.resolve("crawl-2021-01-10T12:00:00.warc.gz"));
        Files.copy(TestWarcs.only(src, "revisits-"), in.resolve("revisits-2021-01-11T00:00:00.warc.gz"));
        Path local = tmp.resolve("local");
        new DatasetBuilder(Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC), "parler", s -> { }, 2)
                .build(in, local, false);
        Map<String, String> expected = DatasetComparison.fingerprint(local);
        assertTrue(DatasetComparison.count(local, "SELECT count(*) FROM posts") > 0);

        Path out = tmp.resolve("spark");
        // not --quiet: off a terminal the driver's steps are JSON lines among Spark's own log lines
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        int code;
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            code = SparkBuildEqualityTest.withMaster("local[2]", () -> BuildJob.run("--in", in.toString(), "--out", out.toUri().toString()));
        } finally {
            System.setErr(err);
        }
        assertEquals(0, code);
        List<String> steps = new ArrayList<>();
        for (String line : captured.toString(StandardCharsets.UTF_8).split("\n")) {
            if (!line.startsWith("{\"time\"")) continue;
            JsonNode e = new ObjectMapper().readTree(line);
            assertEquals("log", e.get("event").asText(), line);
            steps.add(e.get("message").asText());
        }
        assertTrue(steps.stream().anyMatch(m -> m.startsWith("extracted 2 WARC file(s)")), steps.toString());
        assertTrue(steps.stream().anyMatch(m -> m.startsWith("derived tables in")), steps.toString());
        assertTrue(Files.exists(out.resolve("captures").resolve("crawl-2021-01-10T12:00:00.warc.gz.parquet")));
        assertEquals(expected, DatasetComparison.fingerprint(out));
    }
}
