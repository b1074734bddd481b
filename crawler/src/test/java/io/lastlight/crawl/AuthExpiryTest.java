package io.lastlight.crawl;

import io.lastlight.frontier.Frontier;
import io.lastlight.frontier.FrontierStats;
import io.lastlight.frontier.SqliteFrontier;
import io.lastlight.simulate.SimConfig;
import io.lastlight.simulate.SimServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netpreserve.jwarc.WarcResponse;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A Parler crawl whose login expires mid-crawl: the simulator's world clock jumps an hour ahead (a long pause,
 * as after a laptop slept), so the crawl's rotating {@code jst} is long stale and every API request is answered
 * 401. The crawler must recognise the expired login, stop cleanly (WARCs closed and valid, the rejected items
 * still queued, none failed) and exit 3 with one line that says what to do; after the operator exports fresh
 * cookies, {@code --resume} finishes the crawl with every reachable profile captured.
 */
class AuthExpiryTest {
    static final Instant START = Instant.parse("2021-01-09T00:00:00Z");

    /** The simulator's clock: still for its first {@code jumpAfter} readings, then an hour later (and still). */
    static final class JumpingClock extends Clock {
        final AtomicLong readings = new AtomicLong();
        final long jumpAfter;

        JumpingClock(long jumpAfter) {
            this.jumpAfter = jumpAfter;
        }

        @Override public ZoneId getZone() { return ZoneOffset.UTC; }
        @Override public Clock withZone(ZoneId zone) { return this; }
        @Override public Instant instant() {
            return readings.incrementAndGet() > jumpAfter ? START.plus(Duration.ofHours(1)) : START;
        }
    }

    @Test
    void anExpiredLoginStopsTheCrawlCleanlyWithExit3AndResumeWithFreshCookiesFinishesIt(@TempDir Path tmp) throws Exception {
        JumpingClock clock = new JumpingClock(150);
        try (SimServer server = SimServer.start(SimConfig.builder().users(60).seed(4).clock(clock).auth(true).build())) {
            Path out = tmp.resolve("crawl");
            Path cookies = tmp.resolve("cookies.txt");
            writeCookies(cookies, server.mstCookie(), server.jstCookie(START));
            Path config = tmp.resolve("crawl.yaml");
            Files.writeString(config, "comments: false\nbackoff_base_s: 0.05\nbackoff_max_s: 2\n");
            List<String> args = new ArrayList<>(List.of("--config", config.toString(), "--base", server.baseUri().toString(),
                    "--out", out.toString(), "--cookies", cookies.toString(), "--rate", "1000", "--burst", "10",
                    "--concurrency", "8", "--quiet"));
            for (String u : server.truth().seedUsers()) args.addAll(List.of("--seed-user", u));

            StringWriter err = new StringWriter();
            int code = crawl(args, err);
            assertEquals(CrawlCommand.EXIT_AUTH_EXPIRED, code, err.toString());
            assertEquals(3, code);
            List<String> errors = err.toString().lines().filter(l -> l.startsWith("crawl: error:")).toList();
            assertEquals(1, errors.size(), "one message: " + err);
            assertTrue(errors.get(0).contains("export fresh cookies to " + cookies) && errors.get(0).contains("--resume"), errors.get(0));
            CrawlTestSupport.assertValid(out);
            int rejected = count401s(out);
            assertTrue(rejected >= AuthWatch.RUN, "401s captured: " + rejected);
            try (SqliteFrontier f = new SqliteFrontier(out.resolve("frontier.db"), Frontier.Order.TIERED)) {
                FrontierStats st = f.stats();
                assertEquals(0, st.failed(), "items marked failed: " + st);
                assertTrue(st.queued() > 0, "nothing left queued: " + st);
                assertTrue(st.done() > 0, "nothing captured before the login expired: " + st);
            }

            // Running on without new cookies stops again at once, losing nothing.
            StringWriter err2 = new StringWriter();
            List<String> resume = new ArrayList<>(args);
            resume.add("--resume");
            assertEquals(3, crawl(resume, err2), err2.toString());

            // The operator exports fresh cookies and resumes: the crawl finishes, nothing failed, every profile captured.
            writeCookies(cookies, server.mstCookie(), server.jstCookie(server.worldNow()));
            StringWriter err3 = new StringWriter();
            assertEquals(0, crawl(resume, err3), err3.toString());
            try (SqliteFrontier f = new SqliteFrontier(out.resolve("frontier.db"), Frontier.Order.TIERED)) {
                FrontierStats st = f.stats();
                assertEquals(0, st.failed(), "items marked failed: " + st);
                assertEquals(0, st.queued(), "items left queued: " + st);
            }
            Set<String> profiles = new HashSet<>();
            CrawlTestSupport.eachRecord(out, rec -> {
                try {
                    if (rec instanceof WarcResponse r && r.http().status() == 200 && r.target().contains("/v1/profile?username=")) {
                        profiles.add(r.target().substring(r.target().indexOf("username=") + 9));
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            Set<String> expected = new HashSet<>();
            for (String id : server.truth().reachableUserIds()) expected.add(server.world().user(server.world().userIndexOfId(id)).username());
            assertEquals(expected, profiles);
            CrawlTestSupport.assertValid(out);
        }
    }

    private static int crawl(List<String> args, StringWriter err) {
        CommandLine cl = new CommandLine(new CrawlCommand());
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args.toArray(String[]::new));
    }

    private static void writeCookies(Path file, String mst, String jst) throws IOException {
        Files.writeString(file, "# Netscape HTTP Cookie File\n"
                + "#HttpOnly_127.0.0.1\tFALSE\t/\tFALSE\t0\tmst\t" + mst + "\n"
                + "127.0.0.1\tFALSE\t/\tFALSE\t0\tjst\t" + jst + "\n");
    }

    private static int count401s(Path out) throws IOException {
        int[] n = {0};
        CrawlTestSupport.eachRecord(out, rec -> {
            try {
                if (rec instanceof WarcResponse r && r.http().status() == 401) n[0]++;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        return n[0];
    }
}
