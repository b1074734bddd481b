package io.lastlight.crawl;

import io.lastlight.frontier.Frontier;
import io.lastlight.frontier.PgTestSupport;
import io.lastlight.frontier.PostgresFrontier;
import io.lastlight.platform.CrawlRequest;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.time.Duration;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code lastlight crawl status --frontier …}: workers (alive or not, leases) and the queue by tier. */
class CrawlStatusCommandTest {
    private static String status(String url) {
        StringWriter out = new StringWriter();
        CommandLine cl = new CommandLine(new CrawlCommand());
        cl.setOut(new PrintWriter(out, true));
        assertEquals(0, cl.execute("status", "--frontier", url));
        return out.toString();
    }

    private static CrawlRequest req(String key, int tier) {
        return new CrawlRequest(URI.create("http://h/" + key), "profile", key, tier, 1);
    }

    @Test
    void showsEachWorkerAndTheQueueByTier() throws Exception {
        String url = PgTestSupport.freshUrl();
        try (PostgresFrontier a = new PostgresFrontier(PgTestSupport.target(url), "alpha", Frontier.Order.TIERED,
                Duration.ofSeconds(60), m -> { })) {
            PostgresFrontier b = new PostgresFrontier(PgTestSupport.target(url), "beta", Frontier.Order.TIERED,
                    Duration.ofSeconds(60), m -> { });
            a.add(List.of(req("p1", 1), req("p2", 1), req("p3", 2), req("p4", 3)), null, 0);
            var leased = b.lease(2, 0);
            a.complete(a.lease(1, 0).get(0), 200, "w", 0, 1, List.of());
            b.close();  // closed without releasing (a crawl releases first): its two leases stay its own until expiry
            String s = "";
            for (int i = 0; i < 50 && !(s = status(url)).matches("(?s).*beta\\s+\\S+\\s+stopped.*"); i++) Thread.sleep(100);
            assertTrue(s.matches("(?s).*alpha\\s+\\S+\\s+yes\\s+0\\s.*"), s);
            assertTrue(s.matches("(?s).*beta\\s+\\S+\\s+stopped\\s+2\\s.*"), s);
            assertTrue(s.matches("(?s).*\\n1\\s+0\\s+2\\s+0\\s+0\\n.*"), s);
            assertTrue(s.matches("(?s).*\\n2\\s+0\\s+0\\s+1\\s+0\\n.*"), s);
            assertTrue(s.matches("(?s).*\\n3\\s+1\\s+0\\s+0\\s+0\\n.*"), s);
            assertTrue(s.matches("(?s).*total\\s+1\\s+2\\s+1\\s+0\\n.*"), s);
            assertTrue(s.contains("running: 3 items to go"), s);
            assertEquals(2, leased.size());
        }
    }

    @Test
    void showsTheCrawlsCoverageAndItsProjectionAtTheLiveWorkersRate() throws Exception {
        String url = PgTestSupport.freshUrl();
        try (PostgresFrontier a = new PostgresFrontier(PgTestSupport.target(url), "alpha", Frontier.Order.TIERED,
                Duration.ofSeconds(60), m -> { });
             PostgresFrontier b = new PostgresFrontier(PgTestSupport.target(url), "beta", Frontier.Order.TIERED,
                     Duration.ofSeconds(60), m -> { })) {
            a.putMeta(StoredSettings.META_KEY, "{\"deadline\":\"2099-01-01T00:00:00Z\",\"rate\":10}");
            a.add(List.of(req("p1", 1), req("p2", 1), req("p3", 2), req("p4", 3)), null, 0);
            // Each worker's captures imply list pages not known yet; both estimates add up in the crawl's.
            a.expectPages("followers", 4, 7);
            a.complete(a.lease(1, 0).get(0), 200, "w", 0, 1, List.of());
            b.expectPages("followers", 4, 5);
            b.complete(b.lease(1, 0).get(0), 200, "w", 0, 1, List.of());
            assertEquals(Map.of("followers", Map.of(4, 12L)), b.sharedExpectedPages().orElseThrow());
            try (Connection c = PgTestSupport.admin(url); Statement st = c.createStatement()) {
                st.executeUpdate("UPDATE workers SET rate = CASE name WHEN 'alpha' THEN 3 ELSE 4.5 END");
            }
            assertEquals(7.5, a.sharedThroughput().orElseThrow(), 1e-9);
            String s = status(url);
            assertTrue(s.matches("(?s).*\\n1\\s+profiles\\s+2\\s+0\\s+0\\s+0\\s+100\\.0%\\n.*"), s);
            assertTrue(s.matches("(?s).*\\n4\\s+edges\\s+0\\s+0\\s+0\\s+12\\s+0\\.0%\\n.*"), s);
            assertTrue(s.contains("projection at the deadline 2099-01-01T00:00:00Z"), s);
            assertTrue(s.contains("7.5/s over the live workers"), s);
            assertTrue(s.matches("(?s).*\\n  edges\\s+complete\\s+100\\.0%.*"), s);
        }
    }
}
