package io.lastlight.simulate;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Everything that defines a simulated platform: the world (users, seed, shape parameters) and the stress
 * applied to clients (rate limit, faults, going dark, auth, robots.txt). Immutable; build with
 * {@link #builder()}. Same world parameters and seed → the same world, byte for byte.
 */
public final class SimConfig {
    public static final Instant DEFAULT_WORLD_START = Instant.parse("2021-01-09T00:00:00Z");

    private final int users;
    private final long seed;
    private final double rate;
    private final int burst;
    private final boolean rateHeaders;
    private final String faults;
    private final Duration darkAfter;
    private final long darkAfterRequests;
    private final Instant darkAt;
    private final boolean auth;
    private final String robots;
    private final Path accessLog;
    private final int port;
    private final String host;
    private final Instant worldStart;
    private final double timeScale;
    private final Clock clock;
    private final double violentFraction;
    private final double hardNegativeFraction;
    private final double meanPosts;
    private final double commentsPerPost;
    private final double deletedFraction;
    private final double bannedFraction;
    private final double spikeScale;
    private final Boolean phantomFollowers;
    private final Duration slowDelay;
    private final int maxSeedUsers;
    private final int threads;
    private final String dialect;
    private final String token;

    private SimConfig(Builder b) {
        this.users = b.users;
        this.seed = b.seed;
        this.rate = b.rate;
        this.burst = b.burst > 0 ? b.burst : Math.max(1, (int) Math.ceil(b.rate));
        this.rateHeaders = b.rateHeaders;
        this.faults = b.faults == null ? "" : b.faults;
        this.darkAfter = b.darkAfter;
        this.darkAfterRequests = b.darkAfterRequests;
        this.darkAt = b.darkAt;
        this.auth = b.auth;
        this.robots = b.robots == null ? "allow" : b.robots;
        this.accessLog = b.accessLog;
        this.port = b.port;
        this.host = b.host;
        this.worldStart = b.worldStart;
        this.timeScale = b.timeScale;
        this.clock = b.clock;
        this.violentFraction = b.violentFraction;
        this.hardNegativeFraction = b.hardNegativeFraction;
        this.meanPosts = b.meanPosts;
        this.commentsPerPost = b.commentsPerPost;
        this.deletedFraction = b.deletedFraction;
        this.bannedFraction = b.bannedFraction;
        this.spikeScale = b.spikeScale;
        this.phantomFollowers = b.phantomFollowers;
        this.slowDelay = b.slowDelay;
        this.maxSeedUsers = b.maxSeedUsers;
        this.threads = b.threads;
        this.dialect = b.dialect;
        this.token = b.token;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.users = users; b.seed = seed; b.rate = rate; b.burst = burst; b.rateHeaders = rateHeaders;
        b.faults = faults; b.darkAfter = darkAfter; b.darkAfterRequests = darkAfterRequests; b.darkAt = darkAt; b.auth = auth; b.robots = robots;
        b.accessLog = accessLog; b.port = port; b.host = host; b.worldStart = worldStart; b.timeScale = timeScale;
        b.clock = clock; b.violentFraction = violentFraction; b.hardNegativeFraction = hardNegativeFraction;
        b.meanPosts = meanPosts; b.commentsPerPost = commentsPerPost; b.deletedFraction = deletedFraction;
        b.bannedFraction = bannedFraction; b.spikeScale = spikeScale; b.phantomFollowers = phantomFollowers;
        b.slowDelay = slowDelay; b.maxSeedUsers = maxSeedUsers; b.threads = threads;
        b.dialect = dialect; b.token = token;
        return b;
    }

    /** Which server the Mastodon face plays: mastodon (stock), gab or truthsocial (see MastodonDialects). */
    public String dialect() { return dialect; }
    /** The bearer token the Mastodon face accepts (a logged-in client), or null: every client is anonymous. */
    public String token() { return token; }
    public int users() { return users; }
    public long seed() { return seed; }
    /** Requests per second admitted per client; 0 = unlimited. */
    public double rate() { return rate; }
    /** Token bucket capacity (default: ceil(rate), at least 1). */
    public int burst() { return burst; }
    public boolean rateHeaders() { return rateHeaders; }
    public String faults() { return faults; }
    public Duration darkAfter() { return darkAfter; }
    /**
     * Requests answered before the platform goes dark (0 = no such limit): a budget counted in requests, so
     * a client gets the same number of answers however fast or slow it runs.
     */
    public long darkAfterRequests() { return darkAfterRequests; }
    /** World time at which the platform goes dark (null = never). */
    public Instant darkAt() { return darkAt; }
    public boolean auth() { return auth; }
    public String robots() { return robots; }
    public Path accessLog() { return accessLog; }
    public int port() { return port; }
    public String host() { return host; }
    public Instant worldStart() { return worldStart; }
    /** World seconds per real second. */
    public double timeScale() { return timeScale; }
    public Clock clock() { return clock; }
    public double violentFraction() { return violentFraction; }
    public double hardNegativeFraction() { return hardNegativeFraction; }
    public double meanPosts() { return meanPosts; }
    public double commentsPerPost() { return commentsPerPost; }
    public double deletedFraction() { return deletedFraction; }
    public double bannedFraction() { return bannedFraction; }
    public double spikeScale() { return spikeScale; }
    /** Whether top accounts display more followers than the simulated population holds (default: users ≥ 10,000). */
    public boolean phantomFollowers() { return phantomFollowers != null ? phantomFollowers : users >= 10_000; }
    public Duration slowDelay() { return slowDelay; }
    public int maxSeedUsers() { return maxSeedUsers; }
    public int threads() { return threads; }

    public static final class Builder {
        private int users = 20_000;
        private long seed = 1;
        private double rate = 0;
        private int burst = 0;
        private boolean rateHeaders = true;
        private String faults = "";
        private Duration darkAfter;
        private long darkAfterRequests;
        private Instant darkAt;
        private boolean auth;
        private String robots = "allow";
        private Path accessLog;
        private int port = 0;
        private String host = "127.0.0.1";
        private Instant worldStart = DEFAULT_WORLD_START;
        private double timeScale = 1.0;
        private Clock clock = Clock.systemUTC();
        private double violentFraction = 0.015;
        private double hardNegativeFraction = 0.04;
        private double meanPosts = 10;
        private double commentsPerPost = 0.5;
        private double deletedFraction = 0.02;
        private double bannedFraction = 0.005;
        private double spikeScale = 1.0;
        private Boolean phantomFollowers;
        private Duration slowDelay = Duration.ofSeconds(2);
        private int maxSeedUsers = 5;
        private int threads = 256;
        private String dialect = "mastodon";
        private String token;

        private Builder() {}

        public Builder users(int v) { users = v; return this; }
        public Builder seed(long v) { seed = v; return this; }
        public Builder rate(double v) { rate = v; return this; }
        public Builder burst(int v) { burst = v; return this; }
        public Builder rateHeaders(boolean v) { rateHeaders = v; return this; }
        public Builder faults(String v) { faults = v; return this; }
        public Builder darkAfter(Duration v) { darkAfter = v; return this; }
        public Builder darkAfterRequests(long v) { darkAfterRequests = v; return this; }
        public Builder darkAt(Instant v) { darkAt = v; return this; }
        public Builder auth(boolean v) { auth = v; return this; }
        public Builder robots(String v) { robots = v; return this; }
        public Builder accessLog(Path v) { accessLog = v; return this; }
        public Builder port(int v) { port = v; return this; }
        public Builder host(String v) { host = v; return this; }
        public Builder worldStart(Instant v) { worldStart = v; return this; }
        public Builder timeScale(double v) { timeScale = v; return this; }
        public Builder clock(Clock v) { clock = v; return this; }
        public Builder violentFraction(double v) { violentFraction = v; return this; }
        public Builder hardNegativeFraction(double v) { hardNegativeFraction = v; return this; }
        public Builder meanPosts(double v) { meanPosts = v; return this; }
        public Builder commentsPerPost(double v) { commentsPerPost = v; return this; }
        public Builder deletedFraction(double v) { deletedFraction = v; return this; }
        public Builder bannedFraction(double v) { bannedFraction = v; return this; }
        public Builder spikeScale(double v) { spikeScale = v; return this; }
        public Builder phantomFollowers(Boolean v) { phantomFollowers = v; return this; }
        public Builder slowDelay(Duration v) { slowDelay = v; return this; }
        public Builder maxSeedUsers(int v) { maxSeedUsers = v; return this; }
        public Builder threads(int v) { threads = v; return this; }
        public Builder dialect(String v) { dialect = v; return this; }
        public Builder token(String v) { token = v == null || v.isEmpty() ? null : v; return this; }

        public SimConfig build() {
            if (users < 1) throw new IllegalArgumentException("users must be at least 1, got " + users);
            if (users > 50_000_000) throw new IllegalArgumentException("users must be at most 50,000,000, got " + users);
            if (rate < 0 || Double.isNaN(rate)) throw new IllegalArgumentException("rate must be ≥ 0 requests/s (0 = unlimited), got " + rate);
            if (burst < 0) throw new IllegalArgumentException("burst must be ≥ 1, got " + burst);
            if (port < 0 || port > 65535) throw new IllegalArgumentException("port must be 0..65535, got " + port);
            if (!(timeScale > 0)) throw new IllegalArgumentException("time scale must be > 0, got " + timeScale);
            if (meanPosts < 0 || commentsPerPost < 0) throw new IllegalArgumentException("post/comment means must be ≥ 0");
            for (double f : new double[]{violentFraction, hardNegativeFraction, deletedFraction, bannedFraction}) {
                if (f < 0 || f > 1) throw new IllegalArgumentException("fractions must be in [0,1], got " + f);
            }
            if (violentFraction + hardNegativeFraction > 1) throw new IllegalArgumentException("violent + hard-negative fractions exceed 1");
            if (darkAfter != null && (darkAfter.isNegative() || darkAfter.isZero())) throw new IllegalArgumentException("dark-after must be positive");
            if (darkAfterRequests < 0) throw new IllegalArgumentException("dark-after-requests must be ≥ 1 (0 = no limit), got " + darkAfterRequests);
            Objects.requireNonNull(clock, "clock");
            Objects.requireNonNull(worldStart, "worldStart");
            if (threads < 4) throw new IllegalArgumentException("threads must be ≥ 4");
            if (!java.util.List.of("mastodon", "gab", "truthsocial").contains(dialect)) {
                throw new IllegalArgumentException("dialect must be mastodon, gab or truthsocial, got " + dialect);
            }
            return new SimConfig(this);
        }
    }
}
