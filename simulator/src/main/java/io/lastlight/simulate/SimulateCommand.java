package io.lastlight.simulate;

import io.lastlight.core.UserException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** {@code lastlight simulate}: serve the simulated platform (or just write its ground truth). */
@Command(name = "simulate", mixinStandardHelpOptions = true, versionProvider = SimulateCommand.VersionProvider.class,
        description = {"Serve a simulated social platform on 127.0.0.1: a deterministic world (users, follow graph, posts, "
                + "echoes, comments, media, moderation over time) behind three faces at once: the Parler-style JSON API "
                + "(/v1/...), a Mastodon-compatible API (/api/v1/...) and HTML pages (/profile/NAME, /post/ID).",
                "Prints the base URL as the first line of standard output, then serves until killed (SIGTERM/SIGINT). "
                + "Endpoints, shapes and the ground-truth JSON: docs/simulator.md.", ""},
        footerHeading = "%nExamples:%n",
        footer = {"  lastlight simulate --port 0 --users 2000 --seed 7 --rate 20 --truth truth.json",
                "  lastlight simulate --users 1000000 --truth-only --truth big-truth.json",
                "  lastlight simulate --faults 5xx=0.05,reset=0.01,challenge=0.01 --dark-after 10m",
                "",
                "Exit codes:",
                "  0  served until killed, or --truth-only finished",
                "  1  runtime failure (e.g. the port is taken, the truth file cannot be written)",
                "  2  bad usage"})
public final class SimulateCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--port", paramLabel = "PORT", description = "TCP port on 127.0.0.1; 0 = a free port (default: ${DEFAULT-VALUE}).")
    int port = 0;

    @Option(names = "--users", paramLabel = "N", description = "Number of accounts in the world, 1..50,000,000 (default: ${DEFAULT-VALUE}). Generated lazily: 1,000,000 works.")
    int users = 20_000;

    @Option(names = "--seed", paramLabel = "S", description = "World seed: same seed and options → byte-identical responses (default: ${DEFAULT-VALUE}).")
    long seed = 1;

    @Option(names = "--rate", paramLabel = "R", description = "Requests per second admitted per client (token bucket); excess gets 429 + Retry-After. 0 = unlimited (default: ${DEFAULT-VALUE}).")
    double rate = 0;

    @Option(names = "--burst", paramLabel = "B", description = "Token bucket capacity: requests a fresh client may send at once (default: ceil(rate), at least 1).")
    int burst = 0;

    @Option(names = "--rate-headers", paramLabel = "on|off", description = "Send x-ratelimit-limit/-remaining/-reset on every response (off = a hidden limit; 429 + Retry-After still sent). Default: on.")
    String rateHeaders = "on";

    @Option(names = "--faults", paramLabel = "SPEC", description = "Fractions of requests that fail, e.g. 5xx=0.1,reset=0.02,slow=0.05,truncate=0.01,malformed=0.01,challenge=0.01,storm=0.05 (seeded, deterministic per request sequence).")
    String faults = "";

    @Option(names = "--slow-delay", paramLabel = "DURATION", description = "Delay of a 'slow' fault response, e.g. 2s or 500ms (default: 2s).")
    String slowDelay = "2s";

    @Option(names = "--dark-after", paramLabel = "DURATION", description = "Go dark (refuse every connection) after this much real time, e.g. 90s, 10m, 2h.")
    String darkAfter;

    @Option(names = "--dark-after-requests", paramLabel = "N", description = "Go dark (refuse every connection) once N requests have been answered, however fast the client runs.")
    Long darkAfterRequests;

    @Option(names = "--dark-at", paramLabel = "TIME", description = "Go dark when the WORLD clock reaches this ISO-8601 instant, e.g. 2021-01-11T03:59:00Z (world time = --world-start + real elapsed × --time-scale).")
    String darkAt;

    @Option(names = "--auth", description = "Require the cookies mst and jst on /v1 and /v3 (POST /v1/login issues them; jst rotates every 5 world minutes via Set-Cookie; the previous jst stays valid one period). Missing/wrong → 401.")
    boolean auth;

    @Option(names = "--robots", paramLabel = "POLICY", description = "robots.txt: allow | disallow:/path,/path2 | crawl-delay:N, combinable with ';' (default: ${DEFAULT-VALUE}).")
    String robots = "allow";

    @Option(names = "--access-log", paramLabel = "FILE", description = "Write one line per request: <monotonic nanos> <status> <path?query> [fault=KIND] (status 0 = connection reset).")
    Path accessLog;

    @Option(names = "--truth", paramLabel = "FILE", description = "Write the ground truth as JSON before serving (users, reachable_users, posts, seed_users, top_followers, ...).")
    Path truth;

    @Option(names = "--truth-only", description = "Write the ground truth (to --truth FILE, or standard output) and exit without serving.")
    boolean truthOnly;

    @Option(names = "--world-start", paramLabel = "TIME", description = "World clock at startup, ISO-8601 (default: 2021-01-09T00:00:00Z). Sign-ups end the day before.")
    String worldStart = "2021-01-09T00:00:00Z";

    @Option(names = "--time-scale", paramLabel = "X", description = "World seconds per real second (default: ${DEFAULT-VALUE}). Moderation after the start begins 1 world hour in.")
    double timeScale = 1.0;

    @Option(names = "--violent-fraction", paramLabel = "F", description = "Share of posts that incite or threaten violence (default: ${DEFAULT-VALUE}).")
    double violentFraction = 0.015;

    @Option(names = "--mean-posts", paramLabel = "P", description = "Mean posts per user, heavy-tailed (default: ${DEFAULT-VALUE}; 20 gives 20M posts at 1M users).")
    double meanPosts = 10;

    @Option(names = "--threads", paramLabel = "T", description = "Maximum concurrent connections served (default: ${DEFAULT-VALUE}).")
    int threads = 256;

    @Option(names = "--dialect", paramLabel = "NAME", description = "Which server the Mastodon API face (/api/v1) plays: mastodon, gab (lookup by account_by_username; without a token: 8 statuses of the last 30 days, 429 {\"error\": true} on paging, 401 on follow lists, 422 on threads) or truthsocial (statuses paged by max_id without Link, replies from /context/descendants, Cloudflare headers). Default: ${DEFAULT-VALUE}.")
    String dialect = "mastodon";

    @Option(names = "--token", paramLabel = "TOKEN", description = "Bearer token the Mastodon face accepts as a logged-in client (a test value, not a secret); without it every client is anonymous.")
    String token;

    private final CountDownLatch stop = new CountDownLatch(1);

    /** Prints the lastlight version for {@code simulate --version}. */
    public static final class VersionProvider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[]{io.lastlight.core.Version.software() + " simulate"};
        }
    }

    /** Releases a running {@link #call()} (tests; signals use the shutdown hook). */
    public void stop() {
        stop.countDown();
    }

    private CommandLine.ParameterException bad(String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }

    SimConfig config() {
        SimConfig.Builder b = SimConfig.builder().users(users).seed(seed).rate(rate).burst(burst).port(port)
                .faults(faults).auth(auth).robots(robots).accessLog(accessLog).timeScale(timeScale)
                .violentFraction(violentFraction).meanPosts(meanPosts).threads(threads).token(token);
        String face = dialect == null ? "" : dialect.trim().toLowerCase(java.util.Locale.ROOT);
        if (!List.of("mastodon", "gab", "truthsocial").contains(face)) {
            throw bad("--dialect must be mastodon, gab or truthsocial, got '" + dialect + "'");
        }
        b.dialect(face);
        switch (rateHeaders.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "on": case "true": case "yes": b.rateHeaders(true); break;
            case "off": case "false": case "no": b.rateHeaders(false); break;
            default: throw bad("--rate-headers must be on or off, got '" + rateHeaders + "'");
        }
        try {
            FaultSpec.parse(faults);
        } catch (IllegalArgumentException e) {
            throw bad("--faults: " + e.getMessage());
        }
        try {
            Robots.render(robots);
        } catch (IllegalArgumentException e) {
            throw bad("--robots: " + e.getMessage());
        }
        try {
            b.slowDelay(Durations.parse(slowDelay));
        } catch (IllegalArgumentException e) {
            throw bad("--slow-delay: " + e.getMessage());
        }
        if (darkAfter != null) {
            try {
                Duration d = Durations.parse(darkAfter);
                if (d.isZero() || d.isNegative()) throw new IllegalArgumentException("must be positive, e.g. 90s");
                b.darkAfter(d);
            } catch (IllegalArgumentException e) {
                throw bad("--dark-after: " + e.getMessage());
            }
        }
        if (darkAfterRequests != null) {
            if (darkAfterRequests < 1) throw bad("--dark-after-requests must be at least 1, got " + darkAfterRequests);
            b.darkAfterRequests(darkAfterRequests);
        }
        Instant start;
        try {
            start = Instant.parse(worldStart);
        } catch (DateTimeParseException e) {
            throw bad("--world-start: '" + worldStart + "' is not an ISO-8601 instant such as 2021-01-09T00:00:00Z");
        }
        b.worldStart(start);
        if (darkAt != null) {
            try {
                b.darkAt(Instant.parse(darkAt));
            } catch (DateTimeParseException e) {
                throw bad("--dark-at: '" + darkAt + "' is not an ISO-8601 instant such as 2021-01-11T03:59:00Z");
            }
        }
        if (threads < 4) throw bad("--threads must be at least 4, got " + threads);
        try {
            return b.build();
        } catch (IllegalArgumentException e) {
            throw bad(e.getMessage());
        }
    }

    @Override
    public Integer call() throws Exception {
        SimConfig cfg = config();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (truthOnly || truth != null) {
            GroundTruth t = GroundTruth.compute(cfg);
            if (truth != null) {
                t.writeJson(truth);
            } else {
                out.println(new com.fasterxml.jackson.databind.ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(t.toJson()));
                out.flush();
            }
            if (truthOnly) return 0;
        }
        if (cfg.darkAt() != null && !cfg.darkAt().isAfter(cfg.worldStart())) {
            throw new UserException("--dark-at " + cfg.darkAt() + " is not after --world-start " + cfg.worldStart() + "; choose a later time");
        }
        SimServer server = SimServer.start(cfg);
        Thread hook = new Thread(() -> {
            server.close();
            stop.countDown();
        }, "sim-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        out.println(server.baseUri());
        out.flush();
        err.println("simulate: serving " + cfg.users() + " users (seed " + cfg.seed() + ") at " + server.baseUri()
                + (cfg.rate() > 0 ? ", rate " + cfg.rate() + "/s burst " + cfg.burst() : ", no rate limit")
                + (cfg.auth() ? ", auth on (mst=" + server.mstCookie() + ")" : "")
                + (cfg.dialect().equals("mastodon") ? "" : ", Mastodon face plays " + cfg.dialect())
                + (cfg.token() != null ? ", bearer token accepted" : "")
                + "; stop with Ctrl-C");
        err.flush();
        try {
            stop.await();
        } finally {
            server.close();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // JVM is exiting: the hook runs anyway
            }
        }
        return 0;
    }
}
