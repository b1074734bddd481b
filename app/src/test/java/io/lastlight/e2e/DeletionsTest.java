package io.lastlight.e2e;

import io.lastlight.build.DatasetBuilder;
import io.lastlight.crawl.CrawlSession;
import io.lastlight.crawl.Progress;
import io.lastlight.fetch.FetchConfig;
import io.lastlight.fetch.FetchResult;
import io.lastlight.fetch.Fetcher;
import io.lastlight.simulate.GroundTruth;
import io.lastlight.simulate.SimConfig;
import io.lastlight.simulate.SimServer;
import io.lastlight.warc.CaptureRecord;
import io.lastlight.warc.WarcSink;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netpreserve.jwarc.WarcReader;
import org.netpreserve.jwarc.WarcResponse;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Deletions are found with evidence: capture a world, let world time pass (posts deleted, accounts
 * banned), capture again, and check the dataset names each disappearance with both captures.
 */
class DeletionsTest {
    @TempDir
    Path tmp;

    /** A clock the test moves forward. */
    static final class MovableClock extends Clock {
        volatile Instant now;

        MovableClock(Instant start) {
            now = start;
        }

        @Override public ZoneId getZone() { return ZoneOffset.UTC; }
        @Override public Clock withZone(ZoneId zone) { return this; }
        @Override public Instant instant() { return now; }
    }

    @Test
    void postsDeletedAndAccountsBannedBetweenCapturesAreReportedWithBothCaptures() throws Exception {
        Instant t0 = Instant.parse("2021-01-09T00:00:00Z");
        MovableClock clock = new MovableClock(t0);
        try (SimServer server = SimServer.start(SimConfig.builder().users(400).seed(11).clock(clock).build())) {
            GroundTruth truth = server.truth();
            Path first = tmp.resolve("first");
            CrawlSession.run(EndToEndTest.config(server, truth, first, 2000), false, false, Clock.systemUTC(), quiet());

            Set<String> capturedPosts = new HashSet<>(truth.reachablePostIds());
            Instant t1 = t0.plus(Duration.ofDays(2));
            List<GroundTruth.Event> deleted = truth.deletedPosts().stream()
                    .filter(e -> e.at().isAfter(t0) && !e.at().isAfter(t1) && capturedPosts.contains(e.id())).toList();
            Set<String> reachable = new HashSet<>(truth.reachableUserIds());
            List<GroundTruth.Event> banned = truth.bannedUsers().stream()
                    .filter(e -> e.at().isAfter(t0) && !e.at().isAfter(t1) && reachable.contains(e.id())).toList();
            assertFalse(deleted.isEmpty(), "the world should delete some captured posts within two days");
            assertFalse(banned.isEmpty(), "the world should ban some reachable accounts within two days");

            clock.now = t1; // world time moves with the server's clock (time scale 1)
            Path second = tmp.resolve("second");
            CrawlSession.run(EndToEndTest.config(server, truth, second, 2000), false, false, Clock.systemUTC(), quiet());
            // Look the deleted posts up one by one, as a revisit does.
            Path lookups = tmp.resolve("lookups");
            try (Fetcher f = new Fetcher(new FetchConfig("test", 4, Duration.ofSeconds(5), Duration.ofSeconds(5),
                    Duration.ofSeconds(10), 1 << 20), Clock.systemUTC());
                 WarcSink sink = new WarcSink(lookups.resolve("warc"), "lookup", 1L << 30, Clock.systemUTC(),
                         Map.of("platform", List.of("parler")), null)) {
                for (GroundTruth.Event e : deleted) {
                    URI uri = URI.create(server.baseUri() + "/v1/post?id=" + e.id());
                    FetchResult r = f.get(uri, List.of()).get();
                    sink.write(new CaptureRecord(uri, r.date(), "GET", r.requestHeaders(), r.status(), r.reason(),
                            r.headers(), r.body(), r.truncated(), Map.of()));
                }
            }
            Path all = tmp.resolve("all");
            Files.createDirectories(all);
            for (Path dir : List.of(first, second, lookups)) {
                try (Stream<Path> s = Files.list(dir.resolve("warc"))) {
                    for (Path w : (Iterable<Path>) s::iterator) Files.copy(w, all.resolve(w.getFileName()));
                }
            }
            Path dataset = tmp.resolve("dataset");
            new DatasetBuilder(Clock.systemUTC(), "parler", s -> { }).build(all, dataset, false);

            Map<String, String[]> found = new HashMap<>();
            try (Connection c = io.lastlight.query.Dataset.open(dataset); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT item_type, item_id, reason, last_seen_present < first_seen_gone,"
                         + " present_warc_file, present_warc_offset, gone_warc_file, gone_warc_offset FROM deletions")) {
                while (rs.next()) {
                    assertTrue(rs.getBoolean(4), "window must be ordered for " + rs.getString(2));
                    found.put(rs.getString(1) + ":" + rs.getString(2), new String[] {rs.getString(3), rs.getString(5),
                            rs.getString(6), rs.getString(7), rs.getString(8)});
                }
            }
            for (GroundTruth.Event e : deleted) {
                String[] row = found.get("post:" + e.id());
                assertTrue(row != null, "deleted post " + e.id() + " not reported");
                assertEquals("deleted_flag", row[0]);
                assertTrue(recordMentions(all.resolve(row[1]), Long.parseLong(row[2]), e.id()));
                assertTrue(recordMentions(all.resolve(row[3]), Long.parseLong(row[4]), e.id()));
            }
            for (GroundTruth.Event e : banned) {
                String[] row = found.get("profile:" + e.id());
                assertTrue(row != null, "banned account " + e.username() + " not reported");
                assertEquals("banned", row[0]);
                assertTrue(recordMentions(all.resolve(row[3]), Long.parseLong(row[4]), e.id()));
            }
            long unexpected = found.keySet().stream().filter(k -> k.startsWith("post:")).count() - deleted.size();
            assertEquals(0, unexpected, "no post reported deleted that was not");
        }
    }

    private static boolean recordMentions(Path warc, long offset, String id) throws Exception {
        try (FileChannel ch = FileChannel.open(warc, StandardOpenOption.READ)) {
            ch.position(offset);
            WarcResponse r = (WarcResponse) new WarcReader(ch).next().orElseThrow();
            return new String(r.http().body().stream().readAllBytes(), StandardCharsets.UTF_8).contains(id);
        }
    }

    private static Progress quiet() {
        return new Progress(new PrintStream(new ByteArrayOutputStream()), false, true);
    }
}
