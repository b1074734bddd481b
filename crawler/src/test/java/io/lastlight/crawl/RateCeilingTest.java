package io.lastlight.crawl;

import io.lastlight.simulate.SimConfig;
import io.lastlight.simulate.SimServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code --rate} is a hard ceiling, proven from the server's side: the simulator's access log (admission
 * times taken on the server) never shows more than burst + rate·t requests in any window.
 */
class RateCeilingTest {
    static final Clock FROZEN = Clock.fixed(Instant.parse("2021-01-09T00:00:00Z"), ZoneOffset.UTC);

    @Test
    void noWindowOfAnyLengthSeesMoreThanBurstPlusRateTimesT(@TempDir Path tmp) throws Exception {
        Path log = tmp.resolve("access.log");
        try (SimServer server = SimServer.start(SimConfig.builder().users(120).seed(3).clock(FROZEN).accessLog(log).build())) {
            CrawlSettings s = CrawlTestSupport.settings(server, tmp.resolve("crawl"));
            s.rate = 60;
            s.burst = 5;
            s.concurrency = 16;
            CrawlSummary sum = CrawlTestSupport.crawl(s, CrawlMode.NEW);
            assertEquals(Crawler.Outcome.COMPLETE, sum.outcome());
            server.close();
            List<CrawlTestSupport.Hit> hits = CrawlTestSupport.accessLog(log);
            assertTrue(hits.size() > 150, "too few requests to judge: " + hits.size());
            double worst = CrawlTestSupport.maxWindowCount(hits, 60);
            // One request of slack: the log records arrival, and the network can bring two sends closer together.
            assertTrue(worst <= 5 + 1, "a window saw " + worst + " requests beyond rate·t (burst 5)");
        }
    }
}
