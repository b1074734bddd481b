package io.lastlight.crawl;

import io.lastlight.frontier.Frontier;
import io.lastlight.frontier.FrontierItem;
import io.lastlight.frontier.SqliteFrontier;
import io.lastlight.platform.CrawlRequest;
import io.lastlight.warc.CaptureRecord;
import io.lastlight.warc.WarcPosition;
import io.lastlight.warc.WarcRecovery;
import io.lastlight.warc.WarcSink;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.netpreserve.jwarc.WarcReader;
import org.netpreserve.jwarc.WarcRecord;
import org.netpreserve.jwarc.WarcResponse;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A crawl killed around a WARC file's rotation, with outcomes still waiting for the frontier's group commit: after
 * recovery the archive holds exactly the captures the frontier calls done, so --resume fetches again only the
 * missing ones (no capture in the archive twice, none lost).
 */
class LedgerEventsTest {
    @TempDir
    Path dir;

    /** @param afterRotation captures written to the next file before the kill (0: killed right after the rotation) */
    @ParameterizedTest
    @ValueSource(ints = {0, 1, 3})
    void afterAKillNearARotationTheArchiveHoldsExactlyTheCapturesTheFrontierCallsDone(int afterRotation) throws Exception {
        Path live = Files.createDirectories(dir.resolve("live"));
        SqliteFrontier frontier = new SqliteFrontier(live.resolve("frontier.db"), Frontier.Order.FIFO);
        List<CrawlRequest> seeds = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            seeds.add(new CrawlRequest(URI.create("http://127.0.0.1:1/v1/profile?username=u" + i), "profile", "u" + i, null, 1, 0));
        }
        frontier.add(seeds, null, 0);
        WarcSink sink = new WarcSink(live.resolve("warc"), "test", 16_000,
                Clock.fixed(Instant.parse("2021-01-10T00:00:00Z"), ZoneOffset.UTC), Map.of(), null);
        sink.onFiles(new LedgerEvents(frontier));
        try {
            String first = null;
            int inNext = -1;
            while (inNext < afterRotation) {
                for (FrontierItem item : frontier.lease(1, Long.MAX_VALUE)) {
                    WarcPosition pos = sink.write(capture(item));
                    frontier.complete(item, 200, pos.file(), pos.offset(), pos.end(), List.of());
                    if (first == null) first = pos.file();
                    if (!pos.file().equals(first)) inNext++;
                }
                if (inNext < 0 && Files.exists(live.resolve("warc").resolve(first))) inNext = 0;
            }
            // the kill: what is on disk now, neither the sink nor the frontier closed
            Path after = Files.createDirectories(dir.resolve("after"));
            Files.createDirectories(after.resolve("warc"));
            for (String f : List.of("frontier.db", "frontier.db-wal")) {
                if (Files.exists(live.resolve(f))) Files.copy(live.resolve(f), after.resolve(f));
            }
            try (Stream<Path> files = Files.list(live.resolve("warc"))) {
                for (Path p : (Iterable<Path>) files::iterator) Files.copy(p, after.resolve("warc").resolve(p.getFileName()));
            }
            SqliteFrontier resumed = new SqliteFrontier(after.resolve("frontier.db"), Frontier.Order.FIFO);
            try {
                WarcRecovery.recover(after.resolve("warc"), resumed.committedWarcEnds());
                long done = resumed.stats().done();
                assertTrue(done > 0, "the full file's captures were committed before it was closed");
                assertEquals(done, responses(after.resolve("warc")), "response records in the archive vs captures done");
            } finally {
                resumed.close();
            }
        } finally {
            sink.close();
            frontier.close();
        }
    }

    private static long responses(Path warcDir) throws IOException {
        long n = 0;
        try (Stream<Path> files = Files.list(warcDir)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                assertTrue(p.toString().endsWith(".warc.gz"), "left open: " + p);
                try (WarcReader r = new WarcReader(p)) {
                    for (WarcRecord rec : r) if (rec instanceof WarcResponse) n++;
                }
            }
        }
        return n;
    }

    private static CaptureRecord capture(FrontierItem item) {
        return new CaptureRecord(item.uri(), Instant.parse("2021-01-10T00:00:00Z"), "GET",
                List.of(new AbstractMap.SimpleImmutableEntry<>("User-Agent", "test")), 200, "OK",
                List.of(new AbstractMap.SimpleImmutableEntry<>("Content-Type", "application/json")),
                ("{\"user\":\"" + item.key() + "\",\"pad\":\"" + "x".repeat(1500) + "\"}").getBytes(StandardCharsets.UTF_8), false,
                Map.of("lastlight-kind", List.of("profile")));
    }
}
