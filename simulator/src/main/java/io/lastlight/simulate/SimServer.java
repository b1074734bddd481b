package io.lastlight.simulate;

import io.lastlight.core.UserException;
import io.lastlight.simulate.html.HtmlPages;
import io.lastlight.simulate.http.AccessLog;
import io.lastlight.simulate.http.MiniHttpServer;
import io.lastlight.simulate.http.RateLimiter;
import io.lastlight.simulate.http.Request;
import io.lastlight.simulate.http.Response;
import io.lastlight.simulate.parler.ParlerApi;
import io.lastlight.simulate.world.Mix;
import io.lastlight.simulate.world.World;

import java.io.IOException;
import java.net.BindException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The simulated platform on a loopback port: three faces (Parler JSON, Mastodon JSON, HTML) over one
 * {@link World}, behind a per-client token bucket, optional cookie auth, injected faults, and a deadline
 * after which it goes dark (the listening socket closes: connections are refused), in real time, world
 * time, or requests answered.
 *
 * <p>Request pipeline: rate limit (429 + Retry-After, not faulted) → auth (401) → route → fault injection
 * (robots.txt is never faulted) → rate-limit headers and rotated jst cookie.
 */
public final class SimServer implements AutoCloseable {
    private final SimConfig cfg;
    private final World world;
    private final MiniHttpServer http;
    private final RateLimiter limiter;
    private final FaultSpec faults;
    private final AccessLog accessLog;
    private final String robotsTxt;
    private final Instant realStart;
    private final URI baseUri;
    private final AtomicLong sequence = new AtomicLong();
    private final AtomicLong arrived = new AtomicLong();  // requests read from the network
    private final ScheduledExecutorService timer;
    private final String mst;
    private volatile GroundTruth truth;
    private volatile boolean dark;

    private SimServer(SimConfig cfg) throws IOException {
        this.cfg = cfg;
        this.world = new World(cfg);
        this.faults = FaultSpec.parse(cfg.faults());
        this.robotsTxt = Robots.render(cfg.robots());
        this.limiter = cfg.rate() > 0 ? new RateLimiter(cfg.rate(), cfg.burst(), System::nanoTime) : null;
        this.mst = hex(Mix.hash(cfg.seed(), 0x6D7374, 1)) + hex(Mix.hash(cfg.seed(), 0x6D7374, 2));
        this.realStart = cfg.clock().instant();
        if (cfg.darkAt() != null && !cfg.darkAt().isAfter(cfg.worldStart())) {
            throw new UserException("--dark-at " + cfg.darkAt() + " is not after the world start " + cfg.worldStart() + "; choose a later time");
        }
        this.accessLog = cfg.accessLog() != null ? new AccessLog(cfg.accessLog()) : null;
        try {
            this.http = new MiniHttpServer(cfg.host(), cfg.port(), cfg.threads(), this::serve, this::log);
        } catch (BindException e) {
            if (accessLog != null) accessLog.close();
            throw new UserException("cannot listen on " + cfg.host() + ":" + cfg.port() + " (" + e.getMessage() + "); choose another --port or 0 for a free one", e);
        }
        this.baseUri = URI.create("http://" + cfg.host() + ":" + http.port());
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "sim-dark-timer");
            t.setDaemon(true);
            return t;
        });
        Duration untilDark = null;
        if (cfg.darkAfter() != null) untilDark = cfg.darkAfter();
        if (cfg.darkAt() != null) {
            long worldMs = Duration.between(cfg.worldStart(), cfg.darkAt()).toMillis();
            Duration d = Duration.ofMillis((long) (worldMs / cfg.timeScale()));
            if (untilDark == null || d.compareTo(untilDark) < 0) untilDark = d;
        }
        if (untilDark != null) timer.schedule(this::goDark, untilDark.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Starts serving on {@code cfg.host():cfg.port()} (port 0 = a free port). */
    public static SimServer start(SimConfig cfg) {
        try {
            return new SimServer(cfg);
        } catch (IOException e) {
            throw new UserException("cannot start the simulated platform: " + e.getMessage(), e);
        }
    }

    public URI baseUri() {
        return baseUri;
    }

    public SimConfig config() {
        return cfg;
    }

    public World world() {
        return world;
    }

    /** The ground truth (computed once, on first use). */
    public GroundTruth truth() {
        GroundTruth t = truth;
        if (t == null) {
            synchronized (this) {
                if (truth == null) truth = GroundTruth.compute(world);
                t = truth;
            }
        }
        return t;
    }

    /** The current world time: world start + elapsed real time × time scale. */
    public Instant worldNow() {
        long elapsedMs = Duration.between(realStart, cfg.clock().instant()).toMillis();
        return cfg.worldStart().plusMillis((long) (elapsedMs * cfg.timeScale()));
    }

    /** The long-lived session cookie value ({@code mst}) when --auth is on. */
    public String mstCookie() {
        return mst;
    }

    /** The jst cookie value valid at the given world time (it rotates every 5 world minutes). */
    public String jstCookie(Instant worldTime) {
        return jstFor(jstPeriod(worldTime));
    }

    private static long jstPeriod(Instant worldTime) {
        return Math.floorDiv(worldTime.getEpochSecond(), 300);
    }

    private String jstFor(long period) {
        return hex(Mix.hash(cfg.seed(), 0x6A7374, period));
    }

    public boolean isDark() {
        return dark;
    }

    /** Goes dark now: the listening socket closes and open connections are dropped. */
    public void goDark() {
        dark = true;
        http.close();
    }

    /**
     * Requests taken to be answered over the network so far (counted as each arrives, whatever its answer:
     * {@link #handle} called directly does not count). With {@link SimConfig#darkAfterRequests} it stops at
     * that number: a request arriving after it finds its connection dropped instead.
     */
    public long requestsAnswered() {
        long n = arrived.get();
        long limit = cfg.darkAfterRequests();
        return limit > 0 ? Math.min(n, limit) : n;
    }

    /** A request from the network: answered, unless the request budget is spent (then dark). */
    private Response serve(Request req) {
        long n = arrived.incrementAndGet();
        long limit = cfg.darkAfterRequests();
        if (limit > 0 && n > limit) {
            // Close on the timer thread, not this one: closing drops this connection, as going dark should.
            if (n == limit + 1) {
                try {
                    timer.execute(this::goDark);
                } catch (java.util.concurrent.RejectedExecutionException closing) {
                    // the server is being closed anyway
                }
            }
            return ParlerApi.error(503, "gone dark").delivery(Response.Delivery.RESET).note("dark");
        }
        return handle(req);
    }

    /** Answers one request without a socket (used by the server and by tests for byte-level checks). */
    public Response handle(Request req) {
        return handle(req, worldNow(), baseFor(req));
    }

    private String baseFor(Request req) {
        String host = req.header("host");
        if (host != null && !host.isEmpty() && host.matches("[A-Za-z0-9.\\-:\\[\\]]+")) return "http://" + host;
        return baseUri.toString();
    }

    /** Answers one request at the given world time with absolute links against {@code base}. */
    public Response handle(Request req, Instant now, String base) {
        RateLimiter.Decision d = null;
        if (limiter != null) {
            d = limiter.acquire(req.client());
            if (!d.admitted()) {
                Response r = ParlerApi.error(429, "rate limit exceeded; retry after " + d.retryAfterSeconds() + "s");
                r.header("Retry-After", Long.toString(d.retryAfterSeconds()));
                return withRateHeaders(r, d, req, now).nanos(d.nanos());
            }
        }
        Ctx ctx = new Ctx(world, now, base);
        String path = req.path();
        Response r = null;
        String setJst = null;
        boolean parler = path.startsWith("/v1/") || path.startsWith("/v3/");
        if (parler && cfg.auth()) {
            long period = jstPeriod(now);
            if (path.equals("/v1/login")) {
                if (!req.method().equals("POST")) {
                    r = ParlerApi.error(405, "use POST /v1/login");
                } else {
                    r = Response.json(200, "{\"mst\":\"" + mst + "\",\"jst\":\"" + jstFor(period) + "\"}");
                    r.header("Set-Cookie", "mst=" + mst + "; Path=/; HttpOnly");
                    setJst = jstFor(period);
                }
            } else {
                String m = req.cookie("mst"), j = req.cookie("jst");
                boolean ok = mst.equals(m) && j != null && (j.equals(jstFor(period)) || j.equals(jstFor(period - 1)));
                if (!ok) {
                    r = ParlerApi.error(401, "unauthorized: send the mst and jst cookies (POST /v1/login issues them)");
                } else if (!j.equals(jstFor(period))) {
                    setJst = jstFor(period);
                }
            }
        }
        if (r == null) r = route(req, ctx);
        if (!path.equals("/robots.txt") && !faults.isEmpty()) r = injectFault(r, req);
        if (setJst != null) r.header("Set-Cookie", "jst=" + setJst + "; Path=/; HttpOnly");
        if (d != null) {
            withRateHeaders(r, d, req, now);
            r.nanos(d.nanos());
        }
        return r;
    }

    private Response withRateHeaders(Response r, RateLimiter.Decision d, Request req, Instant now) {
        if (!cfg.rateHeaders()) return r;
        if (req.path().startsWith("/api/")) {
            Instant reset = cfg.clock().instant().plusMillis((long) (d.secondsToFull() * 1000)).truncatedTo(ChronoUnit.MILLIS);
            r.header("X-RateLimit-Limit", Integer.toString(d.limit()));
            r.header("X-RateLimit-Remaining", Long.toString(d.remaining()));
            r.header("X-RateLimit-Reset", reset.toString());
        } else {
            r.header("x-ratelimit-limit", Integer.toString(d.limit()));
            r.header("x-ratelimit-remaining", Long.toString(d.remaining()));
            r.header("x-ratelimit-reset", Long.toString(d.resetSeconds()));
        }
        return r;
    }

    private Response route(Request req, Ctx ctx) {
        String path = req.path();
        if (path.equals("/robots.txt")) return Response.text(200, "text/plain; charset=utf-8", robotsTxt);
        Response r = ParlerApi.route(req, ctx);
        if (r != null) return r;
        r = io.lastlight.simulate.mastodon.MastodonDialects.route(req, ctx, cfg.dialect(), cfg.token());
        if (r != null) return r;
        if (path.startsWith("/media/")) {
            byte[] b = Media.bytes(path);
            if (b == null) return ParlerApi.error(404, "not found");
            return new Response(200, path.endsWith(".png") ? "image/png" : "image/jpeg", b).header("Cache-Control", "max-age=86400");
        }
        r = HtmlPages.route(req, ctx);
        if (r != null) return r;
        return ParlerApi.error(404, "not found");
    }

    private Response injectFault(Response r, Request req) {
        long seq = sequence.getAndIncrement();
        FaultSpec.Kind k = faults.kindAt(cfg.seed(), seq);
        if (k == null) return r;
        long h = Mix.hash(cfg.seed(), 0xFA018L, seq);
        switch (k) {
            case SERVER_ERROR: {
                int status = new int[]{500, 502, 503}[Mix.pick(h, 3)];
                Response e = ParlerApi.error(status, status == 502 ? "bad gateway" : status == 503 ? "service unavailable" : "internal server error");
                if (status == 503) e.header("Retry-After", "1");
                return e.note("fault=5xx");
            }
            case RESET:
                return r.delivery(Response.Delivery.RESET).note("fault=reset");
            case SLOW:
                return r.delayMillis(cfg.slowDelay().toMillis()).note("fault=slow");
            case TRUNCATE:
                return r.delivery(Response.Delivery.TRUNCATE).note("fault=truncate");
            case MALFORMED: {
                byte[] b = r.body();
                int cut = Math.max(1, b.length * 3 / 5);
                byte[] bad = new byte[Math.min(cut, b.length) + 7];
                System.arraycopy(b, 0, bad, 0, Math.min(cut, b.length));
                System.arraycopy("\u0000<!--}{".getBytes(StandardCharsets.ISO_8859_1), 0, bad, Math.min(cut, b.length), 7);
                r.body(bad);
                return r.note("fault=malformed");
            }
            case CHALLENGE: {
                int status = Mix.pick(h, 2) == 0 ? 403 : 503;
                Response c = Response.text(status, "text/html; charset=UTF-8", HtmlPages.challenge(req.path()));
                c.header("Server", "cloudflare");
                c.header("cf-mitigated", "challenge");
                c.header("Cache-Control", "private, max-age=0, no-store, no-cache, must-revalidate");
                return c.note("fault=challenge");
            }
            case STORM: {
                Response t = ParlerApi.error(429, "rate limit exceeded; retry after 1s");
                t.header("Retry-After", "1");
                return t.note("fault=storm");
            }
            default:
                return r;
        }
    }

    private void log(long nanos, int status, Request req, Response resp) {
        if (accessLog != null) accessLog.log(resp.nanos() != 0 ? resp.nanos() : nanos, status, req.target(), resp.note());
    }

    private static String hex(long v) {
        String s = Long.toHexString(v);
        return "0000000000000000".substring(s.length()) + s;
    }

    @Override
    public void close() {
        timer.shutdownNow();
        http.close();
        if (accessLog != null) accessLog.close();
    }
}
