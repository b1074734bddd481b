package io.lastlight.e2e;

import io.lastlight.build.DatasetBuilder;
import io.lastlight.cli.Main;
import io.lastlight.crawl.CrawlConfig;
import io.lastlight.crawl.CrawlSettings;
import io.lastlight.crawl.CrawlSession;
import io.lastlight.crawl.CrawlSummary;
import io.lastlight.crawl.Crawler;
import io.lastlight.crawl.Progress;
import io.lastlight.frontier.Frontier;
import io.lastlight.simulate.GroundTruth;
import io.lastlight.simulate.SimConfig;
import io.lastlight.simulate.SimServer;
import io.lastlight.simulate.mastodon.MastodonApi;
import io.lastlight.simulate.world.World;
import io.lastlight.warc.JwarcValidate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.netpreserve.jwarc.WarcReader;
import org.netpreserve.jwarc.Warcinfo;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Mastodon adapter end to end: the simulator's Mastodon face ({@code /api/v1}) over the same world as
 * its Parler face → crawl with platform {@code mastodon} → build → the dataset holds every reachable
 * account, every post and every reply, with the simulator's Mastodon ids (strings, many above 2^53).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MastodonEndToEndTest {
    private static final Instant WORLD_TIME = Instant.parse("2021-01-09T00:00:00Z");

    @TempDir
    static Path tmp;

    SimServer server;
    GroundTruth truth;
    World world;
    CrawlSummary crawl;
    Path crawlDir;
    Path dataset;

    @BeforeAll
    void crawlAndBuild() throws Exception {
        server = SimServer.start(SimConfig.builder().users(1100).seed(7).clock(Clock.fixed(WORLD_TIME, ZoneOffset.UTC)).build());
        truth = server.truth();
        world = truth.world();
        crawlDir = tmp.resolve("crawl");
        crawl = CrawlSession.run(config(crawlDir), false, false, Clock.systemUTC(),
                new Progress(new PrintStream(new ByteArrayOutputStream()), false, true));
        dataset = tmp.resolve("dataset");
        new DatasetBuilder(Clock.systemUTC(), "parler", s -> { }).build(crawlDir, dataset, false);
    }

    private CrawlConfig config(Path out) {
        CrawlSettings settings = CrawlSettings.of("mastodon", server.baseUri(), truth.seedUsers(), out);
        settings.rate = 1000;
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
        settings.warcPrefix = "mastodon-test";
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
    void crawlCompletesValidatesAndNamesItsPlatformInWarcinfo() throws Exception {
        assertEquals(Crawler.Outcome.COMPLETE, crawl.outcome());
        assertEquals(0, crawl.frontier().failed());
        List<Path> warcs = warcs(crawlDir);
        assertFalse(warcs.isEmpty());
        JwarcValidate.Result v = JwarcValidate.validate(warcs);
        assertTrue(v.ok(), v.output());
        assertEquals("mastodon", warcinfoPlatform(warcs.get(0)));
    }

    /**
     * The truth's reachable accounts (follow lists and reblogged authors) plus what replies add: an account
     * that commented on a captured post is met in its context. Breadth-first over the world, as the truth
     * does, with that one more route; suspended accounts are reached but lead nowhere.
     */
    private BitSet reachableWithReplies() {
        return reachableWithReplies(truth);
    }

    /** Breadth-first over the world as a crawl with full access sees it: follow lists, reblogs and replies. */
    static BitSet reachableWithReplies(GroundTruth truth) {
        World world = truth.world();
        int n = world.users();
        BitSet seen = new BitSet(n);
        ArrayDeque<Integer> queue = new ArrayDeque<>();
        for (int i = 0; i < n; i++) {
            if (truth.reachable(i)) {
                seen.set(i);
                queue.add(i);
            }
        }
        while (!queue.isEmpty()) {
            int u = queue.poll();
            if (world.banned(u, WORLD_TIME)) continue;
            List<Integer> next = new ArrayList<>();
            for (int v : world.following(u)) next.add(v);
            for (int v : world.followers(u, 0, (int) world.followersCount(u))) next.add(v);
            for (long p = world.firstPostOf(u); p < world.firstPostOf(u) + world.postsOf(u); p++) {
                if (!world.listed(p, WORLD_TIME)) continue;
                for (long ref : world.parentAndRoot(p)) if (ref >= 0) next.add(world.creatorOf(ref));
                long first = world.firstCommentOn(p), c = Math.min(world.commentsOnCount(p), 4096);
                for (long k = first; k < first + c; k++) next.add(world.comment(k).creator());
            }
            for (int v : next) {
                if (!seen.get(v)) {
                    seen.set(v);
                    queue.add(v);
                }
            }
        }
        return seen;
    }

    @Test
    void everyReachableAccountIsCapturedUnderItsMastodonId() throws Exception {
        Set<String> truthIds = new HashSet<>();
        for (String hex : truth.reachableUserIds()) truthIds.add(MastodonApi.accountId(world, world.userIndexOfId(hex)));
        BitSet all = reachableWithReplies();
        Set<String> expected = new HashSet<>();
        for (int i = all.nextSetBit(0); i >= 0; i = all.nextSetBit(i + 1)) expected.add(MastodonApi.accountId(world, i));
        Set<String> captured = column("SELECT user_id FROM profiles");
        assertTrue(captured.containsAll(truthIds), "every account the truth counts as reachable");
        assertEquals(expected, captured, "and exactly those plus the ones met only through replies");
        // Every one from its own account page, not only embedded in lists.
        assertEquals(expected, column("SELECT user_id FROM profile_observations WHERE source = 'profile'"));
        BigInteger twoTo53 = BigInteger.ONE.shiftLeft(53);
        assertTrue(captured.stream().filter(id -> new BigInteger(id).compareTo(twoTo53) > 0).count() > 20,
                "account ids above 2^53 survive as strings");
    }

    @Test
    void everyPostOfEveryCapturedAccountIsCapturedWithEveryReply() throws Exception {
        Set<String> expected = new HashSet<>();
        Set<String> expectedReplies = new HashSet<>();
        BitSet accounts = reachableWithReplies();
        for (int u = accounts.nextSetBit(0); u >= 0; u = accounts.nextSetBit(u + 1)) {
            if (world.banned(u, WORLD_TIME)) continue;
            for (long p = world.firstPostOf(u); p < world.firstPostOf(u) + world.postsOf(u); p++) {
                if (!world.listed(p, WORLD_TIME)) continue;
                expected.add(MastodonApi.statusId(world, p));
                long first = world.firstCommentOn(p), n = Math.min(world.commentsOnCount(p), 4096);
                for (long c = first; c < first + n; c++) {
                    expectedReplies.add(Long.toString(MastodonApi.COMMENT_BASE + world.comment(c).number()));
                }
            }
        }
        Set<String> truthPosts = new HashSet<>();
        for (String hex : truth.reachablePostIds()) truthPosts.add(MastodonApi.statusId(world, world.postIndexOfId(hex)));
        assertTrue(expected.containsAll(truthPosts));
        assertTrue(expected.size() > 1000 && expectedReplies.size() > 100, expected.size() + " posts, " + expectedReplies.size() + " replies");
        // Reblogged originals are observed inside the reblog even where their own author's list does not show
        // them (deleted since, or a suspended author): the only posts beyond the expected ones.
        Set<String> nonReplies = column("SELECT post_id FROM posts WHERE NOT is_reply");
        Set<String> reblogged = column("SELECT parent_id FROM posts WHERE is_repost");
        Set<String> extra = new HashSet<>(nonReplies);
        extra.removeAll(expected);
        assertTrue(reblogged.containsAll(extra), "unexplained posts: " + first(extra));
        Set<String> missing = new HashSet<>(expected);
        missing.removeAll(nonReplies);
        assertEquals(Set.of(), missing);
        assertEquals(expectedReplies, column("SELECT post_id FROM posts WHERE is_reply"));
        assertEquals(0, count("SELECT count(*) FROM posts WHERE is_repost AND parent_id IS NULL"));
        assertEquals(0, count("SELECT count(*) FROM posts WHERE created_at IS NULL OR author_id IS NULL"));
    }

    @Test
    void followListsArePagedByTheLinkHeaderToTheEnd() throws Exception {
        int top = world.indexOfRank(0);
        String id = MastodonApi.accountId(world, top);
        long followers = world.followersCount(top);
        assertTrue(followers > 80, "several pages");
        Set<String> expected = new HashSet<>();
        for (int f : world.followers(top, 0, (int) followers)) expected.add(MastodonApi.accountId(world, f));
        assertEquals(expected, column("SELECT follower_id FROM follows WHERE source = 'followers' AND followee_id = '" + id + "'"));
        Set<String> following = new HashSet<>();
        for (int f : world.following(top)) following.add(MastodonApi.accountId(world, f));
        assertEquals(following, column("SELECT followee_id FROM follows WHERE source = 'following' AND follower_id = '" + id + "'"));
    }

    @Test
    void eachItemIsFetchedOnceAndEveryCaptureParses() throws Exception {
        assertEquals(0, count("SELECT count(*) - count(DISTINCT target_uri) FROM captures WHERE record_type = 'response'"));
        // Accounts by id once each, plus the seeds' lookups by name.
        assertEquals(reachableWithReplies().cardinality(),
                count("SELECT count(*) FROM captures WHERE item_kind = 'profile' AND target_uri NOT LIKE '%/lookup?%'"));
        assertEquals(truth.seedUsers().size(), count("SELECT count(*) FROM captures WHERE record_type = 'response' AND target_uri LIKE '%/accounts/lookup?acct=%'"));
        assertEquals(0, count("SELECT count(*) FROM captures WHERE parse_status NOT IN ('ok', 'not-content', 'not-capture')"));
        assertEquals(0, count("SELECT count(*) FROM captures WHERE item_kind = 'other'"));
        assertEquals(1, count("SELECT count(*) FROM captures WHERE item_kind = 'instance' AND http_status = 200 AND parse_status = 'ok'"));
        assertEquals(1, count("SELECT count(*) FROM captures WHERE item_kind = 'timeline' AND http_status = 200"));
        // The server's own claim is kept beside what the capture shows.
        assertEquals(truth.users(), count("SELECT value FROM platform_stats WHERE metric = 'user_count'"));
        assertTrue(count("SELECT count(*) FROM captures WHERE item_kind = 'context' AND rows_extracted > 0") > 50);
    }

    @Test
    void profilesCarryDayPrecisionSignupsSuspensionsAndExactCounts() throws Exception {
        assertEquals(0, count("SELECT count(*) FROM profiles WHERE joined_precision <> 'day' OR joined_at IS NULL"));
        assertEquals(0, count("SELECT count(*) FROM profiles WHERE followers_low <> followers_high"));
        Set<String> banned = new HashSet<>();
        BitSet reached = reachableWithReplies();
        for (GroundTruth.Event e : truth.bannedUsers()) {
            int i = world.userIndexOfId(e.id());
            if (!e.at().isAfter(WORLD_TIME) && reached.get(i)) banned.add(MastodonApi.accountId(world, i));
        }
        assertEquals(banned, column("SELECT user_id FROM profiles WHERE banned"));
        for (GroundTruth.Follower f : truth.topFollowers()) {
            assertEquals(f.followers(), count("SELECT followers_count FROM profiles WHERE username = '" + f.username() + "'"), f.username());
        }
    }

    @Test
    void theCommandLineCrawlsAMastodonServerWithNoConfigFile() throws Exception {
        try (SimServer small = SimServer.start(SimConfig.builder().users(60).seed(3).clock(Clock.fixed(WORLD_TIME, ZoneOffset.UTC)).build())) {
            GroundTruth t = small.truth();
            Path out = tmp.resolve("cli-crawl");
            List<String> args = new ArrayList<>(List.of("crawl", "--platform", "mastodon", "--base", small.baseUri().toString(),
                    "--out", out.toString(), "--rate", "0", "--quiet"));
            for (String s : t.seedUsers()) args.addAll(List.of("--seed-user", s));
            PrintStream oldErr = System.err;
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int code;
            try {
                System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
                code = Main.run(args.toArray(String[]::new));
            } finally {
                System.setErr(oldErr);
            }
            assertEquals(0, code, err.toString(StandardCharsets.UTF_8));
            assertEquals("mastodon", warcinfoPlatform(warcs(out).get(0)));
            Path ds = tmp.resolve("cli-dataset");
            new DatasetBuilder(Clock.systemUTC(), "parler", s -> { }).build(out, ds, false);
            Set<String> captured = new HashSet<>();
            try (Connection c = io.lastlight.query.Dataset.open(ds); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT user_id FROM profiles WHERE platform = 'mastodon'")) {
                while (rs.next()) captured.add(rs.getString(1));
            }
            for (String hex : t.reachableUserIds()) {
                String id = MastodonApi.accountId(t.world(), t.world().userIndexOfId(hex));
                assertTrue(captured.contains(id), "account " + id + " missing");
            }
        }
    }

    private static List<Path> warcs(Path crawl) throws Exception {
        try (Stream<Path> s = Files.list(crawl.resolve("warc"))) {
            return s.filter(p -> p.toString().endsWith(".warc.gz")).sorted().toList();
        }
    }

    private static String warcinfoPlatform(Path warc) throws Exception {
        try (WarcReader r = new WarcReader(warc)) {
            Warcinfo info = (Warcinfo) r.next().orElseThrow();
            return info.fields().first("platform").orElse(null);
        }
    }

    private static String first(Set<String> s) {
        return s.stream().sorted().limit(5).toList().toString();
    }

    private long count(String sql) throws Exception {
        try (Connection c = io.lastlight.query.Dataset.open(dataset); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
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
