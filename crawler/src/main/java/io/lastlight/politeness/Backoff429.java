package io.lastlight.politeness;

/**
 * Exponential backoff for one host's 429s that say nothing (no Retry-After, no quota reset): the first pauses the
 * host {@value #BASE_NANOS} ns, each further 429 to a request sent after that pause began doubles it (1 s, 2 s,
 * 4 s … up to the cap), and an answer other than 429 to a request sent after the last pause ends the episode.
 * Answers to requests already in flight when a pause began are not new evidence: they neither escalate nor end it.
 *
 * <p>A server with a fixed window (say 10 requests per 10 s) and no headers answers 429 from the moment the window's
 * requests are spent until the window ends; restarting each episode at 1 s costs about log2(window) 429s per window
 * (four in 10 s). So an episode starts one step below the pause that ended the last one (as TCP's slow-start
 * threshold remembers where loss began): the next window costs one or two 429s, and a server that needs only
 * short pauses walks the start back down a step per episode. After {@value #FORGET_NANOS} ns without a 429 the
 * start is forgotten. AIMD ({@link AimdController}) lowers the rate on top; this only decides the pauses.
 * Not thread-safe: {@link AdaptiveRatePolicy} synchronises on the host.
 */
final class Backoff429 {
    static final long BASE_NANOS = 1_000_000_000L;
    static final long FORGET_NANOS = 600_000_000_000L;  // ten minutes without a 429: start from 1 s again
    private final long capNanos;
    private int start;          // the level an episode starts at (pause = BASE << level)
    private int level = -1;     // the current episode's level, -1 between episodes
    private long pausedAt;      // when the current episode's last pause began
    private long lastEnded = Long.MIN_VALUE;
    private boolean ever;

    /** @param capNanos the longest pause (at least {@link #BASE_NANOS}) */
    Backoff429(long capNanos) {
        this.capNanos = Math.max(BASE_NANOS, capNanos);
    }

    /**
     * A silent 429 to a request sent at {@code sentNanos}: the pause (ns from {@code now}) to apply, or 0 when it
     * was sent before the current pause began (the pause already covers it).
     */
    long on429(long now, long sentNanos) {
        if (level >= 0 && sentNanos - pausedAt < 0) return 0;
        if (level < 0) {
            if (ever && now - lastEnded > FORGET_NANOS) start = 0;
            level = start;
        } else if (pause(level) < capNanos) {
            level++;
        }
        ever = true;
        pausedAt = now;
        return pause(level);
    }

    /** An answer other than 429 (or a 429 that said when to come back) to a request sent at {@code sentNanos}. */
    void onAnswer(long now, long sentNanos) {
        if (level < 0 || sentNanos - pausedAt < 0) return;
        start = Math.max(0, level - 1);
        level = -1;
        lastEnded = now;
    }

    /** The pause for a level: BASE·2^level, capped. */
    long pause(int lvl) {
        if (lvl >= 32) return capNanos;
        return Math.min(capNanos, BASE_NANOS << lvl);
    }

    /** The level the next episode starts at (for tests). */
    int start() {
        return start;
    }
}
