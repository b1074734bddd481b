package io.lastlight.e2e;

import io.lastlight.build.DatasetBuilder;
import io.lastlight.crawl.CrawlSession;
import io.lastlight.platform.IdSpace;
import io.lastlight.crawl.Progress;
import io.lastlight.simulate.GroundTruth;
import io.lastlight.simulate.SimConfig;
import io.lastlight.simulate.SimServer;

import io.lastlight.fetch.FetchConfig;
import io.lastlight.fetch.FetchResult;
import io.lastlight.fetch.Fetcher;
import io.lastlight.query.Dataset;
import io.lastlight.warc.CaptureRecord;
import io.lastlight.warc.WarcSink;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Map;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * One demo-sized dataset shared by the answer tests (queries, estimates, report, notebooks): a 3,000-account
 * world crawled completely at a high rate with 400 id probes over 1..(max id × 1.25), then crawled again two
 * world-days later (posts deleted, accounts banned in between), built into one dataset. Built once per JVM.
 */
public final class AnswersWorld {
    public static final int USERS = 3000;
    public static final int PROBES = 400;
    private static AnswersWorld instance;

    public final GroundTruth truth;
    public final Instant t0 = Instant.parse("2021-01-09T00:00:00Z");
    public final Instant t1 = t0.plus(Duration.ofDays(2));
    public final IdSpace.Range range;
    public final Path root;
    public final Path dataset;
    /** Posts looked up again because the second crawl no longer listed them. */
    public final int revisited;

    private AnswersWorld() throws Exception {
        String keep = System.getProperty("lastlight.answersWorld.dir"); // set it to keep the dataset for a look afterwards
        if (keep != null) {
            root = Path.of(keep);
            if (Files.exists(root)) delete(root);
            Files.createDirectories(root);
        } else {
            root = Files.createTempDirectory("lastlight-answers");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(root)));
        }
        DeletionsTest.MovableClock clock = new DeletionsTest.MovableClock(t0);
        try (SimServer server = SimServer.start(SimConfig.builder().users(USERS).seed(5).meanPosts(4).clock(clock).build())) {
            truth = server.truth();
            long max = truth.world().maxUserNumber();
            range = new IdSpace.Range(1, max + max / 4);
            Path first = root.resolve("crawl-1"), second = root.resolve("crawl-2");
            CrawlSession.run(EndToEndTest.config(server, truth, first, 5000), false, false, Clock.systemUTC(), quiet(),
                    io.lastlight.crawl.IdSampling.requests(io.lastlight.platform.Platforms.byName("parler"), server.baseUri(), "user", range, PROBES, 1));
            clock.now = t1;
            CrawlSession.run(EndToEndTest.config(server, truth, second, 5000), false, false, Clock.systemUTC(), quiet());
            Path all = Files.createDirectories(root.resolve("warc"));
            for (Path dir : List.of(first, second)) {
                try (Stream<Path> s = Files.list(dir.resolve("warc"))) {
                    for (Path w : (Iterable<Path>) s::iterator) Files.copy(w, all.resolve(dir.getFileName() + "-" + w.getFileName()));
                }
            }
            dataset = root.resolve("dataset");
            DatasetBuilder builder = new DatasetBuilder(Clock.systemUTC(), "parler", s -> { });
            builder.build(all, dataset, false);
            // A revisit, as an archivist would run it: look up every post the second crawl no longer listed.
            List<String> missing = new ArrayList<>();
            try (Connection c = Dataset.open(dataset); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
                    "SELECT post_id FROM posts WHERE last_seen < (SELECT min(capture_time) FROM captures WHERE warc_file LIKE 'crawl-2-%' AND record_type = 'response') ORDER BY post_id")) {
                while (rs.next()) missing.add(rs.getString(1));
            }
            try (Fetcher f = new Fetcher(new FetchConfig("lastlight-test", 4, Duration.ofSeconds(5), Duration.ofSeconds(5),
                    Duration.ofSeconds(10), 1 << 20), Clock.systemUTC());
                 WarcSink sink = new WarcSink(all, "crawl-3-revisit", 1L << 30, Clock.systemUTC(), Map.of("platform", List.of("parler")), null)) {
                for (String id : missing) {
                    URI uri = URI.create(server.baseUri() + "/v1/post?id=" + id);
                    FetchResult r = f.get(uri, List.of()).get();
                    sink.write(new CaptureRecord(uri, r.date(), "GET", r.requestHeaders(), r.status(), r.reason(),
                            r.headers(), r.body(), r.truncated(), Map.of()));
                }
            }
            revisited = missing.size();
            builder.build(all, dataset, false);
        }
    }

    public static synchronized AnswersWorld get() throws Exception {
        if (instance == null) instance = new AnswersWorld();
        return instance;
    }

    private static Progress quiet() {
        return new Progress(new PrintStream(new ByteArrayOutputStream()), false, true);
    }

    private static void delete(Path p) {
        try (Stream<Path> s = Files.walk(p)) {
            s.sorted(Comparator.reverseOrder()).forEach(x -> x.toFile().delete());
        } catch (IOException ignored) {
            // best effort at exit
        }
    }
}
