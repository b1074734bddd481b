package io.lastlight.e2e;

import io.lastlight.build.BuildReport;
import io.lastlight.build.DatasetBuilder;
import io.lastlight.crawl.CrawlEnvironment;
import io.lastlight.crawl.CrawlMode;
import io.lastlight.crawl.CrawlSession;
import io.lastlight.crawl.CrawlSummary;
import io.lastlight.crawl.Crawler;
import io.lastlight.crawl.Progress;
import io.lastlight.query.ResultTable;
import io.lastlight.fetch.FetchConfig;
import io.lastlight.fetch.FetchResult;
import io.lastlight.fetch.Fetcher;
import io.lastlight.simulate.GroundTruth;
import io.lastlight.warc.CaptureRecord;
import io.lastlight.warc.WarcSink;
import io.lastlight.simulate.SimConfig;
import io.lastlight.simulate.SimServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netpreserve.jwarc.WarcReader;
import org.netpreserve.jwarc.WarcRecord;
import org.netpreserve.jwarc.WarcResponse;
import org.netpreserve.jwarc.WarcRevisit;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
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
 * A crawl, then two {@code --revisit} passes of the simulated platform, built into one dataset: unchanged payloads
 * are stored as revisit records, and each must count as an observation at its own time. Profiles get history points
 * and last_seen at the revisit, and a post deleted after the first revisit is reported with the revisit as its last
 * present capture, not the first pass.
 */
class RevisitBuildTest {
    @TempDir
    Path tmp;

    @Test
    void revisitRecordsAreObservationsAtTheirOwnTime() throws Exception {
        Instant t0 = Instant.parse("2021-01-09T00:00:00Z");
        DeletionsTest.MovableClock world = new DeletionsTest.MovableClock(t0);
        try (SimServer server = SimServer.start(SimConfig.builder().users(200).seed(31).clock(world)
                .deletedFraction(0.3).bannedFraction(0.2).build())) {
            GroundTruth truth = server.truth();
            Path out = tmp.resolve("crawl");
            // Each pass's capture clock runs a day after the last, so the passes' WARC-Dates never share a second.
            Clock now = Clock.systemUTC();
            CrawlSummary first = crawl(server, truth, out, CrawlMode.NEW, now);
            assertEquals(Crawler.Outcome.COMPLETE, first.outcome());
            CrawlSummary second = crawl(server, truth, out, new CrawlMode(false, false, true), Clock.offset(now, Duration.ofDays(1)));
            assertTrue(second.stats().revisits.get() > 0, "the world did not move: the first revisit pass should be mostly revisits");
            Instant secondStart = now.instant().plus(Duration.ofDays(1)).minusSeconds(600);
            world.now = t0.plus(Duration.ofHours(49)); // deletions and bans happen
            CrawlSummary third = crawl(server, truth, out, new CrawlMode(false, false, true), Clock.offset(now, Duration.ofDays(2)));
            assertEquals(Crawler.Outcome.COMPLETE, third.outcome());

            // Deletions leave no trace in list pages (the post just stops being listed): look the deleted posts up,
            // after the last pass, as an archivist would.
            Set<String> captured = new HashSet<>(truth.reachablePostIds());
            List<String> deleted = new ArrayList<>();
            for (GroundTruth.Event e : truth.deletedPosts()) {
                if (e.at().isAfter(t0) && !e.at().isAfter(world.now) && captured.contains(e.id())) deleted.add(e.id());
            }
            assertFalse(deleted.isEmpty(), "the world should delete some captured posts");
            Path all = tmp.resolve("all");
            Files.createDirectories(all);
            try (Fetcher f = new Fetcher(new FetchConfig("test", 4, Duration.ofSeconds(5), Duration.ofSeconds(5),
                    Duration.ofSeconds(10), 1 << 20), Clock.offset(now, Duration.ofDays(3)));
                 WarcSink sink = new WarcSink(all, "lookup", 1L << 30, Clock.offset(now, Duration.ofDays(3)),
                         Map.of("platform", List.of("parler")), null)) {
                for (String id : deleted) {
                    URI uri = URI.create(server.baseUri() + "/v1/post?id=" + id);
                    FetchResult r = f.get(uri, List.of()).get();
                    sink.write(new CaptureRecord(uri, r.date(), "GET", r.requestHeaders(), r.status(), r.reason(),
                            r.headers(), r.body(), r.truncated(), Map.of()));
                }
            }
            try (Stream<Path> s = Files.list(out.resolve("warc"))) {
                for (Path w : (Iterable<Path>) s::iterator) Files.copy(w, all.resolve(w.getFileName()));
            }
            Path dataset = tmp.resolve("dataset");
            List<String> log = new ArrayList<>();
            BuildReport report = new DatasetBuilder(Clock.systemUTC(), "parler", log::add).build(all, dataset, false);
            long revisits = second.stats().revisits.get() + third.stats().revisits.get();
            assertEquals(revisits, report.revisits.get("resolved"), "every revisit of our own crawl resolves: " + report.revisits);
            assertEquals(0L, report.revisits.get("unresolved"));

            // Latest profile capture per username, from the WARC files themselves: a revisit or a response.
            Map<String, Instant> latestProfile = new HashMap<>();
            Map<String, Boolean> latestIsRevisit = new HashMap<>();
            try (Stream<Path> s = Files.list(all)) {
                for (Path w : (Iterable<Path>) s.filter(p -> p.toString().endsWith(".warc.gz"))::iterator) {
                    try (WarcReader r = new WarcReader(w)) {
                        for (WarcRecord rec : r) {
                            if (!(rec instanceof WarcRevisit || rec instanceof WarcResponse)) continue;
                            String target = ((org.netpreserve.jwarc.WarcTargetRecord) rec).target();
                            int i = target.indexOf("/v1/profile?username=");
                            if (i < 0) continue;
                            String name = target.substring(i + "/v1/profile?username=".length()).toLowerCase(java.util.Locale.ROOT);
                            if (latestProfile.get(name) == null || rec.date().isAfter(latestProfile.get(name))) {
                                latestProfile.put(name, rec.date());
                                latestIsRevisit.put(name, rec instanceof WarcRevisit);
                            }
                        }
                    }
                }
            }
            int checked = 0, lastSeenAtRevisit = 0;
            try (Connection c = io.lastlight.query.Dataset.open(dataset);
                 PreparedStatement last = c.prepareStatement("SELECT last_seen FROM profiles WHERE lower(username) = ?");
                 PreparedStatement hist = c.prepareStatement("SELECT count(*) FROM profile_history h JOIN profiles p USING (platform, user_id)"
                         + " WHERE lower(p.username) = ? AND h.capture_time = ?")) {
                for (Map.Entry<String, Instant> e : latestProfile.entrySet()) {
                    if (!latestIsRevisit.get(e.getKey())) continue;
                    last.setString(1, e.getKey());
                    try (ResultSet rs = last.executeQuery()) {
                        assertTrue(rs.next(), e.getKey());
                        Instant lastSeen = rs.getObject(1, java.time.OffsetDateTime.class).toInstant();
                        // at least its latest profile capture, a revisit (a list page may have shown the user later still)
                        assertFalse(lastSeen.isBefore(e.getValue()), "last_seen of " + e.getKey() + " " + lastSeen + " before its revisit " + e.getValue());
                        if (lastSeen.equals(e.getValue())) lastSeenAtRevisit++;
                    }
                    hist.setString(1, e.getKey());
                    hist.setObject(2, java.time.OffsetDateTime.ofInstant(e.getValue(), java.time.ZoneOffset.UTC));
                    try (ResultSet rs = hist.executeQuery()) {
                        rs.next();
                        assertEquals(1, rs.getLong(1), "profile_history point of " + e.getKey() + " at its revisit " + e.getValue());
                    }
                    checked++;
                }
            }
            assertTrue(checked > 50, "profiles whose latest capture is a revisit: " + checked);
            assertTrue(lastSeenAtRevisit > 0, lastSeenAtRevisit + " of " + checked + " profiles last seen at their revisit");
            // What the revisits add: users whose last_seen only a revisit shows, observations at revisit times.
            long laterThanResponses, revisitObservations, revisitPosts;
            try (Connection c = io.lastlight.query.Dataset.open(dataset); Statement s = c.createStatement()) {
                laterThanResponses = count(s, "SELECT count(*) FROM profiles p WHERE last_seen > (SELECT max(o.capture_time)"
                        + " FROM profile_observations o JOIN captures c USING (warc_file, warc_offset)"
                        + " WHERE c.record_type = 'response' AND o.user_id = p.user_id)");
                revisitObservations = count(s, "SELECT count(*) FROM profile_observations o JOIN captures c USING (warc_file, warc_offset)"
                        + " WHERE c.record_type = 'revisit'");
                revisitPosts = count(s, "SELECT count(*) FROM post_observations o JOIN captures c USING (warc_file, warc_offset)"
                        + " WHERE c.record_type = 'revisit'");
            }
            assertTrue(laterThanResponses > 0);

            // Posts deleted between the second and third pass: last seen present at a revisit of the second pass.
            int windows = 0;
            try (Connection c = io.lastlight.query.Dataset.open(dataset); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT d.item_id, d.last_seen_present, c.record_type FROM deletions d"
                         + " JOIN captures c ON c.warc_file = d.present_warc_file AND c.warc_offset = d.present_warc_offset"
                         + " WHERE d.item_type = 'post'")) {
                while (rs.next()) {
                    if (!deleted.contains(rs.getString(1))) continue;
                    Instant present = rs.getObject(2, java.time.OffsetDateTime.class).toInstant();
                    assertTrue(present.isAfter(secondStart), rs.getString(1) + " last seen present " + present + ", before the revisit pass");
                    assertEquals("revisit", rs.getString(3), rs.getString(1));
                    windows++;
                }
            }
            if (windows != deleted.size()) {
                StringBuilder dbg = new StringBuilder(windows + " of " + deleted.size() + " deleted posts reported; ");
                try (Connection c = io.lastlight.query.Dataset.open(dataset); Statement s = c.createStatement()) {
                    for (String q : List.of("SELECT concat_ws(':', item_type, reason, n) FROM (SELECT item_type, reason, count(*) n FROM deletions GROUP BY ALL)",
                            "SELECT concat_ws(':', item_kind, record_type, parse_status, n) FROM (SELECT item_kind, record_type, parse_status, count(*) n FROM captures GROUP BY ALL)",
                            "SELECT 'deletedflag:' || count(*) FROM post_observations WHERE deleted",
                            "SELECT concat_ws(':', 'tomb', item_type, reason, n) FROM (SELECT item_type, reason, count(*) n FROM tombstones GROUP BY ALL)")) {
                        try (ResultSet rs = s.executeQuery(q)) {
                            while (rs.next()) dbg.append(rs.getString(1)).append("; ");
                        }
                    }
                }
                throw new AssertionError(dbg.toString());
            }

            int followed = EndToEndTest.assertEveryRowPointsAtItsId(dataset, all);
            assertTrue(followed > 0, "no row came from a revisit");

            // Evidence on a revisit row shows the revisit and the original, and extracts the original's body.
            String name = latestProfile.keySet().stream().filter(latestIsRevisit::get).sorted().findFirst().orElseThrow();
            ResultTable ev = io.lastlight.evidence.EvidenceCommand.find(dataset, name, null);
            int revisitRows = 0;
            for (int i = 0; i < ev.rows().size(); i++) {
                if (!"revisit".equals(ev.value(i, "record_type"))) continue;
                revisitRows++;
                assertTrue(ev.value(i, "original_warc_file") != null, "evidence row " + i + " lacks the original");
                Path dir = tmp.resolve("evidence");
                Files.createDirectories(dir);
                Path raw = io.lastlight.evidence.EvidenceCommand.extract(all, ev, i, dir, "r" + i);
                assertTrue(Files.readString(raw, java.nio.charset.StandardCharsets.ISO_8859_1).startsWith("HTTP/1.1 200"));
                assertTrue(Files.readString(dir.resolve("r" + i + ".body")).toLowerCase(java.util.Locale.ROOT).contains(name));
                assertTrue(Files.exists(dir.resolve("r" + i + ".original.http")));
            }
            assertTrue(revisitRows > 0);
            // and on a deleted post: its captures include the revisit that last showed it, with the original
            ResultTable post = io.lastlight.evidence.EvidenceCommand.find(dataset, null, deleted.get(0));
            boolean revisitShown = false, gone = false;
            for (int i = 0; i < post.rows().size(); i++) {
                revisitShown |= "revisit".equals(post.value(i, "record_type")) && post.value(i, "original_warc_file") != null;
                gone |= "deleted-flag".equals(post.value(i, "kind"));
            }
            assertTrue(revisitShown && gone, "evidence of deleted post " + deleted.get(0) + ": " + post.rows());

            // Rebuild: identical rows; a re-run with unchanged inputs redoes nothing.
            Path again = tmp.resolve("again");
            new DatasetBuilder(Clock.systemUTC(), "parler", s -> { }, 1).build(all, again, false);
            for (String t : List.of("captures", "profile_observations", "post_observations", "profiles", "profile_history", "posts", "deletions")) {
                assertEquals(digest(dataset, t), digest(again, t), t);
            }
            List<String> rerun = new ArrayList<>();
            new DatasetBuilder(Clock.systemUTC(), "parler", rerun::add).build(all, dataset, false);
            assertFalse(rerun.stream().anyMatch(l -> l.startsWith("resolved ") || l.contains(" extracting ")), String.join("\n", rerun));
            assertEquals(digest(again, "profile_history"), digest(dataset, "profile_history"));
            System.out.printf("revisit build: %d reachable users, %d+%d revisit records; rows recovered: %,d profile and %,d post"
                            + " observations; %d profiles last seen later than any response shows (%d exactly at their profile revisit);"
                            + " %d deleted posts last seen present at a revisit%n",
                    truth.reachableUsers(), second.stats().revisits.get(), third.stats().revisits.get(), revisitObservations,
                    revisitPosts, laterThanResponses, lastSeenAtRevisit, windows);
            log.forEach(l -> { if (l.startsWith("revisits:") || l.startsWith("resolved")) System.out.println(l); });
        }
    }

    private static CrawlSummary crawl(SimServer server, GroundTruth truth, Path out, CrawlMode mode, Clock clock) throws Exception {
        return CrawlSession.run(EndToEndTest.config(server, truth, out, 2000), mode, CrawlEnvironment.system(clock),
                new Progress(new PrintStream(new ByteArrayOutputStream()), false, true));
    }

    private static long count(Statement s, String sql) throws Exception {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static String digest(Path ds, String table) throws Exception {
        try (Connection c = io.lastlight.query.Dataset.open(ds); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*), bit_xor(hash(t)) FROM " + table + " t")) {
            rs.next();
            return rs.getLong(1) + ":" + rs.getString(2);
        }
    }
}
