package io.lastlight.crawl;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lastlight.core.UserException;
import io.lastlight.core.Version;
import io.lastlight.fetch.AddressPolicy;
import io.lastlight.fetch.Credentials;
import io.lastlight.fetch.FetchConfig;
import io.lastlight.fetch.Fetcher;
import io.lastlight.fetch.NetscapeCookies;
import io.lastlight.frontier.Frontier;
import io.lastlight.frontier.SqliteFrontier;
import io.lastlight.platform.Platform;
import io.lastlight.platform.Platforms;
import io.lastlight.platform.PlatformOptions;
import io.lastlight.politeness.AdaptiveRatePolicy;
import io.lastlight.warc.CdxjIndexer;
import io.lastlight.warc.WarcRecovery;
import io.lastlight.warc.WarcSink;
import org.apache.hc.client5.http.SystemDefaultDnsResolver;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Assembles and runs one crawl: loads credentials, opens (or resumes) the frontier, repairs WARC files a
 * crash left open, seeds (or queues a revisit pass), runs the {@link Crawler} with a shutdown hook for
 * SIGINT/SIGTERM, closes everything cleanly and writes {@code OUT/coverage.json}.
 */
public final class CrawlSession {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final String META_COOKIES = "cookies";
    private static final String META_COOKIES_FILE = "cookies_file_sha256";

    /** Tests watch the running crawler here (e.g. to stop it at a chosen point); does nothing otherwise. */
    static volatile java.util.function.Consumer<Crawler> crawlerStarted = c -> { };

    private CrawlSession() {}

    public static CrawlSummary run(CrawlConfig cfg, boolean resume, boolean retryFailed, Clock clock, Progress progress)
            throws IOException, InterruptedException {
        return run(cfg, new CrawlMode(resume, retryFailed, false), CrawlEnvironment.system(clock), progress);
    }

    public static CrawlSummary run(CrawlConfig cfg, CrawlMode mode, CrawlEnvironment env, Progress progress)
            throws IOException, InterruptedException {
        return run(cfg, mode, env, progress, List.of());
    }

    /** The short form with extra seeds (e.g. {@link IdSampling} probes). */
    public static CrawlSummary run(CrawlConfig cfg, boolean resume, boolean retryFailed, Clock clock, Progress progress,
                                   List<io.lastlight.platform.CrawlRequest> extraSeeds) throws IOException, InterruptedException {
        return run(cfg, new CrawlMode(resume, retryFailed, false), CrawlEnvironment.system(clock), progress, extraSeeds);
    }

    /** As above, also queueing {@code extraSeeds} (e.g. {@link IdSampling} probes; the frontier deduplicates them on resume). */
    public static CrawlSummary run(CrawlConfig cfg, CrawlMode mode, CrawlEnvironment env, Progress progress,
                                   List<io.lastlight.platform.CrawlRequest> extraSeeds)
            throws IOException, InterruptedException {
        return run(cfg, mode, env, progress, extraSeeds, WorkerOptions.LOCAL);
    }

    /**
     * As above, as the worker {@code worker} says: one process with OUT/frontier.db, or one of several workers
     * sharing a PostgreSQL frontier (the first creates the crawl, the others join it; each writes its own
     * WARC files, named after it, into its own --out).
     */
    public static CrawlSummary run(CrawlConfig cfg, CrawlMode mode, CrawlEnvironment env, Progress progress,
                                   List<io.lastlight.platform.CrawlRequest> extraSeeds, WorkerOptions worker)
            throws IOException, InterruptedException {
        prepareOutput(cfg);
        try (OutputLock lock = OutputLock.take(cfg.out())) {
            return runLocked(cfg, mode, env, progress, extraSeeds, worker);
        }
    }

    private static CrawlSummary runLocked(CrawlConfig cfg, CrawlMode mode, CrawlEnvironment env, Progress progress,
                                          List<io.lastlight.platform.CrawlRequest> extraSeeds, WorkerOptions worker)
            throws IOException, InterruptedException {
        if (!worker.shared()) checkLocal(cfg, mode);
        Credentials credentials = credentials(cfg, env);
        Platform platform = Platforms.byName(cfg.platform())
                .configure(new PlatformOptions(cfg.comments(), cfg.htmlPages(), cfg.scopeHosts(), cfg.platformExtras()));
        boolean existingFile = Files.exists(cfg.frontierFile());
        try (Frontier frontier = worker.open(cfg)) {
            boolean existing = worker.shared() ? frontier.getMeta("platform").isPresent() : existingFile;
            if (mode.revisit() && !existing) {
                throw new UserException("the frontier holds no crawl to revisit; run a crawl into it first (or check --out/--frontier)");
            }
            return run(cfg, mode, env, progress, extraSeeds, worker, frontier, existing, credentials, platform);
        }
    }

    private static void checkLocal(CrawlConfig cfg, CrawlMode mode) {
        Path out = cfg.out();
        boolean existing = Files.exists(cfg.frontierFile());
        if (mode.revisit() && !existing) {
            throw new UserException(out + " holds no crawl to revisit; run a crawl into it first (or check --out)");
        }
        if (existing && !mode.resume() && !mode.revisit()) {
            throw new UserException(out + " already holds a crawl; add --resume to continue it, --revisit to re-fetch it, or choose a new --out");
        }
    }

    private static CrawlSummary run(CrawlConfig cfg, CrawlMode mode, CrawlEnvironment env, Progress progress,
                                    List<io.lastlight.platform.CrawlRequest> extraSeeds, WorkerOptions worker,
                                    Frontier frontier, boolean existing, Credentials credentials, Platform platform)
            throws IOException, InterruptedException {
        // A worker joining a shared crawl is that crawl (CrawlCommand checked it before joining; checked again
        // here, where the crawl is known for certain) and leaves what defines it as the first worker stored it.
        java.util.Optional<CrawlIdentity> crawl = worker.shared() ? CrawlIdentity.stored(frontier::getMeta) : java.util.Optional.empty();
        crawl.ifPresent(c -> c.admit(CrawlIdentity.of(cfg)));
        if (existing) {
            // A worker of a shared crawl cuts only the files its ledger lists: another worker's file in this folder
            // (an --out used before by another name) holds captures this worker's ledger knows nothing of.
            List<WarcRecovery.Recovered> fixed = worker.shared()
                    ? WarcRecovery.recoverListed(cfg.warcDir(), frontier.committedWarcEnds())
                    : WarcRecovery.recover(cfg.warcDir(), frontier.committedWarcEnds());
            if (worker.shared()) {
                for (Path other : WarcRecovery.openFiles(cfg.warcDir())) {
                    CrawlLog.line("warc-warning", Map.of("file", other.getFileName().toString(), "message",
                            "left open and untouched: the frontier does not list it as worker " + worker.worker()
                                    + "'s (another worker wrote it, or this one stopped before recording it, when it"
                                    + " holds no capture the crawl counts); the worker that wrote it closes it when run"
                                    + " again with this folder as its --out"));
                }
            }
            for (WarcRecovery.Recovered r : fixed) {
                CrawlLog.line("warc-recovered", Map.of("file", r.file().getFileName().toString(),
                        "bytes_before", r.originalSize(), "bytes_kept", r.keptSize()));
                if (r.lost() > 0) {
                    CrawlLog.line("warc-warning", Map.of("file", r.file().getFileName().toString(), "committed_end", r.committed(),
                            "message", "the file lost " + r.lost() + " bytes the frontier had recorded as committed (the"
                                    + " machine stopped before they reached the disk): captures recorded past byte "
                                    + r.keptSize() + " of it are not in the archive; check with lastlight build"));
                }
            }
            CdxjIndexer.indexMissing(cfg.warcDir(), m -> CrawlLog.line("cdxj-warning", Map.of("message", m)));
            int released = frontier.releaseLeased();
            if (released > 0) CrawlLog.line("resume", Map.of("in_flight_requeued", released));
            if (mode.retryFailed()) CrawlLog.line("retry-failed", Map.of("requeued", frontier.requeueFailed()));
            // The cookie values the crawl last saw (a rotating jst) are newer than the cookies file, unless the
            // operator has exported the file again since (say after the login expired): then the file wins.
            String fileDigest = cookiesFileDigest(cfg);
            if (fileDigest == null || frontier.getMeta(META_COOKIES_FILE).map(fileDigest::equals).orElse(true)) {
                frontier.getMeta(META_COOKIES).ifPresent(j -> credentials.restore(readCookies(j)));
            } else {
                CrawlLog.line("cookies", Map.of("source", cfg.cookiesFile().toString(),
                        "reason", "the cookies file changed since the last run: its values replace the ones saved"));
                frontier.putMeta(META_COOKIES, writeCookies(credentials.snapshot()));
            }
            if (mode.revisit()) {
                int n = frontier.requeueForRevisit(platform.revisitKinds());
                CrawlLog.line("revisit", Map.of("requeued", n, "kinds", String.join(",", platform.revisitKinds())));
            }
        }
        credentials.onChange(snapshot -> frontier.putMeta(META_COOKIES, writeCookies(snapshot)));
        String fileDigest = cookiesFileDigest(cfg);
        if (fileDigest != null) frontier.putMeta(META_COOKIES_FILE, fileDigest);
        if (frontier.getMeta(StoredSettings.META_KEY).isEmpty()) frontier.putMeta(StoredSettings.META_KEY, StoredSettings.json(cfg));
        if (crawl.isEmpty()) {
            frontier.putMeta("platform", cfg.platform());
            frontier.putMeta("base", cfg.base().toString());
            if (cfg.dialect() != null) frontier.putMeta("dialect", cfg.dialect());
            frontier.putMeta("seed_users", String.join("\n", cfg.seedUsers()));
        }
        if (!cfg.seedUsers().isEmpty()) frontier.add(platform.seeds(cfg.base(), cfg.seedUsers()), null, 0);
        if (!extraSeeds.isEmpty()) frontier.add(extraSeeds, null, 0);
        if (cfg.enumerateFrom() >= 0) {
            for (long from = cfg.enumerateFrom(); from <= cfg.enumerateTo(); from += 10_000) {
                List<io.lastlight.platform.CrawlRequest> batch = platform.enumeration(cfg.base(), from, Math.min(cfg.enumerateTo(), from + 9_999));
                if (batch.isEmpty()) {
                    throw new UserException("platform " + platform.name() + " cannot be enumerated by number; drop --enumerate-ids");
                }
                frontier.add(batch, null, 0);
            }
        }

        FetchConfig fc = new FetchConfig(userAgent(cfg), cfg.concurrency(), cfg.connectTimeout(), cfg.responseTimeout(),
                cfg.totalTimeout(), cfg.maxBodyBytes());
        AddressPolicy addresses = env.addresses() != null ? env.addresses()
                : AddressPolicy.forBase(cfg.base().getHost(), env.dns() != null ? env.dns() : SystemDefaultDnsResolver.INSTANCE);
        try (WorkerRate rate = WorkerRate.of(cfg, worker, worker.shared() && !credentials.isEmpty(), existing,
                frontier, env.clock());
             Fetcher fetcher = new Fetcher(fc, env.clock(), addresses, env.dns(), worker.bindAddress());
             WarcSink sink = new WarcSink(cfg.warcDir(), warcPrefix(cfg, worker), cfg.maxWarcBytes(), env.clock(),
                     warcinfo(cfg, worker), null)) {
            sink.indexWhileWriting(m -> CrawlLog.line("cdxj-warning", Map.of("message", m)));
            if (env.warcOpener() != null) sink.openWith(env.warcOpener());
            Frontier used = worker.shared() ? new DurableWarcFrontier(frontier, sink) : frontier;
            sink.onFiles(new LedgerEvents(used));
            Crawler crawler = new Crawler(cfg, platform, used, fetcher, rate.policy(), sink, env.clock(), credentials);
            progress.clock(env.clock());
            crawlerStarted.accept(crawler);
            Thread hook = new Thread(() -> {
                crawler.requestStop();
                progress.awaitFinished();
            }, "lastlight-shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
            Crawler.Outcome outcome;
            try {
                outcome = crawler.run(() -> progress.tick(crawler.stats(), frontier.stats(), crawler.tracker().project(frontier)));
            } catch (UncheckedIOException e) {
                abandon(sink, e);
                progress.abandoned();
                throw new UserException("cannot write WARC files in " + cfg.warcDir() + ": " + e.getCause().getMessage()
                        + "; captures committed so far are safe: free disk space (or fix permissions), then run again with --resume", e);
            } catch (RuntimeException | Error e) {
                // the last outcomes may be rolled back or never recorded: the open file stays .open, and --resume
                // cuts it back to what the frontier committed
                abandon(sink, e);
                progress.abandoned(); // the live line ends before the error is printed
                throw e;
            } finally {
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException shuttingDown) {
                    // the JVM is exiting; the hook waits for us below
                }
            }
            sink.close();
            CrawlSummary summary = new CrawlSummary(outcome, crawler.stats(), frontier.stats(), frontier.statsByKind(),
                    crawler.stopDetail(), crawler.seeds());
            Coverage.write(cfg, summary, env.clock(), crawler.tracker().counts(frontier), crawler.tracker().project(frontier));
            progress.finished(summary);
            return summary;
        }
    }

    private static void abandon(WarcSink sink, Throwable cause) {
        try {
            sink.abandon();
        } catch (IOException | RuntimeException e) {
            cause.addSuppressed(e);
        }
    }

    private static void prepareOutput(CrawlConfig cfg) {
        Path out = cfg.out();
        if (Files.exists(out) && !Files.isDirectory(out)) {
            throw new UserException("--out " + out + " is a file, not a directory; choose a directory");
        }
        try {
            Files.createDirectories(cfg.warcDir());
        } catch (IOException e) {
            throw new UserException("cannot create the output directory " + out + " (" + e.getClass().getSimpleName() + ": "
                    + e.getMessage() + "); choose a writable --out", e);
        }
        if (!Files.isWritable(out) || !Files.isWritable(cfg.warcDir()) || !Files.isReadable(cfg.warcDir())) {
            throw new UserException("the output directory " + out + " is not readable and writable; choose another --out or fix its permissions");
        }
    }

    static Credentials credentials(CrawlConfig cfg, CrawlEnvironment env) {
        List<NetscapeCookies.StoredCookie> cookies = new ArrayList<>();
        if (cfg.cookiesFile() != null) {
            try {
                cookies.addAll(NetscapeCookies.parse(Files.readAllBytes(cfg.cookiesFile())));
            } catch (IOException e) {
                throw new UserException("cannot read the cookies file " + cfg.cookiesFile() + ": " + e.getMessage()
                        + " (export one in Netscape cookies.txt format)");
            } catch (NetscapeCookies.FormatException e) {
                throw new UserException("the cookies file " + cfg.cookiesFile() + " is not in Netscape cookies.txt format: "
                        + e.getMessage());
            }
        }
        String token = null;
        if (cfg.tokenEnv() != null) {
            token = env.env().apply(cfg.tokenEnv());
            if (token == null || token.isBlank()) {
                throw new UserException("--token-env " + cfg.tokenEnv() + ": that environment variable is not set or empty;"
                        + " export it before running (the token itself never goes on the command line)");
            }
            token = token.trim();
        }
        return new Credentials(cookies, token, env.clock());
    }

    /** SHA-256 of the cookies file's bytes, or null without one (read once more: it was parsed above). */
    static String cookiesFileDigest(CrawlConfig cfg) {
        if (cfg.cookiesFile() == null) return null;
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(cfg.cookiesFile())));
        } catch (IOException e) {
            throw new UserException("cannot read the cookies file " + cfg.cookiesFile() + ": " + e.getMessage()
                    + " (export one in Netscape cookies.txt format)");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String writeCookies(List<NetscapeCookies.StoredCookie> cookies) {
        try {
            return JSON.writeValueAsString(cookies);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static List<NetscapeCookies.StoredCookie> readCookies(String json) {
        try {
            return JSON.readValue(json, new TypeReference<List<NetscapeCookies.StoredCookie>>() { });
        } catch (IOException e) {
            return List.of();
        }
    }

    static String userAgent(CrawlConfig cfg) {
        return "lastlight/" + Version.get() + " (+https://github.com/lastlight-archive/lastlight; archival crawl"
                + (cfg.operator() == null || cfg.operator().isBlank() ? "" : "; operator: " + cfg.operator()) + ")";
    }

    /** A worker's WARC files carry its name, so several workers' files never collide when gathered in one place. */
    static String warcPrefix(CrawlConfig cfg, WorkerOptions worker) {
        return worker.shared() ? cfg.warcPrefix() + "-" + worker.worker() : cfg.warcPrefix();
    }

    static Map<String, List<String>> warcinfo(CrawlConfig cfg, WorkerOptions worker) {
        Map<String, List<String>> f = warcinfo(cfg);
        if (worker.shared()) {
            f.put("isPartOf", List.of(cfg.warcPrefix()));
            f.put("worker", List.of(worker.worker()));
            f.put("frontier", List.of("postgresql (shared by workers; " + worker.target().where() + ")"));
            if (worker.workerRate() > 0) f.put("worker-rate-limit", List.of(worker.workerRate() + "/s"));
        }
        return f;
    }

    static Map<String, List<String>> warcinfo(CrawlConfig cfg) {
        Map<String, List<String>> f = new LinkedHashMap<>();
        f.put("software", List.of(Version.software() + " (jwarc, Apache HttpClient 5, crawler-commons)"));
        f.put("format", List.of("WARC File Format 1.1"));
        f.put("conformsTo", List.of("https://iipc.github.io/warc-specifications/specifications/warc-format/warc-1.1/"));
        f.put("isPartOf", List.of(cfg.warcPrefix()));
        f.put("platform", List.of(cfg.platform()));
        f.put("base-url", List.of(cfg.base().toString()));
        f.put("seed-users", List.of(String.join(" ", cfg.seedUsers())));
        if (cfg.dialect() != null) f.put("platform-dialect", List.of(cfg.dialect()));
        if (cfg.operator() != null && !cfg.operator().isBlank()) f.put("operator", List.of(cfg.operator()));
        f.put("robots", List.of(cfg.ignoreRobots() ? "ignore" : "classic"));
        f.put("http-header-user-agent", List.of(userAgent(cfg)));
        f.put("config-digest", List.of("sha256:" + configDigest(cfg)));
        f.put("rate-limit", List.of(cfg.rate() + "/s burst " + cfg.burst() + (cfg.adaptive() ? ", adaptive" : "")));
        f.put("secrets", List.of(cfg.keepSecrets() ? "kept" : "redacted"));
        return f;
    }

    static String configDigest(CrawlConfig cfg) {
        try {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("platform", cfg.platform());
            m.put("base", cfg.base().toString());
            m.put("seeds", cfg.seedUsers());
            m.put("scope_hosts", cfg.scopeHosts());
            m.put("rate", cfg.rate());
            m.put("burst", cfg.burst());
            m.put("adaptive", cfg.adaptive());
            m.put("concurrency", cfg.concurrency());
            m.put("max_attempts", cfg.maxAttempts());
            m.put("max_body", cfg.maxBodyBytes());
            m.put("order", cfg.order().name());
            m.put("ignore_robots", cfg.ignoreRobots());
            m.put("comments", cfg.comments());
            m.put("html_pages", cfg.htmlPages());
            if (cfg.dialect() != null) m.put("dialect", cfg.dialect());
            m.put("enumerate", cfg.enumerateFrom() + "-" + cfg.enumerateTo());
            m.put("keep_secrets", cfg.keepSecrets());
            byte[] bytes = JSON.writeValueAsString(m).getBytes(StandardCharsets.UTF_8);
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (IOException | NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
