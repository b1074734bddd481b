package io.lastlight.build;

import io.lastlight.crawl.CrawlSession;
import io.lastlight.crawl.Progress;
import io.lastlight.simulate.SimConfig;
import io.lastlight.simulate.SimServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A build that fails after extraction (say, DuckDB out of memory in a derived table) keeps what it extracted. */
class ExtractionCheckpointTest {
    @TempDir
    Path tmp;

    @Test
    void aBuildFailingInDeriveDoesNotReExtractOnTheRerun() throws Exception {
        Path crawl = tmp.resolve("crawl");
        try (SimServer server = SimServer.start(SimConfig.builder().users(120).seed(5)
                .clock(Clock.fixed(Instant.parse("2021-01-09T00:00:00Z"), ZoneOffset.UTC)).build())) {
            CrawlSession.run(io.lastlight.e2e.EndToEndTest.config(server, server.truth(), crawl, 3000), false, false,
                    Clock.systemUTC(), new Progress(new PrintStream(new ByteArrayOutputStream()), false, true));
        }
        int warcs = DatasetBuilder.warcFiles(crawl, new ArrayList<>()).size();
        Path reference = tmp.resolve("reference");
        new DatasetBuilder(Clock.systemUTC(), "parler", s -> { }).build(crawl, reference, false);

        Path ds = tmp.resolve("ds");
        RuntimeException boom = assertThrows(RuntimeException.class, () -> new DatasetBuilder(Clock.systemUTC(), "parler", s -> {
            if (s.startsWith("deriving ")) throw new IllegalStateException("derive failed");
        }).build(crawl, ds, false));
        assertEquals("derive failed", boom.getMessage());
        assertFalse(Files.exists(ds.resolve(Manifest.FILE)), "no manifest for an unfinished dataset");
        assertTrue(Files.exists(ds.resolve(ExtractionCheckpoint.FILE)));

        List<String> log = new ArrayList<>();
        new DatasetBuilder(Clock.systemUTC(), "parler", log::add).build(crawl, ds, false);
        assertTrue(log.stream().noneMatch(l -> l.contains(" extracting ")), "re-extracted: " + log);
        assertTrue(log.stream().anyMatch(l -> l.matches("extracted 0 WARC file\\(s\\) in [0-9.]+ s, ([0-9.]+|NaN) CPU-s \\(" + warcs + " skipped unchanged\\)")),
                log.toString());
        assertFalse(Files.exists(ds.resolve(ExtractionCheckpoint.FILE)), "checkpoint left after a finished build");
        for (String table : List.of("captures", "post_observations", "profiles", "posts", "follows")) {
            assertEquals(BuildInterruptionTest.digest(reference, table), BuildInterruptionTest.digest(ds, table), table);
        }
    }

    @Test
    void sourcesFromAnUnfinishedBuildWithOtherVersionsAreNotMixedIn() throws Exception {
        Manifest done = new Manifest();
        done.schemaVersion = "1";
        done.software = "a";
        done.classifierVersion = "c";
        Manifest.Source x = new Manifest.Source();
        x.path = "x.warc.gz";
        x.sha256 = "old";
        done.sources.add(x);
        done.write(tmp);
        ExtractionCheckpoint same = ExtractionCheckpoint.start(tmp, "1", "a", "c");
        Manifest.Source y = new Manifest.Source();
        y.path = "y.warc.gz";
        y.sha256 = "new";
        same.add(y);
        Manifest merged = ExtractionCheckpoint.previous(tmp);
        assertEquals("old", merged.source("x.warc.gz").sha256);
        assertEquals("new", merged.source("y.warc.gz").sha256);

        ExtractionCheckpoint.start(tmp, "1", "b", "c").add(y);
        Manifest other = ExtractionCheckpoint.previous(tmp);
        assertEquals("b", other.software);
        assertNull(other.source("x.warc.gz"), "a source recorded under software a must not be judged as b's");
    }
}
