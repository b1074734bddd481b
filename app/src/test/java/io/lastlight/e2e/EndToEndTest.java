package io.lastlight.e2e;

import io.lastlight.build.DatasetBuilder;
import io.lastlight.crawl.CrawlConfig;
import io.lastlight.crawl.CrawlSettings;
import io.lastlight.crawl.CrawlSession;
import io.lastlight.crawl.CrawlSummary;
import io.lastlight.crawl.Crawler;
import io.lastlight.crawl.Progress;
import io.lastlight.derive.DuckDb;
import io.lastlight.frontier.Frontier;
import io.lastlight.query.QueryCommand;
import io.lastlight.query.ResultTable;
import io.lastlight.schema.DatasetSchema;
import io.lastlight.schema.FieldSchema;
import io.lastlight.schema.TableSchema;
import io.lastlight.simulate.GroundTruth;
import io.lastlight.simulate.SimConfig;
import io.lastlight.simulate.SimServer;
import io.lastlight.warc.JwarcValidate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The walking skeleton end to end: simulate → crawl → build → query on a small world, asserting the
 * dataset equals the simulator's ground truth.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public class EndToEndTest {
    @TempDir
    static Path tmp;

    SimServer server;
    GroundTruth truth;
    CrawlSummary crawl;
    Path crawlDir;
    Path dataset;

    @BeforeAll
    void crawlAndBuild() throws Exception {
        server = SimServer.start(SimConfig.builder().users(300).seed(7).clock(Clock.fixed(java.time.Instant.parse("2021-01-09T00:00:00Z"), java.time.ZoneOffset.UTC)).build());
        truth = server.truth();
        crawlDir = tmp.resolve("crawl");
        CrawlConfig cfg = config(server, truth, crawlDir, 1000);
        crawl = CrawlSession.run(cfg, false, false, Clock.systemUTC(), new Progress(new PrintStream(new ByteArrayOutputStream()), false, true));
        dataset = tmp.resolve("dataset");
        new DatasetBuilder(Clock.systemUTC(), "parler", s -> { }).build(crawlDir, dataset, false);
    }

    public static CrawlConfig config(SimServer server, GroundTruth truth, Path out, double rate) {
        CrawlSettings settings = CrawlSettings.of("parler", server.baseUri(), truth.seedUsers(), out);
        settings.rate = rate;
        settings.burst = 10;
        settings.concurrency = 8;
        settings.maxAttempts = 6;
        settings.backoffBaseS = 0.05;
        settings.backoffMaxS = 2;
        settings.retryAfterMaxS = 5;
        settings.operator = "test";
        settings.connectTimeoutS = 5;
        settings.responseTimeoutS = 10;
        settings.totalTimeoutS = 30;
        settings.warcPrefix = "parler-test";
        settings.schedule = "tiered";
        settings.darkAfterFailures = 30;
        settings.maxBlockedInARow = 20;
        settings.statsIntervalS = 60;
        settings.seed = 1;
        settings.comments = false;
        return settings.toConfig();
    }

    @AfterAll
    void stop() {
        if (server != null) server.close();
    }

    @Test
    void crawlCompletesAndEveryWarcFileValidatesWithJwarc() throws Exception {
        assertEquals(Crawler.Outcome.COMPLETE, crawl.outcome());
        assertEquals(0, crawl.frontier().failed());
        List<Path> warcs;
        try (Stream<Path> s = Files.list(crawlDir.resolve("warc"))) {
            warcs = s.filter(p -> p.toString().endsWith(".warc.gz")).sorted().toList();
        }
        assertTrue(!warcs.isEmpty());
        JwarcValidate.Result v = JwarcValidate.validate(warcs);
        assertTrue(v.ok(), v.output());
    }

    @Test
    void everyReachableUserAndEveryPostIsCaptured() throws Exception {
        Set<String> users = column("SELECT user_id FROM profiles");
        assertEquals(truth.reachableUsers(), users.size());
        assertEquals(new HashSet<>(truth.reachableUserIds()), users);
        Set<String> all = column("SELECT post_id FROM posts");
        Set<String> posts = EchoedOriginals.listed(truth.reachablePostIds(), all, column(EchoedOriginals.SQL));
        assertEquals(truth.reachablePosts(), posts.size());
        assertEquals(new HashSet<>(truth.reachablePostIds()), posts);
        assertTrue(all.size() > posts.size(), "deleted originals the echoes point to are rows too (postRefs[])");
    }

    @Test
    void followerCountsMatchTheTruthWithinTheDisplayedInterval() throws Exception {
        Map<String, long[]> byName = new HashMap<>();
        try (Connection c = io.lastlight.query.Dataset.open(dataset); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT username, followers_low, followers_high FROM profiles")) {
            while (rs.next()) byName.put(rs.getString(1), new long[] {rs.getLong(2), rs.getLong(3)});
        }
        for (GroundTruth.Follower f : truth.top100Followers()) {
            long[] iv = byName.get(f.username());
            assertTrue(iv != null, f.username() + " not captured");
            assertTrue(iv[0] <= f.followers() && f.followers() <= iv[1],
                    f.username() + ": truth " + f.followers() + " not in [" + iv[0] + ", " + iv[1] + "]");
        }
        ResultTable top = QueryCommand.run(dataset, "top-followers", null, 10, Map.of());
        List<String> captured = new ArrayList<>();
        for (int i = 0; i < top.rows().size(); i++) captured.add((String) top.value(i, "username"));
        List<String> expected = truth.topFollowers().stream().map(GroundTruth.Follower::username).toList();
        assertEquals(expected.size(), captured.size());
        // Rounded displays can tie where true counts differ; compare as sets, and exactly where counts are exact.
        assertEquals(new HashSet<>(expected), new HashSet<>(captured));
    }

    @Test
    void everyRowPointsAtAWarcRecordThatHoldsItsId() throws Exception {
        assertEveryRowPointsAtItsId(dataset, crawlDir.resolve("warc"));
    }

    /** Every profile and post row leads to a WARC record whose payload (a revisit's: its original's) holds its id. */
    public static int assertEveryRowPointsAtItsId(Path dataset, Path warcDir) throws Exception {
        WarcPointers pointers = new WarcPointers(warcDir);
        for (String sql : List.of("SELECT user_id, warc_file, warc_offset, warc_record_id FROM profiles",
                "SELECT post_id, warc_file, warc_offset, warc_record_id FROM posts",
                "SELECT user_id, warc_file, warc_offset, warc_record_id FROM profile_history")) {
            try (Connection c = io.lastlight.query.Dataset.open(dataset); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery(sql)) {
                int n = 0;
                while (rs.next()) {
                    pointers.assertHolds(rs.getString(2), rs.getLong(3), rs.getString(4), rs.getString(1));
                    n++;
                }
                assertTrue(n > 0);
            }
        }
        return pointers.revisitsFollowed;
    }

    @Test
    void everyParquetFileMatchesTheSchemaContract() throws Exception {
        DatasetSchema schema = DatasetSchema.bundled();
        try (Connection c = DuckDb.inMemory(); Statement s = c.createStatement()) {
            for (TableSchema t : schema.tables()) {
                if (t.kind().equals("annotation")) continue; // written by 'lastlight label import', not by the build
                List<Path> files;
                try (Stream<Path> st = Files.list(dataset.resolve(t.name()))) {
                    files = st.filter(p -> p.toString().endsWith(".parquet")).toList();
                }
                assertTrue(!files.isEmpty(), t.name());
                for (Path f : files) {
                    List<String> names = new ArrayList<>();
                    List<String> types = new ArrayList<>();
                    try (ResultSet rs = s.executeQuery("DESCRIBE SELECT * FROM read_parquet('" + f.toAbsolutePath() + "')")) {
                        while (rs.next()) {
                            names.add(rs.getString(1));
                            types.add(rs.getString(2));
                        }
                    }
                    assertEquals(t.fieldNames(), names, f.toString());
                    for (int i = 0; i < t.fields().size(); i++) {
                        FieldSchema fs = t.fields().get(i);
                        assertEquals(fs.type().duckDbType(), types.get(i), f + " " + fs.name());
                    }
                    try (ResultSet rs = s.executeQuery("SELECT value FROM parquet_kv_metadata('" + f.toAbsolutePath()
                            + "') WHERE decode(key) = 'lastlight.schema_version'")) {
                        assertTrue(rs.next(), f + " lacks the schema version");
                        assertEquals(schema.version(), new String(rs.getBytes(1), StandardCharsets.UTF_8));
                    }
                }
            }
        }
    }

    @Test
    void rebuildingFromTheSameWarcsGivesIdenticalRows() throws Exception {
        Path again = tmp.resolve("dataset-again");
        new DatasetBuilder(Clock.systemUTC(), "parler", s -> { }).build(crawlDir, again, false);
        for (String table : List.of("profiles", "posts", "captures", "follows", "post_observations")) {
            assertEquals(digest(dataset, table), digest(again, table), table);
        }
    }

    @Test
    void theDatasetFolderCanBeMovedAndOpenedFromAnywhere() throws Exception {
        Path moved = tmp.resolve("elsewhere").resolve("ds");
        Files.createDirectories(moved.getParent());
        copyTree(dataset, moved);
        try (Connection c = DuckDb.open(moved.resolve("lastlight.duckdb"), true); Statement s = c.createStatement()) {
            DuckDb.searchPath(c, moved);
            try (ResultSet rs = s.executeQuery("SELECT count(*) FROM profiles")) {
                rs.next();
                assertEquals(truth.reachableUsers(), rs.getLong(1));
            }
        }
    }

    @Test
    void plainDuckDbOpensTheDatabaseFromInsideTheDatasetFolder() throws Exception {
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), CountProfiles.class.getName(), "lastlight.duckdb")
                .directory(dataset.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertEquals(0, p.waitFor(), out);
        assertEquals(Long.toString(truth.reachableUsers()), out.lines().reduce((a, b) -> b).orElse(""));
    }

    @Test
    void evidenceLeadsFromATopAccountToItsOriginalBytes() throws Exception {
        String name = truth.topFollowers().get(0).username();
        ResultTable rows = io.lastlight.evidence.EvidenceCommand.find(dataset, name.toUpperCase(java.util.Locale.ROOT), null);
        assertTrue(!rows.rows().isEmpty());
        assertTrue(((String) rows.value(0, "replay")).matches("\\d{14}/http://127\\.0\\.0\\.1:\\d+/.*"), (String) rows.value(0, "replay"));
        Path out = tmp.resolve("evidence");
        Files.createDirectories(out);
        for (int i = 0; i < rows.rows().size(); i++) {
            Path raw = io.lastlight.evidence.EvidenceCommand.extract(crawlDir.resolve("warc").resolve((String) rows.value(i, "warc_file")),
                    ((Number) rows.value(i, "warc_offset")).longValue(), out, "r" + i);
            String http = Files.readString(raw, StandardCharsets.ISO_8859_1);
            assertTrue(http.startsWith("HTTP/1.1 200"), http.substring(0, Math.min(40, http.length())));
            assertTrue(Files.readString(out.resolve("r" + i + ".body")).contains(name));
        }
        io.lastlight.cli.MainTest.Run r = io.lastlight.cli.MainTest.run("evidence", "--dataset", dataset.toString(), "--post", "nope");
        assertEquals(io.lastlight.evidence.EvidenceCommand.EXIT_NOT_FOUND, r.code(), "none found is not success");
        assertTrue(r.err().contains("no captures") && r.out().isEmpty(), r.err() + r.out());
    }

    private static void copyTree(Path from, Path to) throws Exception {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) Files.createDirectories(target);
                else Files.copy(p, target);
            }
        }
    }

    private String digest(Path ds, String table) throws Exception {
        try (Connection c = io.lastlight.query.Dataset.open(ds); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*), bit_xor(hash(t)) FROM " + table + " t")) {
            rs.next();
            return rs.getLong(1) + ":" + rs.getString(2);
        }
    }

    private Set<String> column(String sql) throws Exception {
        Set<String> out = new HashSet<>();
        try (Connection c = io.lastlight.query.Dataset.open(dataset); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) out.add(rs.getString(1));
        }
        return out;
    }
}
