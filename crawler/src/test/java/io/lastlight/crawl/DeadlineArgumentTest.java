package io.lastlight.crawl;

import io.lastlight.core.UserException;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DeadlineArgumentTest {
    private static final Instant NOW = Instant.parse("2021-01-09T00:00:00Z");

    @Test
    void acceptsIsoTimesAndTimesFromNow() {
        assertEquals(Instant.parse("2021-01-11T07:59:00Z"), CrawlSettings.parseDeadline("2021-01-11T07:59:00Z", NOW));
        assertEquals(NOW.plusSeconds(24 * 3600), CrawlSettings.parseDeadline("+24h", NOW));
        assertEquals(NOW.plusSeconds(90 * 60), CrawlSettings.parseDeadline(" +90m ", NOW));
        assertEquals(NOW.plusSeconds(30), CrawlSettings.parseDeadline("+30s", NOW));
        assertEquals(NOW.plusSeconds(2 * 86400), CrawlSettings.parseDeadline("+2d", NOW));
    }

    @Test
    void rejectsAnythingElseSayingWhatItTakes() {
        for (String bad : new String[] {"+0h", "+24", "24h", "+1.5h", "+h", "tomorrow", "2021-01-11 07:59"}) {
            UserException e = assertThrows(UserException.class, () -> CrawlSettings.parseDeadline(bad, NOW), bad);
            assertTrue(e.getMessage().contains("+24h") && e.getMessage().contains(bad), e.getMessage());
        }
    }
}
