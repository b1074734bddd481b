package io.lastlight.crawl;

import io.lastlight.fetch.FetchResult;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Instant;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RateLimitHeadersTest {
    /** Our clock when the answer came (the fallback when there is no Date). */
    static final Instant LOCAL = Instant.parse("2026-01-01T12:00:00Z");

    static FetchResult answer(int status, String... headerPairs) {
        List<Map.Entry<String, String>> h = new ArrayList<>();
        for (int i = 0; i + 1 < headerPairs.length; i += 2) h.add(new AbstractMap.SimpleImmutableEntry<>(headerPairs[i], headerPairs[i + 1]));
        return new FetchResult(URI.create("http://127.0.0.1/x"), LOCAL, List.of(), status, "", h, new byte[0], false, null, 0);
    }

    @Test
    void theDraftsStructuredFieldsGiveTheMostRestrictivePolicy() {
        RateLimitHeaders.Quota q = RateLimitHeaders.read(answer(200,
                "RateLimit-Policy", "\"burst\";q=100;w=60, \"daily\";q=1000;w=86400",
                "RateLimit", "\"burst\";r=40;t=30",
                "RateLimit", "\"daily\";r=1;t=3600"));   // a list split over two fields
        assertEquals(new RateLimitHeaders.Quota(1000, 1, 3_600_000), q);
        assertTrue(q.paces());
        // no t: at most the policy's window
        assertEquals(new RateLimitHeaders.Quota(10, 0, 10_000), RateLimitHeaders.read(answer(429,
                "RateLimit-Policy", "\"default\";q=10;w=10", "RateLimit", "\"default\";r=0")));
        // a partition key (a byte sequence) and unknown parameters are no trouble
        assertEquals(new RateLimitHeaders.Quota(-1, 50, 30_000), RateLimitHeaders.read(answer(200,
                "RateLimit", "\"default\";r=50;t=30;pk=:cHsdsRa894==:;acme-x=\"a;b,c\"")));
    }

    @Test
    void draft07sDictionaryAndTheOlderSeparateFieldsAreRead() {
        assertEquals(new RateLimitHeaders.Quota(10, 5, 30_000), RateLimitHeaders.read(answer(200,
                "RateLimit", "limit=10, remaining=5, reset=30")));
        assertEquals(new RateLimitHeaders.Quota(10, 0, 7_000), RateLimitHeaders.read(answer(429,
                "RateLimit-Limit", "10, 10;w=10", "RateLimit-Remaining", "0", "RateLimit-Reset", "7")));
        assertEquals(RateLimitHeaders.Quota.NONE, RateLimitHeaders.read(answer(429)));
        assertFalse(RateLimitHeaders.read(answer(429)).paces());
    }

    /** A server 2 minutes behind or ahead of us: reset − its Date is the wait, not reset − our clock. */
    @Test
    void absoluteTimesAreReadAgainstTheAnswersDate() {
        String behind = "Thu, 01 Jan 2026 11:58:00 GMT";   // 2 minutes behind LOCAL
        String ahead = "Thu, 01 Jan 2026 12:02:00 GMT";
        assertEquals(7_000, RateLimitHeaders.read(answer(200, "Date", behind, "X-RateLimit-Remaining", "0",
                "X-RateLimit-Reset", "2026-01-01T11:58:07.000Z")).resetMillis());
        assertEquals(7_000, RateLimitHeaders.read(answer(200, "Date", ahead, "X-RateLimit-Remaining", "0",
                "X-RateLimit-Reset", "2026-01-01T12:02:07.000Z")).resetMillis());
        // epoch seconds too
        long epochAhead = Instant.parse("2026-01-01T12:02:05Z").getEpochSecond();
        assertEquals(5_000, RateLimitHeaders.read(answer(200, "Date", ahead, "X-RateLimit-Remaining", "0",
                "X-RateLimit-Reset", Long.toString(epochAhead))).resetMillis());
        // no Date (or an unreadable one): our clock, as before
        assertEquals(7_000, RateLimitHeaders.read(answer(200, "X-RateLimit-Remaining", "0",
                "X-RateLimit-Reset", "2026-01-01T12:00:07.000Z")).resetMillis());
        assertEquals(7_000, RateLimitHeaders.read(answer(200, "Date", "yesterday", "X-RateLimit-Remaining", "0",
                "X-RateLimit-Reset", "2026-01-01T12:00:07.000Z")).resetMillis());
        // an HTTP-date Retry-After likewise
        Instant serverNow = RateLimitHeaders.serverNow(answer(429, "Date", ahead), LOCAL);
        assertEquals(3_000, RetryPolicy.requested("Thu, 01 Jan 2026 12:02:03 GMT", serverNow));
    }
}
