package io.lastlight.crawl;

import io.lastlight.fetch.GuardedDnsResolver;
import io.lastlight.frontier.Frontier;

import java.time.Clock;
import java.time.Duration;

/**
 * Whether the crawl's platform has ever answered over HTTP, and a short patience with one that never has.
 *
 * <p>An outage of a platform that has answered is ridden out ({@code outage_window_s}, {@code dark_after_failures};
 * an unreachable robots.txt keeps its host's items waiting). A base that refuses connections, has no address or fails
 * TLS from the very first request is almost always a wrong {@code --base} or a server that is not running: riding that
 * out showed nothing but {@code captures: 0} for hours (the review's {@code --base http://127.0.0.1:1}; robots.txt
 * "unreachable", the items "waiting", no rule ever firing). So, as wget gives up on a refused connection and Heritrix
 * on a host it cannot reach, such a crawl stops after {@link #ATTEMPTS} failures with no answer over at least
 * {@link #PATIENCE} (or the outage window, if shorter: a restarting server gets that long), its items still queued.
 * Timeouts and resets count too: {@code https://} to a port speaking plain HTTP often ends in a timeout during the
 * TLS handshake ({@code SocketTimeoutException}, no different from a slow answer), and a base that has not given one
 * HTTP answer in that many tries is as unusable as one that refuses.
 *
 * <p>The first answer (any status, robots.txt included) is stored in the frontier ({@link #META_KEY}), so a resumed
 * crawl, and every worker of a shared one, rides an outage out as before.
 */
final class BaseReachability {
    /** Frontier meta key: when the platform first answered (ISO instant). */
    static final String META_KEY = "first_answer_at";
    /** Failed fetches, with no answer ever, that stop the crawl (once {@link #PATIENCE} has passed too). */
    static final int ATTEMPTS = 5;
    /** The least time from the first such failure to the stop. */
    static final Duration PATIENCE = Duration.ofSeconds(15);

    private final Frontier frontier;
    private final Clock clock;
    private final long patienceNanos;
    private volatile boolean answered;
    private int failures;
    private long firstFailureNanos;

    BaseReachability(Frontier frontier, Clock clock, Duration outageWindow, boolean answeredBefore) {
        this.frontier = frontier;
        this.clock = clock;
        this.patienceNanos = Math.min(PATIENCE.toNanos(), outageWindow.toNanos());
        this.answered = answeredBefore;
    }

    /** For the crawl in {@code frontier}: it has answered if that is recorded, or if it holds captured items (older crawls). */
    static BaseReachability of(Frontier frontier, Clock clock, Duration outageWindow) {
        boolean before = frontier.getMeta(META_KEY).isPresent() || frontier.stats().done() > 0;
        return new BaseReachability(frontier, clock, outageWindow, before);
    }

    boolean everAnswered() {
        return answered;
    }

    /** The platform answered (any HTTP status): from now on its failures are outages to ride out. */
    void answered() {
        if (answered) return;
        synchronized (this) {
            if (answered) return;
            answered = true;
            frontier.putMeta(META_KEY, clock.instant().toString());
        }
    }

    /**
     * Counts a fetch that got no answer. Returns why the crawl is to stop (the platform never answered and fetches
     * keep failing), or null: after any answer, for an address the crawl's own guard refused, and until
     * {@link #ATTEMPTS} failures over the patience.
     *
     * @param described the failure as the log says it ({@code FetchResult.describeError})
     */
    synchronized String failed(Throwable error, String described, long nowNanos) {
        if (answered || refusedByGuard(error)) return null;
        if (failures++ == 0) firstFailureNanos = nowNanos;
        long waited = nowNanos - firstFailureNanos;
        if (failures < ATTEMPTS || waited < patienceNanos) return null;
        return failures + " requests in a row got no answer over " + Math.round(waited / 1e9) + " s (" + described + ")";
    }

    /** An address the crawl's own guard refused (a private one): not the platform's failure; it fails its items. */
    static boolean refusedByGuard(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof GuardedDnsResolver.RefusedAddressException) return true;
        }
        return false;
    }
}
