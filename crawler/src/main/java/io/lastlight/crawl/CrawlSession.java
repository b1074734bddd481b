package io.lastlight.crawl;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.lastlight.core.UserException;
import io.lastlight.core.Version;
import io.lastlight.fetch.FetchConfig;
import io.lastlight.fetch.Fetcher;
import io.lastlight.frontier.Frontier;
import io.lastlight.frontier.SqliteFrontier;
import io.lastlight.platform.Platform;
import io.lastlight.platform.Platforms;
import io.lastlight.politeness.TokenBucketRatePolicy;
import io.lastlight.warc.CdxjIndexer;
import io.lastlight.warc.WarcRecovery;
import io.lastlight.warc.WarcSink;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Assembles and runs one crawl: opens (or resumes) the frontier, repairs WARC files a crash left open,
 * seeds, runs the {@link Crawler} with a shutdown hook for SIGINT/SIGTERM, and closes everything cleanly.
 */
public final class CrawlSession {
    private static final ObjectMapper JSON = new ObjectMapper();

    private CrawlSession() {}

    public static CrawlSummary run(CrawlConfig cfg, boolean resume, boolean retryFailed, Clock clock, Progress progress)
            throws IOException, InterruptedException {
        return run(cfg, resume, retryFailed, clock, progress, List.of());
    }

    /** As above, also queueing {@code extraSeeds} (e.g. {@link IdSampling} probes; the frontier deduplicates them on resume). */
    public static CrawlSummary run(CrawlConfig cfg, boolean resume, boolean retryFailed, Clock clock, Progress progress,
                                   List<io.lastlight.platform.CrawlRequest> extraSeeds)
            throws IOException, InterruptedException {
        Path out = cfg.out();
        try {
            Files.createDirectories(cfg.warcDir());
        } catch (IOException e) {
            throw new UserException("cannot create the output directory " + out + ": " + e.getMessage()
                    + " (choose a writable --out)", e);
        }
        if (!Files.isWritable(out) || !Files.isWritable(cfg.warcDir())) {
            throw new UserException("the output directory " + out + " is not writable (choose a writable --out or fix its permissions)");
        }
        boolean existing = Files.exists(cfg.frontierFile());
        if (existing && !resume) {
            throw new UserException(out + " already holds a crawl; add --resume to continue it, or choose a new --out");
        }
        Platform platform = Platforms.byName(cfg.platform());
        try (Frontier frontier = new SqliteFrontier(cfg.frontierFile(), cfg.order())) {
            if (resume) {
                List<WarcRecovery.Recovered> fixed = WarcRecovery.recover(cfg.warcDir(), frontier.committedWarcEnds());
                for (WarcRecovery.Recovered r : fixed) {
                    CrawlLog.line("warc-recovered", Map.of("file", r.file().getFileName().toString(),
                            "bytes_before", r.originalSize(), "bytes_kept", r.keptSize()));
                }
                CdxjIndexer.indexMissing(cfg.warcDir(), m -> CrawlLog.line("cdxj-warning", Map.of("message", m)));
                int released = frontier.releaseLeased();
                if (released > 0) CrawlLog.line("resume", Map.of("in_flight_requeued", released));
                if (retryFailed) CrawlLog.line("retry-failed", Map.of("requeued", frontier.requeueFailed()));
            }
            frontier.putMeta("platform", cfg.platform());
            frontier.putMeta("base", cfg.base().toString());
            frontier.putMeta("seed_users", String.join("\n", cfg.seedUsers()));
            frontier.add(platform.seeds(cfg.base(), cfg.seedUsers()), null, 0);
            if (!extraSeeds.isEmpty()) frontier.add(extraSeeds, null, 0);

            FetchConfig fc = new FetchConfig(userAgent(cfg), cfg.concurrency(), cfg.connectTimeout(), cfg.responseTimeout(),
                    cfg.totalTimeout(), cfg.maxBodyBytes());
            TokenBucketRatePolicy rate = new TokenBucketRatePolicy(cfg.rate(), cfg.burst(), System::nanoTime);
            try (Fetcher fetcher = new Fetcher(fc, clock);
                 WarcSink sink = new WarcSink(cfg.warcDir(), cfg.warcPrefix(), cfg.maxWarcBytes(), clock, warcinfo(cfg),
                         CdxjIndexer.onClosed(m -> CrawlLog.line("cdxj-warning", Map.of("message", m))))) {
                Crawler crawler = new Crawler(cfg, platform, frontier, fetcher, rate, sink, clock, List.of());
                Thread hook = new Thread(() -> {
                    crawler.requestStop();
                    progress.awaitFinished();
                }, "lastlight-shutdown");
                Runtime.getRuntime().addShutdownHook(hook);
                Crawler.Outcome outcome;
                try {
                    outcome = crawler.run(() -> progress.tick(crawler.stats(), frontier.stats()));
                } finally {
                    try {
                        Runtime.getRuntime().removeShutdownHook(hook);
                    } catch (IllegalStateException shuttingDown) {
                        // the JVM is exiting; the hook waits for us below
                    }
                }
                sink.close();
                CrawlSummary summary = new CrawlSummary(outcome, crawler.stats(), frontier.stats(), frontier.statsByKind());
                progress.finished(summary);
                return summary;
            }
        }
    }

    static String userAgent(CrawlConfig cfg) {
        return "lastlight/" + Version.get() + " (+https://github.com/lastlight-archive/lastlight; archival crawl"
                + (cfg.operator() == null || cfg.operator().isBlank() ? "" : "; operator: " + cfg.operator()) + ")";
    }

    static Map<String, List<String>> warcinfo(CrawlConfig cfg) {
        Map<String, List<String>> f = new LinkedHashMap<>();
        f.put("software", List.of(Version.software() + " (jwarc, Apache HttpClient 5)"));
        f.put("format", List.of("WARC File Format 1.1"));
        f.put("conformsTo", List.of("https://iipc.github.io/warc-specifications/specifications/warc-format/warc-1.1/"));
        f.put("isPartOf", List.of(cfg.warcPrefix()));
        f.put("platform", List.of(cfg.platform()));
        f.put("base-url", List.of(cfg.base().toString()));
        f.put("seed-users", List.of(String.join(" ", cfg.seedUsers())));
        if (cfg.operator() != null && !cfg.operator().isBlank()) f.put("operator", List.of(cfg.operator()));
        f.put("robots", List.of("classic"));
        f.put("http-header-user-agent", List.of(userAgent(cfg)));
        f.put("config-digest", List.of("sha256:" + configDigest(cfg)));
        f.put("rate-limit", List.of(cfg.rate() + "/s burst " + cfg.burst()));
        return f;
    }

    static String configDigest(CrawlConfig cfg) {
        try {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("platform", cfg.platform());
            m.put("base", cfg.base().toString());
            m.put("seeds", cfg.seedUsers());
            m.put("rate", cfg.rate());
            m.put("burst", cfg.burst());
            m.put("concurrency", cfg.concurrency());
            m.put("max_attempts", cfg.maxAttempts());
            m.put("max_body", cfg.maxBodyBytes());
            m.put("order", cfg.order().name());
            byte[] bytes = JSON.writeValueAsString(m).getBytes(StandardCharsets.UTF_8);
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (IOException | NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
