package io.lastlight.crawl;

import io.lastlight.frontier.Frontier;
import io.lastlight.frontier.FrontierStats;
import io.lastlight.frontier.SqliteFrontier;
import org.apache.hc.client5.http.DnsResolver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A crawl whose base never answers stops soon, saying where and what failed, with its items queued for --resume;
 * one whose base has answered rides an outage out as before. The review's {@code crawl --base http://127.0.0.1:1
 * --seed-user a} showed {@code captures: 0} for 8.5 minutes (robots.txt "unreachable", its items waiting, no outage
 * rule firing) until it was killed.
 */
class UnreachableBaseTest {
    /** A loopback port nothing listens on: bound, then closed. */
    static int refusingPort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** The review's command, default settings: exit 1 within a minute, the message, the crawl resumable. */
    @Test
    void aBaseThatRefusesConnectionsStopsWithinAMinuteSayingWhatToCheckAndResumes(@TempDir Path tmp) throws Exception {
        int port = refusingPort();
        String base = "http://127.0.0.1:" + port;
        Path out = tmp.resolve("crawlR");
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        StringWriter err = new StringWriter();
        long start = System.nanoTime();
        int code = run(log, err, "--base", base, "--seed-user", "a", "--out", out.toString());
        long seconds = (System.nanoTime() - start) / 1_000_000_000L;
        String events = log.toString(StandardCharsets.UTF_8);
        assertEquals(1, code, err + "\n" + events);
        assertTrue(seconds < 60, "took " + seconds + " s");
        String message = err.toString();
        assertTrue(message.contains("stopped: " + base + " never answered"), message);
        assertTrue(message.contains("connection refused"), message);
        assertTrue(message.contains("Check --base"), message);
        assertTrue(message.contains("--resume"), message);
        assertTrue(events.contains("\"event\":\"unreachable\""), events);
        assertTrue(events.contains("\"outcome\":\"unreachable\""), events);
        try (Frontier f = new SqliteFrontier(out.resolve("frontier.db"), Frontier.Order.TIERED)) {
            FrontierStats st = f.stats();
            assertEquals(0, st.failed(), "items failed instead of staying queued");
            assertEquals(0, st.done());
            assertTrue(st.queued() >= 1, "nothing left to resume");
        }

        // The server comes up where --base pointed: --resume captures what was queued.
        try (ScriptedApi api = new ScriptedApi((t, nth) -> null, port)) {
            StringWriter err2 = new StringWriter();
            int again = run(new ByteArrayOutputStream(), err2, "--resume", "--out", out.toString(), "--quiet");
            assertEquals(0, again, err2.toString());
            assertEquals(1, api.count("/v1/profile?username=a"));
        }
    }

    private static int run(ByteArrayOutputStream log, StringWriter err, String... args) {
        CommandLine cl = new CommandLine(new CrawlCommand());
        cl.setErr(new PrintWriter(err, true));
        PrintStream old = System.err;
        CrawlLog.redirect(new PrintStream(log, true, StandardCharsets.UTF_8));
        try {
            return cl.execute(args);
        } finally {
            CrawlLog.redirect(old);
        }
    }

    /**
     * Each way of not reaching a server (refused, with robots.txt obeyed or ignored; no such host; TLS to a port that
     * speaks plain HTTP, which here times out in the handshake) ends the crawl as UNREACHABLE after the short patience (the outage window here, 2 s, being
     * shorter than 15 s), every item still queued, none failed.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"refused", "refused, robots ignored", "unknown host", "tls to plain http"})
    void aBaseThatNeverAnswersEndsUnreachableWithItsItemsQueued(String how, @TempDir Path tmp) throws Exception {
        try (ScriptedApi plain = new ScriptedApi((t, nth) -> null)) {
            CrawlSettings s = plain.settings(tmp.resolve("c"), "good", "other");
            s.backoffBaseS = 0.05;
            s.outageWindowS = 2;
            s.connectTimeoutS = 2;
            s.responseTimeoutS = 2;
            CrawlEnvironment env = CrawlEnvironment.system(Clock.systemUTC());
            switch (how) {
                case "refused" -> s.base = "http://127.0.0.1:" + refusingPort();
                case "refused, robots ignored" -> {
                    s.base = "http://127.0.0.1:" + refusingPort();
                    s.ignoreRobots = true;
                }
                case "unknown host" -> {
                    s.base = "http://platform.invalid";
                    env = env.withAddresses(noSuchHost(), null);
                }
                default -> s.base = plain.base().replace("http:", "https:");
            }
            ByteArrayOutputStream log = new ByteArrayOutputStream();
            PrintStream old = System.err;
            CrawlLog.redirect(new PrintStream(log, true, StandardCharsets.UTF_8));
            CrawlSummary sum;
            long start = System.nanoTime();
            try {
                sum = CrawlSession.run(s.toConfig(), CrawlMode.NEW, env, CrawlTestSupport.quiet());
            } finally {
                CrawlLog.redirect(old);
            }
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertEquals(Crawler.Outcome.UNREACHABLE, sum.outcome(), log.toString(StandardCharsets.UTF_8));
            assertTrue(millis >= 2000 && millis < 30_000, millis + " ms");
            assertTrue(sum.detail().contains("requests in a row got no answer over"), sum.detail());
            assertEquals(0, sum.frontier().failed());
            assertEquals(2, sum.frontier().queued());
            assertEquals(0, sum.stats().captures.get());
            assertTrue(plain.hits.isEmpty(), "the plain server answered: " + plain.hits);
        }
    }

    private static DnsResolver noSuchHost() {
        return new DnsResolver() {
            @Override
            public InetAddress[] resolve(String host) throws UnknownHostException {
                throw new UnknownHostException(host + ": Name or service not known");
            }

            @Override
            public String resolveCanonicalHostname(String host) throws UnknownHostException {
                throw new UnknownHostException(host);
            }
        };
    }

    /**
     * A crawl that has had answers is not "unreachable" when its server goes away: revisited with the server gone, its
     * robots.txt is unreachable and the items wait until the deadline, as before, though the outage window (1 s here)
     * would have let a never-answered crawl stop at once.
     */
    @Test
    void aCrawlThatHasHadAnswersRidesAnOutageOut(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("c");
        CrawlSettings s;
        try (ScriptedApi api = new ScriptedApi((t, nth) -> null)) {
            s = api.settings(out, "good");
            assertEquals(Crawler.Outcome.COMPLETE, CrawlTestSupport.crawl(s, CrawlMode.NEW).outcome());
        }
        s.backoffBaseS = 0.05;
        s.outageWindowS = 1;
        s.deadline = Instant.now().plus(Duration.ofSeconds(4)).toString();
        CrawlSummary sum = CrawlTestSupport.crawl(s, new CrawlMode(false, false, true));
        assertEquals(Crawler.Outcome.DEADLINE, sum.outcome());
        assertEquals(0, sum.frontier().failed());
    }
}
