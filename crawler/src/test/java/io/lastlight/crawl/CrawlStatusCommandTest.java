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
import java.util.List;

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
}
