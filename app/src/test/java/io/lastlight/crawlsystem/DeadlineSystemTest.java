package io.lastlight.crawlsystem;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lastlight.build.DatasetBuilder;
import io.lastlight.crawl.CrawlConfig;
import io.lastlight.crawl.CrawlSettings;
import io.lastlight.crawl.CrawlSession;
import io.lastlight.crawl.CrawlSummary;
import io.lastlight.crawl.Progress;
import io.lastlight.frontier.Frontier;
import io.lastlight.simulate.GroundTruth;
import io.lastlight.simulate.SimConfig;
import io.lastlight.simulate.SimServer;
import io.lastlight.warc.JwarcValidate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
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
import java.util.function.LongSupplier;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 5's Done-when: the platform goes dark when only about 30% of a full crawl's requests fit at the
 * crawler's rate. The deadline-aware (tiered) schedule captures every reachable profile and at least three
 * times the follower-weighted share of posts that FIFO captures in the same budget; both stop cleanly.
 * <p>
 * The budget is counted in requests, not wall time, so the outcome does not depend on how fast the machine
 * runs the crawl: the platform goes dark once it has answered 30% of the full crawl's requests
 * ({@code darkAfterRequests}), and the crawler's deadline is that same moment on its injected clock, which
 * moves on 1/{@value #RATE} s with every request the platform answers. A wall-clock budget let a CPU-starved
 * run send 753 requests where 1,349 were planned, so tiered could not reach every profile. The crawl is
 * still paced at {@value #RATE} requests/s, as before.
 */
class DeadlineSystemTest {
    private static final Clock WORLD = Clock.fixed(Instant.parse("2021-01-09T00:00:00Z"), ZoneOffset.UTC);
    private static final int USERS = 500;
    private static final long SEED = 21;
    private static final double RATE = 250;

    @Test
    void deadlineAwareCapturesAllProfilesAndThreeTimesTheWeightedPostsOfFifo(@TempDir Path tmp) throws Exception {
        // 1. The whole world, crawled FIFO without a rate ceiling: every request R, and the truth's posts.
        long fullRequests;
        Map<String, Long> followers;
        Map<String, String> postAuthor;
        GroundTruth truth;
        try (SimServer server = SimServer.start(world().build())) {
            truth = server.truth();
            CrawlSummary full = CrawlSession.run(config(server, tmp.resolve("full"), Frontier.Order.FIFO, 0, null),
                    false, false, Clock.systemUTC(), quiet());
            assertEquals("COMPLETE", full.outcome().name());
            fullRequests = full.stats().requests.get();
            Path ds = build(tmp.resolve("full"), tmp.resolve("full-ds"));
            followers = followers(ds);
            postAuthor = posts(ds);
        }
        assertEquals(new HashSet<>(truth.reachableUserIds()), followers.keySet(), "the full crawl should see every reachable profile");
        double totalWeight = 0;
        for (String author : postAuthor.values()) totalWeight += followers.getOrDefault(author, 0L);

        // 2. The same world going dark once it has answered 30% of R; the deadline is the same moment (in requests).
        long budget = Math.round(0.3 * fullRequests);
        Result tiered = budgeted(tmp.resolve("tiered"), Frontier.Order.TIERED, budget, followers, postAuthor);
        Result fifo = budgeted(tmp.resolve("fifo"), Frontier.Order.FIFO, budget, followers, postAuthor);
        double tieredShare = tiered.weight / totalWeight;
        double fifoShare = fifo.weight / totalWeight;
        String figures = String.format(java.util.Locale.ROOT,
                "R=%d budget=%d requests (%.1f s at %.0f/s); tiered: %d sent, %d answered, %s, %.1f s wall, %d/%d profiles,"
                        + " weighted posts %.4f; fifo: %d sent, %d answered, %s, %.1f s wall, %d profiles, weighted posts %.4f",
                fullRequests, budget, budget / RATE, RATE, tiered.requests, tiered.answered, tiered.outcome,
                tiered.wallSeconds, tiered.profiles.size(), followers.size(), tieredShare, fifo.requests, fifo.answered,
                fifo.outcome, fifo.wallSeconds, fifo.profiles.size(), fifoShare);
        System.out.println("[deadline] " + figures);

        assertEquals(budget, tiered.answered, "tiered must have spent the whole budget: " + figures);
        assertEquals(budget, fifo.answered, "FIFO must have had the same budget: " + figures);
        assertEquals(followers.keySet(), tiered.profiles, "tiered must capture every reachable profile: " + figures);
        assertTrue(tieredShare >= 3 * fifoShare, "tiered weighted posts share must be ≥ 3× FIFO's: " + figures);
        assertTrue(fifo.requests < 0.5 * fullRequests, "the budget must cut the FIFO crawl short: " + figures);

        JsonNode cov = new ObjectMapper().readTree(tmp.resolve("tiered").resolve("coverage.json").toFile());
        assertEquals("tiered", cov.path("schedule").asText());
        for (String tier : List.of("profiles", "top-posts", "posts", "edges", "media")) {
            JsonNode t = cov.path("by_tier").path(tier);
            assertTrue(t.has("captured") && t.has("known_not_captured") && t.has("estimated_unknown"), tier + ": " + cov);
            assertTrue(cov.path("plan").path("projected_coverage_at_deadline").has(tier), cov.toString());
        }
        assertTrue(cov.path("by_tier").path("profiles").path("captured").asLong() >= tiered.profiles.size(),
                "tier 1 holds every captured profile (and the list pages that discovered them): " + cov);
    }

    private record Result(long requests, long answered, String outcome, double wallSeconds, Set<String> profiles,
                          double weight) {}

    private Result budgeted(Path out, Frontier.Order order, long budget, Map<String, Long> followers,
                            Map<String, String> postAuthor) throws Exception {
        try (SimServer server = SimServer.start(world().darkAfterRequests(budget).build())) {
            Clock clock = new RequestClock(Instant.now(), server::requestsAnswered, RATE);
            Instant deadline = clock.instant().plusNanos(Math.round(budget * 1e9 / RATE));
            long start = System.nanoTime();
            CrawlSummary sum = CrawlSession.run(config(server, out, order, RATE, deadline), false, false, clock, quiet());
            double wallSeconds = (System.nanoTime() - start) / 1e9;
            assertTrue(Set.of("PLATFORM_DARK", "DEADLINE").contains(sum.outcome().name()), order + ": " + sum.outcome());
            List<Path> warcs;
            try (Stream<Path> s = Files.list(out.resolve("warc"))) {
                List<Path> all = s.toList();
                assertTrue(all.stream().noneMatch(p -> p.toString().endsWith(".open")), "a .open file was left behind");
                warcs = all.stream().filter(p -> p.toString().endsWith(".warc.gz")).sorted().toList();
            }
            JwarcValidate.Result v = JwarcValidate.validate(warcs);
            assertTrue(v.ok(), v.output());
            JsonNode cov = new ObjectMapper().readTree(out.resolve("coverage.json").toFile());
            assertTrue(cov.has("by_tier") && cov.has("plan"), cov.toString());
            Path ds = build(out, out.resolveSibling(out.getFileName() + "-ds"));
            Set<String> profiles = followers(ds).keySet();
            double w = 0;
            for (Map.Entry<String, String> p : posts(ds).entrySet()) {
                if (postAuthor.containsKey(p.getKey())) w += followers.getOrDefault(p.getValue(), 0L);
            }
            return new Result(sum.stats().requests.get(), server.requestsAnswered(), sum.outcome().name(), wallSeconds,
                    new HashSet<>(profiles), w);
        }
    }

    /**
     * Crawl time counted in requests: {@code start} plus 1/{@code rate} s for every request the platform has
     * answered, so a deadline on this clock is a number of requests however fast the machine runs them. Only
     * if nothing at all is answered for {@link #QUIET_NANOS} (the crawler waiting on retries it backed off,
     * with nothing else to fetch) does real time pass beyond that, so such a wait ends instead of hanging.
     */
    private static final class RequestClock extends Clock {
        static final long QUIET_NANOS = 5_000_000_000L;
        private final Instant start;
        private final LongSupplier answered;
        private final double rate;
        private final ZoneId zone;
        private final RequestClock base;  // the clock whose state a withZone copy shares
        private long lastAnswered = -1;
        private long quietSince;
        private long idleNanos;

        RequestClock(Instant start, LongSupplier answered, double rate) {
            this(start, answered, rate, ZoneOffset.UTC, null);
        }

        private RequestClock(Instant start, LongSupplier answered, double rate, ZoneId zone, RequestClock base) {
            this.start = start;
            this.answered = answered;
            this.rate = rate;
            this.zone = zone;
            this.base = base;
        }

        @Override
        public Instant instant() {
            if (base != null) return base.instant();
            synchronized (this) {
                long n = answered.getAsLong();
                long now = System.nanoTime();
                if (n != lastAnswered) {
                    lastAnswered = n;
                    quietSince = now;
                } else if (now - quietSince > QUIET_NANOS) {
                    idleNanos += now - quietSince - QUIET_NANOS;
                    quietSince = now - QUIET_NANOS;
                }
                return start.plusNanos(Math.round(n * 1e9 / rate) + idleNanos);
            }
        }

        @Override
        public ZoneId getZone() {
            return zone;
        }

        @Override
        public Clock withZone(ZoneId z) {
            return new RequestClock(start, answered, rate, z, base != null ? base : this);
        }
    }

    private static SimConfig.Builder world() {
        return SimConfig.builder().users(USERS).seed(SEED).clock(WORLD);
    }

    private static CrawlConfig config(SimServer server, Path out, Frontier.Order order, double rate, Instant deadline) {
        CrawlSettings settings = CrawlSettings.of("parler", server.baseUri(), server.truth().seedUsers(), out);
        settings.rate = rate;
        settings.burst = 1;
        settings.concurrency = 8;
        settings.maxAttempts = 4;
        settings.backoffBaseS = 0.05;
        settings.backoffMaxS = 1;
        settings.retryAfterMaxS = 2;
        settings.operator = "test";
        settings.connectTimeoutS = 2;
        settings.responseTimeoutS = 5;
        settings.totalTimeoutS = 10;
        settings.warcPrefix = "parler-" + order;
        settings.schedule = order == Frontier.Order.FIFO ? "fifo" : "tiered";
        settings.darkAfterFailures = 10;
        settings.outageWindowS = 0; // the world's end is the platform gone dark at once, not an outage to ride out
        settings.maxBlockedInARow = 20;
        settings.statsIntervalS = 1;
        settings.seed = 1;
        settings.comments = false;
        settings.deadline = deadline == null ? null : deadline.toString();
        return settings.toConfig();
    }

    private static Progress quiet() {
        return new Progress(new PrintStream(new ByteArrayOutputStream()), false, true);
    }

    private static Path build(Path crawl, Path dataset) throws Exception {
        new DatasetBuilder(Clock.systemUTC(), "parler", s -> { }).build(crawl, dataset, false);
        return dataset;
    }

    private static Map<String, Long> followers(Path ds) throws Exception {
        Map<String, Long> out = new HashMap<>();
        try (Connection c = io.lastlight.query.Dataset.open(ds); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT user_id, max(coalesce(followers_count, 0)) FROM profiles GROUP BY user_id")) {
            while (rs.next()) out.put(rs.getString(1), rs.getLong(2));
        }
        return out;
    }

    private static Map<String, String> posts(Path ds) throws Exception {
        Map<String, String> out = new HashMap<>();
        try (Connection c = io.lastlight.query.Dataset.open(ds); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT DISTINCT post_id, author_id FROM posts WHERE author_id IS NOT NULL")) {
            while (rs.next()) out.put(rs.getString(1), rs.getString(2));
        }
        return out;
    }
}
