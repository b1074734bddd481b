package io.lastlight.politeness;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * Why a host is paused, as {@link AdaptiveRatePolicy#pause} reports it and its {@link AdaptiveRatePolicy.PauseListener}
 * is told (the crawl keeps what it is told in its frontier): a Retry-After, a spent quota, a silent 429's backoff.
 * A pause that changes nothing (shorter than the one on) is not told again.
 */
class PauseReasonsTest {
    private static final long S = 1_000_000_000L;
    private long now = 1_000 * S;

    @Test
    void eachPauseSaysWhyAndTheListenerIsToldOfEveryLongerOne() {
        AdaptiveRatePolicy p = new AdaptiveRatePolicy(0, 1, false, 60 * S, () -> now);
        List<String> told = new ArrayList<>();
        p.onPause((host, pause) -> told.add(host + " " + pause.reason() + " " + (pause.untilNanos() - now) / S));
        assertNull(p.pause("h"));

        p.pauseUntil("h", now + 10 * S, Pause.RETRY_AFTER);
        p.pauseUntil("h", now + 5 * S, Pause.BLOCK_PAGE);   // shorter: nothing changes
        assertEquals(Pause.RETRY_AFTER, p.pause("h").reason());

        now += 11 * S;
        p.onResponse("h", new ResponseSignal(now - S, S / 100, 200, 100, 0, 20 * S));   // the quota is spent for 20 s
        assertEquals(Pause.QUOTA_RESET, p.pause("h").reason());
        assertEquals(20 * S, p.pause("h").leftNanos(now));

        p.onResponse("g", new ResponseSignal(now, S / 100, 429, -1, -1, -1, true));      // a silent 429: 1 s backoff
        assertEquals(Pause.BACKOFF_429, p.pause("g").reason());

        assertEquals(List.of("h retry-after 10", "h quota-reset 20", "g backoff-429 1"), told);
        now += 21 * S;
        assertNull(p.pause("h"), "over");
    }
}
