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
