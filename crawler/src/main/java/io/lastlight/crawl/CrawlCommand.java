package io.lastlight.crawl;

import io.lastlight.core.UserException;
import io.lastlight.frontier.Frontier;
import io.lastlight.frontier.SqliteFrontier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code lastlight crawl}: polite, resumable capture of a platform into WARC. */
@Command(name = "crawl", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Capture a platform's public profiles, posts and follower lists into WARC files under OUT/warc/.",
                "Politeness: --rate is a hard ceiling (token bucket); 429 and Retry-After pause the crawl; 5xx and",
                "transport errors are retried with exponential backoff. The frontier (OUT/frontier.db) makes the",
                "crawl resumable after a crash or kill: run the same command with --resume."},
        footerHeading = "%nExit codes:%n",
        footer = {"  0  the crawl finished, was stopped cleanly, or the platform went dark (files are closed)",
                "  1  runtime failure (message says what to do)", "  2  bad usage"})
public final class CrawlCommand implements Callable<Integer> {
    @Option(names = "--platform", description = "Platform adapter: parler, or mastodon (Gab, Truth Social, any Mastodon server) (default: ${DEFAULT-VALUE}).", defaultValue = "parler")
    String platform;

    @Option(names = "--base", paramLabel = "URL", description = "Base URL of the platform's API, e.g. http://127.0.0.1:8080.")
    URI base;

    @Option(names = "--seed-user", paramLabel = "NAME", description = "Username to start from (repeatable).")
    List<String> seedUsers = new ArrayList<>();

    @Option(names = "--out", paramLabel = "DIR", required = true, description = "Output directory (WARC files in DIR/warc).")
    Path out;

    @Option(names = "--rate", paramLabel = "R", defaultValue = "5", description = "Hard ceiling in requests per second (default: ${DEFAULT-VALUE}).")
    double rate;

    @Option(names = "--burst", paramLabel = "N", defaultValue = "1", description = "Requests allowed at once after idling (default: ${DEFAULT-VALUE}).")
    int burst;

    @Option(names = "--concurrency", paramLabel = "N", defaultValue = "4", description = "Requests in flight at once (default: ${DEFAULT-VALUE}).")
    int concurrency;

    @Option(names = "--resume", description = "Continue the crawl already in --out (after a crash, kill or stop).")
    boolean resume;

    @Option(names = "--retry-failed", description = "With --resume: queue items that failed for good again.")
    boolean retryFailed;

    @Option(names = "--max-attempts", paramLabel = "N", defaultValue = "6", description = "Attempts per item before it is marked failed (default: ${DEFAULT-VALUE}).")
    int maxAttempts;

    @Option(names = "--schedule", paramLabel = "ORDER", defaultValue = "tiered",
            description = "tiered (profiles, then posts of big accounts, then the rest) or fifo (default: ${DEFAULT-VALUE}).")
    String schedule;

    @Option(names = "--operator", paramLabel = "CONTACT", description = "Operator contact put in the User-Agent and warcinfo (e.g. an email).")
    String operator;

    @Option(names = "--max-body", paramLabel = "BYTES", defaultValue = "52428800", description = "Bodies above this are truncated and marked (default: ${DEFAULT-VALUE}).")
    long maxBody;

    @Option(names = "--warc-size", paramLabel = "BYTES", defaultValue = "1073741824", description = "Rotate WARC files at this size (default: ${DEFAULT-VALUE}).")
    long warcSize;

    @Option(names = "--warc-prefix", paramLabel = "NAME", description = "WARC file name prefix (default: the platform name).")
    String warcPrefix;

    @Option(names = "--keep-secrets", description = "Keep Authorization/Cookie values in WARC request records (default: redacted).")
    boolean keepSecrets;

    @Option(names = "--stats-interval", paramLabel = "SECONDS", defaultValue = "5", description = "Seconds between progress lines (default: ${DEFAULT-VALUE}).")
    double statsInterval;

    @Option(names = "--quiet", description = "No progress output (errors and the summary still print).")
    boolean quiet;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "1", hidden = true, description = "Seed for backoff jitter.")
    long seed;

    @picocli.CommandLine.Mixin
    IdSampling.Options sampling = new IdSampling.Options();

    @Override
    public Integer call() throws Exception {
        CrawlConfig cfg = resolve();
        List<io.lastlight.platform.CrawlRequest> probes;
        try {
            probes = sampling.requests(cfg.base());
        } catch (IllegalArgumentException e) {
            throw new UserException(e.getMessage());
        }
        CrawlSummary s = CrawlSession.run(cfg, resume, retryFailed, Clock.systemUTC(), Progress.auto(quiet), probes);
        if (s.outcome() == Crawler.Outcome.BLOCKED) {
            throw new UserException("stopped: the platform keeps answering with block pages (challenge or geoblock); "
                    + "captures so far are safe in " + cfg.warcDir() + "; wait, change network or cookies, then --resume");
        }
        return 0;
    }

    CrawlConfig resolve() {
        if (rate < 0) throw new UserException("--rate must be ≥ 0 (0 = unlimited)");
        if (burst < 1) throw new UserException("--burst must be at least 1");
        if (concurrency < 1) throw new UserException("--concurrency must be at least 1");
        if (maxAttempts < 1) throw new UserException("--max-attempts must be at least 1");
        Frontier.Order order;
        switch (schedule) {
            case "tiered": order = Frontier.Order.TIERED; break;
            case "fifo": order = Frontier.Order.FIFO; break;
            default: throw new UserException("--schedule must be tiered or fifo, not '" + schedule + "'");
        }
        if (resume && Files.exists(out.resolve("frontier.db"))) {
            try (SqliteFrontier f = new SqliteFrontier(out.resolve("frontier.db"), order)) {
                if (base == null) base = f.getMeta("base").map(URI::create).orElse(null);
                if (seedUsers.isEmpty()) {
                    f.getMeta("seed_users").filter(s -> !s.isEmpty()).ifPresent(s -> seedUsers.addAll(Arrays.asList(s.split("\n"))));
                }
                f.getMeta("platform").ifPresent(p -> platform = p);
            }
        }
        if (base == null) throw new UserException("--base URL is required (the platform's address), e.g. --base https://api.parler.com");
        if (base.getScheme() == null || !(base.getScheme().equals("http") || base.getScheme().equals("https")) || base.getHost() == null) {
            throw new UserException("--base must be an http(s) URL with a host, not '" + base + "'");
        }
        if (seedUsers.isEmpty() && !sampling.enabled()) throw new UserException("at least one --seed-user NAME (or --sample-ids N --id-range A-B) is required");
        return new CrawlConfig(platform, base, List.copyOf(seedUsers), out, rate, burst, concurrency, maxAttempts,
                Duration.ofMillis(500), Duration.ofSeconds(60), Duration.ofMinutes(15), operator,
                Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(120), maxBody, 4 * Math.max(maxBody, 1L << 20),
                warcSize, warcPrefix == null ? platform : warcPrefix, order, keepSecrets, 30, 20,
                Duration.ofMillis(Math.round(statsInterval * 1000)), seed);
    }
}
