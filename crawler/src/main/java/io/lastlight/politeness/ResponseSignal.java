package io.lastlight.politeness;

/**
 * What a response says about the server's tolerance: its status, latency, when it was sent, and the
 * {@code x-ratelimit-*} quota if the server sent one.
 *
 * @param sentNanos monotonic time the request was sent
 * @param latencyNanos time to the complete response (or the error)
 * @param status HTTP status, 0 for a transport error
 * @param quotaLimit {@code x-ratelimit-limit}, or -1
 * @param quotaRemaining {@code x-ratelimit-remaining}, or -1
 * @param quotaResetNanos nanoseconds until the quota resets ({@code x-ratelimit-reset}), or -1
 */
public record ResponseSignal(long sentNanos, long latencyNanos, int status, long quotaLimit, long quotaRemaining,
                             long quotaResetNanos) {
    public boolean hasQuota() {
        return quotaRemaining >= 0 && quotaResetNanos >= 0;
    }

    /** 429 and 503 say "too fast". */
    public boolean congestion() {
        return status == 429 || status == 503;
    }
}
