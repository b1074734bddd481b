package io.lastlight.spark;

import io.lastlight.build.DatasetBuilder;
import io.lastlight.build.Manifest;
import io.lastlight.core.UserException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code --strict} as {@code lastlight build --strict}: a lenient job records the damage of a cut-short file and goes
 * on; a strict job over the same dataset reads that file again (unchanged, but read with damage) and stops at the
 * damaged record, naming the file and the offset the local build names, exit code 1.
 */
class SparkStrictTest {
    private static final Pattern OFFSET = Pattern.compile("damaged WARC record in \\S*parler-damaged-00000\\.warc\\.gz at offset (\\d+)");

    @TempDir
    Path tmp;

    @Test
    void aStrictJobReadsAFileFoundDamagedBeforeAgainAndStopsAtItsDamagedRecord() throws Exception {
        Path src = tmp.resolve("src");
        TestWarcs.write(src, 10);
        Path in = Files.createDirectories(tmp.resolve("in"));
        Files.copy(src.resolve("parler-damaged-00000.warc.gz"), in.resolve("parler-damaged-00000.warc.gz"));
        UserException local = assertThrows(UserException.class, () -> new DatasetBuilder(Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"),
                ZoneOffset.UTC), "parler", s -> { }, 2).strict(true).build(in, tmp.resolve("local"), false));
        Matcher lm = OFFSET.matcher(local.getMessage());
        assertTrue(lm.find(), local.getMessage());

        Path out = tmp.resolve("spark");
        assertEquals(0, (int) SparkBuildEqualityTest.withMaster("local[2]", () -> BuildJob.run("--quiet", "--in", in.toString(), "--out", out.toString())));
        assertNotNull(Manifest.read(out).source("parler-damaged-00000.warc.gz").damage, "the lenient job records the damage");

        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        int code;
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            code = SparkBuildEqualityTest.withMaster("local[2]", () -> BuildJob.run("--quiet", "--strict", "--in", in.toString(), "--out", out.toString()));
        } finally {
            System.setErr(err);
        }
        String text = captured.toString(StandardCharsets.UTF_8);
        assertEquals(1, code, text);
        Matcher sm = OFFSET.matcher(text);
        assertTrue(sm.find() && text.contains("lastlight-spark-build: damaged WARC record in "), text);
        assertEquals(lm.group(1), sm.group(1), "the same record stops both");
    }
}
