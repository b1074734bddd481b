package io.lastlight.crawl;

import io.lastlight.core.UsageException;
import io.lastlight.core.UserException;
import io.lastlight.frontier.Frontier;
import io.lastlight.frontier.SqliteFrontier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code lastlight crawl}: polite, resumable capture of a platform into WARC. */
@Command(name = "crawl", mixinStandardHelpOptions = true, sortOptions = false, subcommands = {CrawlStatusCommand.class},
        description = {"Capture a platform's public profiles, posts, comments and follower lists into WARC files under OUT/warc/.",
                "Politeness: --rate is a hard ceiling (token bucket); x-ratelimit-* headers are obeyed before the quota runs " +
                "out; without them the rate adapts (AIMD) to 429/503/latency; Retry-After pauses; robots.txt is obeyed.",
                "A pause the server asked for (Retry-After, a spent quota, 429 backoff) is kept in the frontier: --resume, and" +
                " every worker of a shared crawl, honour it; waits over 1 s are logged as 'paused'/'resumed' events.",
                "The frontier (OUT/frontier.db) makes the crawl resumable after a crash or kill: run again with --resume.",
                "Settings: built-in defaults (see --print-default-config), then --config FILE, then flags."},
        footerHeading = "%nExit codes:%n",
        footer = {"  0  the crawl finished, was stopped cleanly, reached its deadline, or the",
                "     platform went dark (files are closed); items that failed are counted",
                "     in the summary and noted on stderr (--resume --retry-failed queues",
                "     them again)",
                "  1  runtime failure (message says what to do), including a crawl stopped",
                "     by block pages, a crawl that finished with every item failed",
                "     (nothing captured), and a crawl whose --base never answered",
                "     (connection refused, no such host, TLS failure, timeouts: it stops",
                "     within a minute or so; --resume continues it once the server is up)",
                "  2  bad usage",
                "  3  the login expired (401/403 on different items in a row): the crawl",
                "     stopped cleanly with the rejected items still queued; export fresh",
                "     cookies (or a fresh token) and run again with --resume (an endpoint",
                "     the platform opens only to logged-in users is not an expired login:",
                "     such items are reported as truncated by platform policy and the crawl",
                "     goes on)",
                "  4  no seed user could be resolved: every --seed-user lookup failed (not",
                "     found, HTML or malformed JSON instead of the API's answer, disallowed",
                "     by robots.txt, a redirect loop); the message names each seed and the",
                "     likely cause (a wrong --base, a mistyped name, robots.txt). One seed",
                "     failing among others that resolve is a 'failed' entry, not an error",
                "130, 143  stopped by Ctrl-C (SIGINT) or SIGTERM: stopped cleanly as for 0",
                "     (files closed, --resume goes on); the JVM exits 128 + the signal",
                "A worker of a shared crawl (--frontier) exits 3 (or 0: the platform went dark)",
                "also when another worker found it so. It waits for a database that went away",
                "(reconnecting for up to 10 minutes), then exits 1."})
public final class CrawlCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--config", paramLabel = "FILE", description = "YAML settings (keys as in --print-default-config); flags override it.")
    Path config;

    @Option(names = "--print-default-config", description = "Print the documented default configuration and exit.")
    boolean printDefaultConfig;

    @Option(names = "--platform", paramLabel = "NAME", completionCandidates = io.lastlight.platform.PlatformNames.class,
            description = "Platform adapter: ${COMPLETION-CANDIDATES} (default: parler). Mastodon also covers Gab, "
                    + "Truth Social and other servers that speak its API.")
    String platform;

    @Option(names = "--dialect", paramLabel = "NAME", description = "Which server software the adapter should expect, for "
            + "adapters that speak to several (mastodon: mastodon, gab, truthsocial, gotosocial, pleroma, or auto to "
            + "detect it from /.well-known/nodeinfo and /api/v1/instance; default: auto).")
    String dialect;

    @Option(names = "--base", paramLabel = "URL", description = "Base URL of the platform's API, e.g. http://127.0.0.1:8080.")
    String base;

    @Option(names = "--seed-user", paramLabel = "NAME", description = "Username to start from (repeatable).")
    List<String> seedUsers = new ArrayList<>();

    @Option(names = "--out", paramLabel = "DIR", description = "Output directory (WARC files in DIR/warc).")
    Path out;

    @Option(names = "--rate", paramLabel = "R", description = "Hard ceiling in requests per second (default: 5). With --frontier: the budget of all"
            + " workers together, set by the worker that creates the crawl; a joining worker's --rate caps that worker only.")
    Double rate;

    @Option(names = "--burst", paramLabel = "N", description = "Requests allowed at once after idling (default: 1).")
    Integer burst;

    @Option(names = "--concurrency", paramLabel = "N", description = "Requests in flight at once (default: 4).")
    Integer concurrency;

    @Option(names = "--resume", description = "Continue the crawl already in --out (after a crash, kill or stop).")
    boolean resume;

    @Option(names = "--retry-failed", description = "With --resume: queue items that failed for good again.")
    boolean retryFailed;

    @Option(names = "--revisit", description = "Re-fetch what --out already captured (profiles, post lists, posts, comments) to catch"
            + " edits, deletions and bans; unchanged payloads are written as WARC revisit records.")
    boolean revisit;

    @Option(names = "--max-attempts", paramLabel = "N", description = "Attempts per item before it is marked failed (default: 6).")
    Integer maxAttempts;

    @Option(names = "--schedule", paramLabel = "ORDER", description = "tiered (profiles, then posts of big accounts, then the rest) or fifo (default: tiered).")
    String schedule;

    @Option(names = "--operator", paramLabel = "CONTACT", description = "Operator contact put in the User-Agent and warcinfo (e.g. an email).")
    String operator;

    @Option(names = "--cookies", paramLabel = "FILE", description = "Netscape cookies.txt to send (rotating cookies are kept current and survive --resume).")
    String cookies;

    @Option(names = "--token-env", paramLabel = "NAME", description = "Environment variable holding a bearer token (never the token itself).")
    String tokenEnv;

    @Option(names = "--keep-secrets", description = "Keep Authorization/Cookie values in WARC request records (default: redacted).")
    boolean keepSecrets;

    @Option(names = "--ignore-robots", description = "Do not obey robots.txt (archival emergencies only; recorded in warcinfo).")
    boolean ignoreRobots;

    @Option(names = "--no-adaptive", description = "Do not adapt the rate to 429/503/latency (the ceiling, quotas and Retry-After still apply).")
    boolean noAdaptive;

    @Option(names = "--enumerate-ids", paramLabel = "FROM-TO", description = "Also enumerate posts by sequential number, where the platform numbers them (Parler: /v3/uuidConversion/post/<n>).")
    String enumerateIds;

    @Option(names = "--scope-host", paramLabel = "HOST", description = "Another host that may be fetched (repeatable); nothing outside scope is.")
    List<String> scopeHosts = new ArrayList<>();

    @Option(names = "--deadline", paramLabel = "TIME", description = "Stop cleanly at this UTC time (e.g. 2021-01-11T07:59:00Z) or after a time from now (+24h, +90m, +30s); the tiered schedule projects what each tier will have by then and progress shows it with the time left.")
    String deadline;

    @Option(names = "--max-body", paramLabel = "BYTES", description = "Bodies above this are truncated and marked (default: 52428800).")
    Long maxBody;

    @Option(names = "--warc-size", paramLabel = "BYTES", description = "Rotate WARC files at this size (default: 1073741824).")
    Long warcSize;

    @Option(names = "--warc-prefix", paramLabel = "NAME", description = "WARC file name prefix (default: the platform name).")
    String warcPrefix;

    @Option(names = "--stats-interval", paramLabel = "SECONDS", description = "Seconds between progress lines (default: 5).")
    Double statsInterval;

    @Option(names = "--quiet", description = "No progress output (errors and the summary still print).")
    boolean quiet;

    @Option(names = "--seed", paramLabel = "N", hidden = true, description = "Seed for backoff jitter.")
    Long seed;

    @picocli.CommandLine.Mixin
    IdSampling.Options sampling = new IdSampling.Options();

    @picocli.CommandLine.Mixin
    WorkerOptions.Options workerOptions = new WorkerOptions.Options();

    /** Where the frontier is and who this process is in it; set by {@link #resolve}. */
    WorkerOptions worker = WorkerOptions.LOCAL;

    @Override
    public Integer call() throws Exception {
        if (printDefaultConfig) {
            System.out.print(CrawlSettings.defaultFileText());
            return 0;
        }
        CrawlConfig cfg = resolve();
        List<io.lastlight.platform.CrawlRequest> probes;
        try {
            probes = sampling.requests(io.lastlight.platform.Platforms.byName(cfg.platform()), cfg.base());
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        CrawlSummary s = CrawlSession.run(cfg, new CrawlMode(resume, retryFailed, revisit),
                CrawlEnvironment.system(Clock.systemUTC()), Progress.auto(quiet, cfg.deadline()), probes, worker);
        if (s.outcome() == Crawler.Outcome.UNREACHABLE) throw new UserException(unreachableMessage(cfg, s.detail()));
        if (s.outcome() == Crawler.Outcome.BLOCKED) {
            throw new UserException("stopped: the platform keeps answering with block pages (challenge or geoblock); "
                    + "captures so far are safe in " + cfg.warcDir() + "; wait, change network or cookies, then --resume");
        }
        if (s.noSeedResolved()) {
            spec.commandLine().getErr().println(spec.qualifiedName() + ": error: " + s.noSeedMessage(cfg.base().toString(),
                    cfg.warcDir().toString()));
            spec.commandLine().getErr().flush();
            return EXIT_NO_SEEDS;
        }
        if (s.outcome() == Crawler.Outcome.COMPLETE && s.frontier().failed() > 0) {
            if (s.frontier().done() == 0) {
                throw new UserException("every item failed (" + s.frontier().failed() + "), nothing was captured: the 'failed' "
                        + "events in the log say why; the answers are in " + cfg.warcDir() + "; fix the cause (or wait), then "
                        + "run again with --resume --retry-failed");
            }
            spec.commandLine().getErr().println(spec.qualifiedName() + ": note: " + s.frontier().failed() + " of "
                    + (s.frontier().done() + s.frontier().failed()) + " items failed (the 'failed' events in the log say why);"
                    + " --resume --retry-failed queues them again");
            spec.commandLine().getErr().flush();
        }
        if (s.outcome() == Crawler.Outcome.AUTH_EXPIRED) {
            spec.commandLine().getErr().println(spec.qualifiedName() + ": error: " + authExpiredMessage(cfg));
            spec.commandLine().getErr().flush();
            return EXIT_AUTH_EXPIRED;
        }
        return 0;
    }

    /** Exit code of a crawl that finished without resolving any of its seed users (a wrong --base, names, robots.txt). */
    public static final int EXIT_NO_SEEDS = 4;

    /** Exit code of a crawl stopped because the platform stopped accepting its login. */
    public static final int EXIT_AUTH_EXPIRED = 3;

    static String authExpiredMessage(CrawlConfig cfg) {
        String what = cfg.cookiesFile() != null ? "export fresh cookies to " + cfg.cookiesFile()
                : cfg.tokenEnv() != null ? "export a fresh token in " + cfg.tokenEnv() : "export fresh cookies (--cookies FILE)";
        return "stopped: the platform no longer accepts the login (401/403 on " + AuthWatch.RUN
                + " different items in a row); captures so far are safe in " + cfg.warcDir()
                + " and the rejected items are still queued: " + what + " and run again with --resume";
    }

    /** What to say when the platform never answered: where, what failed, what to check, and how to go on. */
    static String unreachableMessage(CrawlConfig cfg, String detail) {
        return "stopped: " + cfg.base() + " never answered: " + (detail == null ? "connections to it failed" : detail)
                + ". Check --base (host, port, http or https) and that the server is running and reachable from this"
                + " machine (DNS, firewall, proxy). Nothing is lost: the crawl's items are still queued in " + cfg.out()
                + "; once the server answers, run again with --resume (if --base was wrong, start a new crawl with the"
                + " right one in another --out)";
    }

    CrawlConfig resolve() {
        if (out == null) throw new UsageException("--out DIR is required (where the WARC files and the frontier go)");
        if (retryFailed && !resume && !revisit) throw new UsageException("--retry-failed goes with --resume");
        worker = workerOptions.resolve(System::getenv);
        CrawlSettings s = CrawlSettings.defaults();
        // A resumed crawl, or a worker joining a shared one, runs with the crawl's stored settings.
        java.util.Optional<String> stored = resume || revisit || worker.shared() ? worker.storedSettings(out)
                : java.util.Optional.empty();
        com.fasterxml.jackson.databind.JsonNode storedTree = null;
        if (stored.isPresent()) {
            StoredSettings.restore(s, stored.get());
            storedTree = StoredSettings.tree(s);
        } else if ((resume || revisit) && Files.exists(out.resolve("frontier.db"))) {
            // A crawl made before settings were stored remembers where it was pointed.
            try (SqliteFrontier f = new SqliteFrontier(out.resolve("frontier.db"), Frontier.Order.TIERED)) {
                f.getMeta("base").ifPresent(b -> s.base = b);
                f.getMeta("platform").ifPresent(p -> s.platform = p);
                f.getMeta("dialect").ifPresent(d -> s.dialect = d);
                f.getMeta("seed_users").filter(v -> !v.isEmpty())
                        .ifPresent(v -> s.seedUsers = new ArrayList<>(Arrays.asList(v.split("\n"))));
            }
        }
        // A worker joining a shared crawl crawls it with the crawl's adapter, base and seeds (checked below).
        java.util.Optional<CrawlIdentity> crawl = worker.shared() && stored.isPresent()
                ? CrawlIdentity.stored(k -> worker.peekMeta(k)) : java.util.Optional.empty();
        crawl.ifPresent(c -> {
            if (c.dialect() != null) s.dialect = c.dialect();
        });
        if (config != null) s.merge(config);
        if ((resume || revisit) && !worker.shared() && stored.isEmpty() && !Files.exists(out.resolve("frontier.db"))
                && base == null && (s.base == null || s.base.isBlank())) {
            // Nothing to continue, and not enough given to start: say so, not that --base is missing.
            throw new UserException(resume
                    ? out + " holds no crawl to resume (no frontier.db there): check --out, or start a new crawl there"
                    + " without --resume (--base URL --seed-user NAME)"
                    : out + " holds no crawl to revisit; run a crawl into it first (or check --out)");
        }
        s.out = out;
        if (platform != null) s.platform = platform;
        if (base != null) s.base = base;
        if (dialect != null) s.dialect = dialect;
        if (!seedUsers.isEmpty()) s.seedUsers = new ArrayList<>(seedUsers);
        if (rate != null) s.rate = rate;
        if (burst != null) s.burst = burst;
        if (concurrency != null) s.concurrency = concurrency;
        if (maxAttempts != null) s.maxAttempts = maxAttempts;
        if (schedule != null) s.schedule = schedule;
        if (operator != null) s.operator = operator;
        if (cookies != null) s.cookies = cookies;
        if (tokenEnv != null) s.tokenEnv = tokenEnv;
        if (keepSecrets) s.keepSecrets = true;
        if (ignoreRobots) s.ignoreRobots = true;
        if (noAdaptive) s.adaptive = false;
        if (enumerateIds != null) s.enumerateIds = enumerateIds;
        if (!scopeHosts.isEmpty()) s.scopeHosts = new ArrayList<>(scopeHosts);
        if (deadline != null) s.deadline = deadline;
        if (maxBody != null) {
            s.maxBodyBytes = maxBody;
            s.maxDecodedBytes = Math.max(s.maxDecodedBytes, 4 * maxBody);
        }
        if (warcSize != null) s.warcSizeBytes = warcSize;
        if (warcPrefix != null) s.warcPrefix = warcPrefix;
        if (statsInterval != null) s.statsIntervalS = statsInterval;
        if (seed != null) s.seed = seed;
        s.idSampling = sampling.enabled();
        CrawlConfig cfg = s.toConfig();
        crawl.ifPresent(c -> c.admit(CrawlIdentity.of(cfg)));
        if (storedTree != null) {
            for (String note : StoredSettings.overrides(stored.get(), storedTree, StoredSettings.tree(s), worker.shared())) {
                if (spec != null) spec.commandLine().getErr().println(spec.qualifiedName() + ": " + note);
                else System.err.println("lastlight crawl: " + note);
            }
        }
        return cfg;
    }
}
