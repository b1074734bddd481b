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
 * @param silent429 a 429 that says neither when to come back (no Retry-After) nor when the quota resets: the host
 *                  backs off exponentially ({@link Backoff429})
 */
public record ResponseSignal(long sentNanos, long latencyNanos, int status, long quotaLimit, long quotaRemaining,
                             long quotaResetNanos, boolean silent429) {
    /** A signal whose 429 (if any) the caller paces itself (a Retry-After it honours): no backoff here. */
    public ResponseSignal(long sentNanos, long latencyNanos, int status, long quotaLimit, long quotaRemaining,
                          long quotaResetNanos) {
        this(sentNanos, latencyNanos, status, quotaLimit, quotaRemaining, quotaResetNanos, false);
    }

    public boolean hasQuota() {
        return quotaRemaining >= 0 && quotaResetNanos >= 0;
    }

    /**
     * 429 says "too fast"; so do 503 and the 502 and 504 a proxy (nginx, a load balancer) answers for a backend
     * that is overloaded or down ({@link #overloaded}).
     */
    public boolean congestion() {
        return status == 429 || overloaded(status);
    }

    /** 502, 503, 504: the server (or the backend behind its proxy) cannot answer now. */
    public static boolean overloaded(int status) {
        return status == 502 || status == 503 || status == 504;
    }
}
