package io.lastlight.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lastlight.build.DatasetBuilder;
import io.lastlight.crawl.CrawlConfig;
import io.lastlight.crawl.CrawlSettings;
import io.lastlight.crawl.CrawlEnvironment;
import io.lastlight.crawl.CrawlLog;
import io.lastlight.crawl.CrawlMode;
import io.lastlight.crawl.CrawlSession;
import io.lastlight.crawl.CrawlSummary;
import io.lastlight.crawl.Crawler;
import io.lastlight.crawl.Progress;
import io.lastlight.frontier.Frontier;
import io.lastlight.simulate.GroundTruth;
import io.lastlight.simulate.SimConfig;
import io.lastlight.simulate.SimServer;
import io.lastlight.simulate.mastodon.DialectTruth;
import io.lastlight.simulate.mastodon.MastodonApi;
import io.lastlight.simulate.world.World;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
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
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Gab and Truth Social, end to end: the simulator's Mastodon face playing each dialect → crawl with platform
 * {@code mastodon} and {@code --dialect auto} → build → the dialect is detected and recorded, and the dataset
 * holds exactly what the ground truth says a crawl can reach: on Gab without a token the 8-status windows only,
 * with the accounts reported as truncated by platform policy (no retries, no slowdown, no expired login); on
 * Gab with a token and on Truth Social everything, replies included.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MastodonDialectsEndToEndTest {
    private static final Instant WORLD_TIME = Instant.parse("2021-01-09T00:00:00Z");
    private static final String TOKEN = "sim-token-for-tests";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path tmp;

    /** One crawl of one simulated server, built into a dataset. */
    record Run(SimServer server, GroundTruth truth, List<String> seeds, CrawlSummary crawl, Path dir, Path dataset, String log) {}

    Run gabAnonymous, gabToken, truth;

    @BeforeAll
    void crawlAndBuild() throws Exception {
        // Without a token a crawl reaches little beyond its seeds: start from the 20 most followed accounts too.
        gabAnonymous = run("gab-anon", SimConfig.builder().dialect("gab").token(TOKEN), false, 20);
        gabToken = run("gab-token", SimConfig.builder().dialect("gab").token(TOKEN), true, 0);
        // Truth Social with the server's rate limit on and its quota headers sent: the crawl should stay under it.
        truth = run("truth", SimConfig.builder().dialect("truthsocial").rate(400).burst(40), false, 0);
    }

    private Run run(String name, SimConfig.Builder sim, boolean withToken, int topSeeds) throws Exception {
        SimServer server = SimServer.start(sim.users(500).seed(7).clock(Clock.fixed(WORLD_TIME, ZoneOffset.UTC)).build());
        GroundTruth t = server.truth();
        List<String> seeds = new ArrayList<>(t.seedUsers());
        for (GroundTruth.Follower f : t.top100Followers()) {
            if (seeds.size() - t.seedUsers().size() >= topSeeds) break;
            if (!seeds.contains(f.username())) seeds.add(f.username());
        }
        Path dir = tmp.resolve(name);
        CrawlSettings settings = CrawlSettings.of("mastodon", server.baseUri(), seeds, dir);
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
        settings.warcPrefix = "mastodon-" + name;
        settings.darkAfterFailures = 30;
        settings.maxBlockedInARow = 20;
        settings.statsIntervalS = 60;
        settings.seed = 1;
        settings.comments = false;
        settings.dialect = "auto";
        CrawlConfig cfg = settings.toConfig();
        CrawlEnvironment env = CrawlEnvironment.system(Clock.systemUTC());
        if (withToken) {
            cfg = cfg.withTokenEnv("SIM_TOKEN");
            env = env.withEnv(Map.of("SIM_TOKEN", TOKEN)::get);
        }
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        CrawlSummary s;
        try {
            CrawlLog.redirect(new PrintStream(log, true, StandardCharsets.UTF_8));
            s = CrawlSession.run(cfg, new CrawlMode(false, false, false), env,
                    new Progress(new PrintStream(new ByteArrayOutputStream()), false, true), List.of());
        } finally {
            CrawlLog.redirect(System.err);
        }
        Path ds = tmp.resolve(name + "-dataset");
        new DatasetBuilder(Clock.systemUTC(), "parler", x -> { }).build(dir, ds, false);
        return new Run(server, t, seeds, s, dir, ds, log.toString(StandardCharsets.UTF_8));
    }

    @AfterAll
    void stop() {
        for (Run r : new Run[] {gabAnonymous, gabToken, truth}) if (r != null) r.server().close();
    }

    @Test
    void eachCrawlDetectsItsDialectAndRecordsIt() throws Exception {
        for (Run r : List.of(gabAnonymous, gabToken)) {
            assertEquals(Crawler.Outcome.COMPLETE, r.crawl().outcome());
            assertEquals(Set.of("gab"), column(r, "SELECT detail FROM platform_stats WHERE metric = 'software'"));
            assertEquals(Set.of("gab"), column(r, "SELECT DISTINCT platform_software FROM profiles"));
            // Gab has no accounts/lookup: every seed is found through account_by_username.
            assertEquals(r.seeds().size(),
                    count(r, "SELECT count(*) FROM captures WHERE target_uri LIKE '%/account_by_username/%' AND http_status = 200"));
        }
        assertEquals(Crawler.Outcome.COMPLETE, truth.crawl().outcome());
        assertEquals(Set.of("truthsocial"), column(truth, "SELECT DISTINCT platform_software FROM profiles"));
        assertEquals(Set.of("3.4.1 (compatible; TruthSocial 1.0.0)"),
                column(truth, "SELECT detail FROM platform_stats WHERE metric = 'software_version'"));
    }

    @Test
    void gabWithoutATokenCapturesTheWindowsExactlyAndReportsThePolicy() throws Exception {
        World w = gabAnonymous.truth().world();
        DialectTruth reach = DialectTruth.anonymousGab(w, WORLD_TIME, gabAnonymous.seeds());
        assertTrue(reach.truncatedAccounts().size() > 10 && reach.statuses().size() > 50, reach.fetchedAccounts().size()
                + " accounts, " + reach.statuses().size() + " statuses");
        assertEquals(reach.statuses(), column(gabAnonymous, "SELECT post_id FROM posts"));
        assertEquals(reach.accounts(), column(gabAnonymous, "SELECT user_id FROM profiles"));
        assertEquals(reach.fetchedAccounts(), column(gabAnonymous, "SELECT user_id FROM profile_observations WHERE source = 'profile'"));
        // Refusals are the platform's policy: kept, not retried, not failed, never an expired login, no slowdown.
        CrawlSummary s = gabAnonymous.crawl();
        assertEquals(0, s.frontier().failed());
        assertEquals(0, s.stats().status429.get(), "policy 429s are not rate limits");
        assertEquals(0, s.stats().retries.get());
        assertEquals(0, count(gabAnonymous, "SELECT count(*) FROM captures WHERE http_status = 429 AND parse_status <> 'policy'"));
        assertTrue(count(gabAnonymous, "SELECT count(*) FROM captures WHERE http_status = 429 AND parse_status = 'policy'") > 0);
        assertEquals(0, count(gabAnonymous, "SELECT count(*) - count(DISTINCT target_uri) FROM captures WHERE record_type = 'response'"));
        JsonNode coverage = JSON.readTree(gabAnonymous.dir().resolve("coverage.json").toFile());
        JsonNode policy = coverage.path("platform_policy");
        assertEquals("truncated by platform policy (needs a token)", policy.path("what").asText());
        assertEquals(reach.truncatedAccounts().size(), policy.path("accounts").asLong());
        assertTrue(policy.path("by_kind").path("posts").asLong() > 0 && policy.path("by_kind").path("followers").asLong() > 0);
        assertTrue(policy.path("how_to_lift").asText().contains("--token-env"));
        // The crawl says so once, naming the flag that lifts it.
        long said = gabAnonymous.log().lines().filter(l -> l.contains("\"event\":\"platform-policy\"")).count();
        assertEquals(1, said, gabAnonymous.log());
        assertTrue(gabAnonymous.log().contains("--token-env"));
        // The coverage query names the accounts the policy truncated.
        assertTrue(count(gabAnonymous, "SELECT count(*) FROM captures WHERE parse_status = 'policy'") > 0);
        // Gab's account flags are kept in extras.
        assertEquals(0, count(gabAnonymous, "SELECT count(*) FROM profiles WHERE extras IS NULL OR extras NOT LIKE '%\"is_pro\"%'"));
    }

    @Test
    void theCoverageQuerySaysWhichAccountsThePolicyTruncated() throws Exception {
        var q = io.lastlight.query.NamedQuery.load("coverage");
        long policyRows = 0;
        try (Connection c = io.lastlight.query.Dataset.open(gabAnonymous.dataset()); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery(q.sql().replace("$limit", "100000"))) {
            while (rs.next()) {
                if ("truncated by platform policy (needs a token)".equals(rs.getString("why"))) {
                    policyRows++;
                    assertTrue(rs.getLong("refused_by_policy") > 0);
                }
            }
        }
        assertTrue(policyRows > 0);
    }

    @Test
    void gabWithATokenAndTruthSocialCaptureEverythingWithReplies() throws Exception {
        for (Run r : List.of(gabToken, truth)) {
            World w = r.truth().world();
            BitSet accounts = MastodonEndToEndTest.reachableWithReplies(r.truth());
            Set<String> expectedAccounts = new HashSet<>();
            for (int i = accounts.nextSetBit(0); i >= 0; i = accounts.nextSetBit(i + 1)) expectedAccounts.add(MastodonApi.accountId(w, i));
            // The public timeline's page is observed too (its authors embedded), though it leads nowhere.
            int shown = 0;
            Set<String> timeline = new HashSet<>();
            for (long p = w.postCount() - 1; p >= 0 && shown < 40; p--) {
                if (!w.listed(p, WORLD_TIME)) continue;
                shown++;
                timeline.add(MastodonApi.statusId(w, p));
                expectedAccounts.add(MastodonApi.accountId(w, w.creatorOf(p)));
                long parent = w.post(p).parent();
                if (parent >= 0) expectedAccounts.add(MastodonApi.accountId(w, w.creatorOf(parent)));
            }
            assertEquals(expectedAccounts, column(r, "SELECT user_id FROM profiles"));
            Set<String> expected = new HashSet<>(), replies = new HashSet<>();
            for (int u = accounts.nextSetBit(0); u >= 0; u = accounts.nextSetBit(u + 1)) {
                if (w.banned(u, WORLD_TIME)) continue;
                for (long p = w.firstPostOf(u); p < w.firstPostOf(u) + w.postsOf(u); p++) {
                    if (!w.listed(p, WORLD_TIME)) continue;
                    expected.add(MastodonApi.statusId(w, p));
                    long first = w.firstCommentOn(p), n = Math.min(w.commentsOnCount(p), 4096);
                    for (long c = first; c < first + n; c++) replies.add(Long.toString(MastodonApi.COMMENT_BASE + w.comment(c).number()));
                }
            }
            Set<String> nonReplies = column(r, "SELECT post_id FROM posts WHERE NOT is_reply");
            Set<String> missing = new HashSet<>(expected);
            missing.removeAll(nonReplies);
            assertEquals(Set.of(), missing);
            Set<String> extra = new HashSet<>(nonReplies);
            extra.removeAll(expected);
            extra.removeAll(timeline);
            assertTrue(column(r, "SELECT parent_id FROM posts WHERE is_repost").containsAll(extra), "unexplained posts");
            assertEquals(replies, column(r, "SELECT post_id FROM posts WHERE is_reply"));
            assertEquals(0, count(r, "SELECT count(*) FROM captures WHERE parse_status NOT IN ('ok', 'not-content', 'not-capture')"));
            assertEquals(0, r.crawl().frontier().failed());
            assertFalse(JSON.readTree(r.dir().resolve("coverage.json").toFile()).has("platform_policy"));
        }
        // Truth Social: replies from /context/descendants, statuses paged by max_id without a Link header.
        assertTrue(count(truth, "SELECT count(*) FROM captures WHERE item_kind = 'descendants' AND rows_extracted > 0") > 20);
        assertEquals(0, count(truth, "SELECT count(*) FROM captures WHERE item_kind = 'context'"));
        assertTrue(count(truth, "SELECT count(*) FROM captures WHERE item_kind = 'posts' AND target_uri LIKE '%max_id=%'") > 0);
        CrawlSummary s = truth.crawl();
        assertTrue(s.stats().status429.get() * 100 < s.stats().requests.get(),
                s.stats().status429.get() + " 429s in " + s.stats().requests.get() + " requests");
    }

    @Test
    void theCommandLineCrawlsGabWithoutATokenAndExitsZeroNotThree() throws Exception {
        try (SimServer small = SimServer.start(SimConfig.builder().dialect("gab").token(TOKEN).users(80).seed(3)
                .clock(Clock.fixed(WORLD_TIME, ZoneOffset.UTC)).build())) {
            Path out = tmp.resolve("cli-gab");
            List<String> args = new ArrayList<>(List.of("crawl", "--platform", "mastodon", "--dialect", "gab", "--base",
                    small.baseUri().toString(), "--out", out.toString(), "--rate", "0", "--quiet"));
            for (GroundTruth.Follower f : small.truth().top100Followers().subList(0, 10)) args.addAll(List.of("--seed-user", f.username()));
            PrintStream oldErr = System.err;
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int code;
            try {
                System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
                CrawlLog.redirect(System.err);
                code = io.lastlight.cli.Main.run(args.toArray(String[]::new));
            } finally {
                System.setErr(oldErr);
                CrawlLog.redirect(oldErr);
            }
            String text = err.toString(StandardCharsets.UTF_8);
            assertEquals(0, code, text);
            assertEquals(1, text.lines().filter(l -> l.contains("\"event\":\"platform-policy\"")).count(), text);
            assertTrue(text.contains("--token-env"));
            assertTrue(JSON.readTree(out.resolve("coverage.json").toFile()).path("platform_policy").path("accounts").asLong() > 0);
        }
    }


    private static long count(Run r, String sql) throws Exception {
        try (Connection c = io.lastlight.query.Dataset.open(r.dataset()); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static Set<String> column(Run r, String sql) throws Exception {
        Set<String> out = new HashSet<>();
        try (Connection c = io.lastlight.query.Dataset.open(r.dataset()); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) out.add(rs.getString(1));
        }
        return out;
    }
}
