package io.lastlight.crawl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lastlight.crawl.ScriptedApi.Answer;
import io.lastlight.frontier.Frontier;
import io.lastlight.frontier.HostPause;
import io.lastlight.frontier.SqliteFrontier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A pause the server asked for (429 with Retry-After) is kept in the frontier: a crawl stopped during it and resumed
 * sends nothing before it ends, on the crawl's clock (a test clock here, moved by hand between runs), and says so
 * (a {@code paused} event, progress showing the pause). Once the clock is past it, the resumed crawl goes on.
 */
class HostPauseResumeTest {
    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    static final ObjectMapper JSON = new ObjectMapper();
    static final String SLOW = "/v1/profile?username=slow";

    /** A clock that stands still unless set. */
    static final class HandClock extends Clock {
        volatile Instant now;

        HandClock(Instant now) {
            this.now = now;
        }

        @Override public ZoneId getZone() { return ZoneOffset.UTC; }
        @Override public Clock withZone(ZoneId zone) { return this; }
        @Override public Instant instant() { return now; }
    }

    /** A run's summary and its JSON-lines log. */
    record Run(CrawlSummary summary, List<JsonNode> log) {
        List<JsonNode> events(String type) {
            return log.stream().filter(e -> type.equals(e.path("event").asText())).toList();
        }
    }

    /**
     * Runs a crawl on {@code clock} with progress as JSON lines every 0.2 s; with {@code stopWhenPaused}, stops it
     * once it has waited in a pause for {@code afterS} s (as Ctrl-C would), or after 5 s if it never pauses.
     */
    static Run run(CrawlSettings s, CrawlMode mode, Clock clock, boolean stopWhenPaused, double afterS) throws Exception {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        CrawlLog.redirect(new PrintStream(log, true, StandardCharsets.UTF_8));
        Thread[] watcher = new Thread[1];
        if (stopWhenPaused) {
            CrawlSession.crawlerStarted = c -> {
                watcher[0] = new Thread(() -> {
                    try {
                        // (a crawl that never pauses is stopped after 5 s, so that a failure fails, not hangs)
                        long giveUp = System.nanoTime() + 5_000_000_000L;
                        while (c.stats().waiting == null && System.nanoTime() < giveUp) Thread.sleep(10);
                        Thread.sleep((long) (afterS * 1000));
                    } catch (InterruptedException e) {
                        return;
                    }
                    c.requestStop();
                }, "test-stopper");
                watcher[0].setDaemon(true);
                watcher[0].start();
            };
        }
        CrawlSummary sum;
        try {
            s.statsIntervalS = 0.2;
            sum = CrawlSession.run(s.toConfig(), mode, CrawlEnvironment.system(clock),
                    new Progress(new PrintStream(OutputStream.nullOutputStream()), false, false));
        } finally {
            CrawlSession.crawlerStarted = c -> { };
            CrawlLog.redirect(System.err);
            if (watcher[0] != null) watcher[0].interrupt();
        }
        List<JsonNode> lines = new ArrayList<>();
        for (String l : log.toString(StandardCharsets.UTF_8).split("\n")) if (l.startsWith("{")) lines.add(JSON.readTree(l));
        return new Run(sum, lines);
    }

    static CrawlSettings settings(ScriptedApi api, Path out) {
        CrawlSettings s = api.settings(out, "slow", "a", "b");
        s.concurrency = 1;
        s.schedule = "fifo";
        s.retryAfterMaxS = 60;
        return s;
    }

    @Test
    void aRetryAfterPauseOutlivesAStopAndTheResumedCrawlSendsNothingBeforeItEnds(@TempDir Path tmp) throws Exception {
        try (ScriptedApi api = new ScriptedApi((t, nth) -> t.equals(SLOW) && nth == 0
                ? Answer.of(429, "application/json", "{\"error\":\"Too many requests\"}", "Retry-After", "30") : null)) {
            CrawlSettings s = settings(api, tmp.resolve("c"));
            HandClock clock = new HandClock(T0);

            // 1. Told to come back in 30 s; stopped while waiting.
            Run first = run(s, CrawlMode.NEW, clock, true, 0);
            assertEquals(Crawler.Outcome.STOPPED, first.summary().outcome());
            assertEquals(1, api.count(SLOW), api.hits.toString());
            int sentBefore = api.hits.size();
            JsonNode paused = first.events("paused").get(0);
            assertEquals("retry-after", paused.path("reason").asText(), paused.toString());
            Instant until = Instant.parse(paused.path("until").asText());
            assertTrue(!until.isBefore(T0.plusSeconds(29)) && !until.isAfter(T0.plusSeconds(30)), paused.toString());
            assertTrue(first.events("resumed").isEmpty(), "a stop ends the pause without a resumed event");
            try (Frontier f = new SqliteFrontier(tmp.resolve("c/frontier.db"), Frontier.Order.FIFO)) {
                HostPause kept = f.hostPauses().get("127.0.0.1");
                assertNotNull(kept, "the pause is not in the frontier: " + f.hostPauses());
                assertEquals("retry-after", kept.reason());
                assertTrue(Math.abs(kept.notBeforeMillis() - T0.plusSeconds(30).toEpochMilli()) <= 1_000, kept.toString());
            }

            // 2. Resumed 10 s later on the crawl's clock: 20 s of the pause are left, and nothing is sent.
            clock.now = T0.plusSeconds(10);
            Run second = run(s, new CrawlMode(true, false, false), clock, true, 1.0);
            assertEquals(Crawler.Outcome.STOPPED, second.summary().outcome());
            assertEquals(sentBefore, api.hits.size(), "the resumed crawl sent requests during the pause: " + api.hits);
            JsonNode restored = second.events("pause-restored").get(0);
            assertEquals(20.0, restored.path("seconds").asDouble(), 1.0, restored.toString());
            JsonNode again = second.events("paused").get(0);
            assertEquals("retry-after", again.path("reason").asText());
            assertEquals(20.0, again.path("seconds").asDouble(), 1.0, again.toString());
            assertTrue(Math.abs(Duration.between(T0.plusSeconds(30), Instant.parse(again.path("until").asText())).toMillis()) <= 1_000,
                    again.toString());
            // progress goes on during the pause, showing it
            List<JsonNode> progress = second.events("progress");
            assertFalse(progress.isEmpty(), "no progress while paused: " + second.log());
            assertTrue(progress.stream().anyMatch(p -> "retry-after".equals(p.path("paused").path("reason").asText())),
                    progress.toString());

            // 3. Resumed past the pause: the crawl goes on and completes.
            clock.now = T0.plusSeconds(31);
            Run third = run(s, new CrawlMode(true, false, false), clock, false, 0);
            assertEquals(Crawler.Outcome.COMPLETE, third.summary().outcome(), third.log().toString());
            assertEquals(2, api.count(SLOW));
            assertEquals(1, api.count("/v1/profile?username=a"));
            assertTrue(third.events("pause-restored").isEmpty(), "a pause that is over is not restored");
            assertTrue(third.events("paused").stream().noneMatch(e -> "retry-after".equals(e.path("reason").asText())));
        }
    }

    /**
     * In one run: a 3 s Retry-After is announced when the wait begins ({@code paused}, with its reason and end), progress
     * goes on while it lasts, showing it, {@code resumed} follows when sending resumes, and nothing is sent before then.
     */
    @Test
    void aLongWaitIsAnnouncedProgressGoesOnAndNothingIsSentBeforeItEnds(@TempDir Path tmp) throws Exception {
        try (ScriptedApi api = new ScriptedApi((t, nth) -> t.equals(SLOW) && nth == 0
                ? Answer.of(503, "text/plain", "busy", "Retry-After", "3") : null)) {
            CrawlSettings s = settings(api, tmp.resolve("c"));
            Run r = run(s, CrawlMode.NEW, Clock.systemUTC(), false, 0);
            assertEquals(Crawler.Outcome.COMPLETE, r.summary().outcome());
            long pausedAt = api.hits.stream().filter(h -> h.target().equals(SLOW)).findFirst().orElseThrow().nanos();
            assertTrue(api.hits.stream().filter(h -> h.nanos() > pausedAt).allMatch(h -> h.nanos() - pausedAt >= 3_000_000_000L),
                    "a request during the pause: " + api.hits);
            List<String> order = r.log().stream().map(e -> e.path("event").asText())
                    .filter(e -> e.equals("paused") || e.equals("resumed") || e.equals("progress")).toList();
            int p = order.indexOf("paused");
            int q = order.indexOf("resumed");
            assertTrue(p >= 0 && q > p, order.toString());
            assertTrue(order.subList(p, q).contains("progress"), "progress stopped during the pause: " + order);
            JsonNode paused = r.events("paused").get(0);
            assertEquals("retry-after", paused.path("reason").asText());
            assertTrue(paused.path("seconds").asDouble() > 1 && paused.path("seconds").asDouble() <= 3, paused.toString());
            assertEquals("127.0.0.1", paused.path("host").asText());
            JsonNode resumed = r.events("resumed").get(0);
            assertTrue(resumed.path("waited_s").asDouble() >= 1, resumed.toString());
            assertTrue(r.events("progress").stream().anyMatch(e -> e.path("paused").path("seconds_left").asDouble() > 0),
                    r.events("progress").toString());
        }
    }
}
