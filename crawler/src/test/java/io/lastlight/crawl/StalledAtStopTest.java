package io.lastlight.crawl;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Requests in flight when the crawl must end (its deadline, a stop as SIGTERM asks for) are cancelled after a short
 * grace, not waited for: the audit's crawl against a server that drips a byte every 20 s exited 121 s after a 12 s
 * deadline (the total timeout), one against a stalled answer after 32 s (the response timeout), and SIGTERM during
 * a stall took 26 s, saying nothing meanwhile.
 */
class StalledAtStopTest {
    static final String STALLED = "/v1/profile?username=stalled";

    /** The standard answers, except that {@link #STALLED} sends its head and half its body, then nothing. */
    static int stallOrAnswer(String target, OutputStream out) throws IOException, InterruptedException {
        ScriptedApi.Answer a = ScriptedApi.standard(target);
        if (!target.equals(STALLED)) return LoopbackHttp.answer(out, a.status(), a.headers(), new String(a.body(), StandardCharsets.UTF_8));
        out.write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"id\":".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        Thread.sleep(120_000); // until the client hangs up (the write below fails) or the test closes the server
        out.write('x');
        return 200;
    }

    @ParameterizedTest
    @ValueSource(strings = {"deadline", "stop"})
    void aStalledRequestIsCancelledAtTheDeadlineOrAStopAndStaysQueued(String end, @TempDir Path tmp) throws Exception {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try (LoopbackHttp api = new LoopbackHttp(StalledAtStopTest::stallOrAnswer)) {
            CrawlSettings s = CrawlSettings.defaults();
            s.base = api.base();
            s.seedUsers = new ArrayList<>(List.of("stalled", "a", "b"));
            s.out = tmp.resolve("c");
            s.rate = 200;
            s.schedule = "fifo";
            if (end.equals("deadline")) s.deadline = Instant.now().plusSeconds(3).toString();
            ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
            if (end.equals("stop")) CrawlSession.crawlerStarted = c -> timer.schedule(c::requestStop, 3, TimeUnit.SECONDS);
            long start = System.nanoTime();
            CrawlSummary sum;
            try {
                CrawlLog.redirect(new PrintStream(err, true, StandardCharsets.UTF_8));
                sum = CrawlTestSupport.crawl(s, CrawlMode.NEW);
            } finally {
                CrawlLog.redirect(System.err);
                CrawlSession.crawlerStarted = c -> { };
                timer.shutdownNow();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            String log = err.toString(StandardCharsets.UTF_8);
            assertEquals(end.equals("deadline") ? Crawler.Outcome.DEADLINE : Crawler.Outcome.STOPPED, sum.outcome());
            // 3 s to the end, 2 s of grace, and a little to close: not the 30 s response timeout
            assertTrue(seconds < 8, "the crawl waited for the stalled request: " + seconds + " s");
            assertTrue(log.contains("\"event\":\"cancelled\"") && log.contains("\"requests\":1"), "no cancelled event: " + log);
            assertEquals(1, sum.frontier().queued(), "the stalled item stays queued for --resume");
            assertEquals(0, sum.frontier().failed());
            CrawlTestSupport.assertValid(s.out);
            CrawlTestSupport.eachRecord(s.out, r -> assertFalse(r.headers().first("WARC-Target-URI").orElse("").endsWith(STALLED),
                    "a record of the cancelled request was written"));
            // resumed with a server that answers, the item is fetched
            s.deadline = null;
            api.close();
            try (ScriptedApi good = rebind(portOf(api.base()))) {
                CrawlSummary resumed = CrawlSession.run(s.toConfig(), CrawlMode.RESUME, CrawlEnvironment.system(Clock.systemUTC()),
                        CrawlTestSupport.quiet());
                assertEquals(Crawler.Outcome.COMPLETE, resumed.outcome());
                assertEquals(1, good.count(STALLED));
            }
        }
    }

    /**
     * A server answering everything on {@code port}, which the stalled one held: the items' URLs name that port. Its
     * listening socket may take a moment to be released on a loaded machine (a full suite run saw "Address already in
     * use" once), so the bind is tried again for up to 10 s.
     */
    static ScriptedApi rebind(int port) throws Exception {
        for (int attempt = 0; ; attempt++) {
            try {
                return new ScriptedApi((t, n) -> null, port);
            } catch (java.net.BindException e) {
                if (attempt >= 100) throw e;
                Thread.sleep(100);
            }
        }
    }

    static int portOf(String base) {
        return Integer.parseInt(base.substring(base.lastIndexOf(':') + 1));
    }

    /**
     * A server that drips its answer (a byte every 200 ms, under the 30 s response timeout) is cut off at the total
     * timeout (2 s here), and the connection is closed then: the server sees the client hang up.
     */
    @Test
    void aDrippingAnswerEndsAtTheTotalTimeoutAndItsConnectionIsClosed(@TempDir Path tmp) throws Exception {
        AtomicLong hungUp = new AtomicLong();
        String drip = "/v1/profile?username=drip";
        try (LoopbackHttp api = new LoopbackHttp((target, out) -> {
            if (!target.equals(drip)) return stallOrAnswer(target, out);
            out.write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            try {
                for (int i = 0; i < 1000; i++) {
                    out.write(' ');
                    out.flush();
                    Thread.sleep(200);
                }
            } catch (IOException e) {
                hungUp.set(System.nanoTime());
                throw e;
            }
            return 200;
        })) {
            CrawlSettings s = CrawlSettings.defaults();
            s.base = api.base();
            s.seedUsers = new ArrayList<>(List.of("drip", "a"));
            s.out = tmp.resolve("c");
            s.rate = 200;
            s.totalTimeoutS = 2;
            s.maxAttempts = 1;
            s.outageWindowS = 0;
            long start = System.nanoTime();
            CrawlSummary sum = CrawlTestSupport.crawl(s, CrawlMode.NEW);
            double seconds = (System.nanoTime() - start) / 1e9;
            assertTrue(seconds < 10, "the dripping answer was waited for: " + seconds + " s");
            assertEquals(1, sum.frontier().failed(), String.valueOf(sum.frontier()));
            long deadline = System.nanoTime() + 3_000_000_000L;
            while (hungUp.get() == 0 && System.nanoTime() < deadline) Thread.sleep(50);
            assertTrue(hungUp.get() != 0, "the client kept the dripping connection open after the total timeout");
        }
    }
}
