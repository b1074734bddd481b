package io.lastlight.crawl;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.lastlight.core.UsageException;
import io.lastlight.frontier.Frontier;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The crawl's settings as YAML keys (Jackson YAML, snake_case). Loaded from the bundled
 * {@code default-config.yaml}, then a user's {@code --config} file on top, then flags; {@link #toConfig()}
 * validates and resolves them. Unknown keys and wrong types are errors that name the key.
 */
public final class CrawlSettings {
    static final String DEFAULT_RESOURCE = "/io/lastlight/crawl/default-config.yaml";
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    public String platform;
    public String base;
    public List<String> seedUsers = new ArrayList<>();
    /** Set by --sample-ids: id probes are seeds enough. */
    public transient boolean idSampling;
    public List<String> scopeHosts = new ArrayList<>();
    public boolean comments;
    public boolean htmlPages;
    public String dialect;
    public String enumerateIds;
    public int maxHops;
    public String deadline;
    public String operator;
    public double rate;
    public int burst;
    public int concurrency;
    public boolean adaptive;
    public boolean ignoreRobots;
    public int maxAttempts;
    public double backoffBaseS;
    public double backoffMaxS;
    public double retryAfterMaxS;
    @com.fasterxml.jackson.annotation.JsonProperty("max_blocked_in_a_row")
    public int maxBlockedInARow;
    public int darkAfterFailures;
    public double outageWindowS;
    public double connectTimeoutS;
    public double responseTimeoutS;
    public double totalTimeoutS;
    public long maxBodyBytes;
    public long maxDecodedBytes;
    public String cookies;
    public String tokenEnv;
    public boolean keepSecrets;
    public long warcSizeBytes;
    public String warcPrefix;
    public String schedule;
    public double statsIntervalS;
    public long seed;
    /** Not a file key: the output directory comes from {@code --out}. */
    @com.fasterxml.jackson.annotation.JsonIgnore
    public Path out;

    /**
     * Settings for a crawl made from code (the demo, tests, benchmarks): the bundled defaults with these four
     * set. Change any other field by name, then {@link #toConfig()} validates and resolves them, as for flags.
     */
    public static CrawlSettings of(String platform, java.net.URI base, List<String> seedUsers, Path out) {
        CrawlSettings s = defaults();
        s.platform = platform;
        s.base = base.toString();
        s.seedUsers = new ArrayList<>(seedUsers);
        s.out = out;
        return s;
    }

    /** The bundled defaults. */
    public static CrawlSettings defaults() {
        try (InputStream in = CrawlSettings.class.getResourceAsStream(DEFAULT_RESOURCE)) {
            return YAML.readValue(in, CrawlSettings.class);
        } catch (IOException e) {
            throw new IllegalStateException("the bundled default configuration is unreadable", e);
        }
    }

    /** The bundled default file, comments included. */
    public static String defaultFileText() {
        try (InputStream in = CrawlSettings.class.getResourceAsStream(DEFAULT_RESOURCE)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Applies a YAML file's keys on top of these settings. A missing, forbidden or unparseable file, or a folder, is
     * bad usage (exit 2); an I/O error while reading it is not.
     */
    public CrawlSettings merge(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (java.nio.file.NoSuchFileException | java.nio.file.AccessDeniedException e) {
            throw new UsageException("cannot read the config file " + file + ": " + e.getMessage());
        } catch (IOException e) {
            // a directory given as the file is a wrong path; anything else (an I/O error) is not bad usage
            if (Files.isDirectory(file)) throw new UsageException("the config file " + file + " is a directory");
            throw new io.lastlight.core.UserException("cannot read the config file " + file + ": " + e.getMessage());
        }
        if (new String(bytes, StandardCharsets.UTF_8).isBlank()) return this;
        try {
            YAML.readerForUpdating(this).readValue(bytes);
            return this;
        } catch (UnrecognizedPropertyException e) {
            throw new UsageException("config file " + file + ": unknown key '" + e.getPropertyName()
                    + "'; known keys are listed by `lastlight crawl --print-default-config`");
        } catch (JsonMappingException e) {
            String key = e.getPath().stream().map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                    .collect(Collectors.joining("."));
            throw new UsageException("config file " + file + ": " + (key.isEmpty() ? "" : "key '" + key + "': ")
                    + firstLine(e.getOriginalMessage()) + " (see `lastlight crawl --print-default-config`)");
        } catch (IOException e) {
            throw new UsageException("config file " + file + " is not valid YAML: " + firstLine(e.getMessage()));
        }
    }

    private static String firstLine(String s) {
        if (s == null) return "invalid value";
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    /** Validates and resolves into a {@link CrawlConfig}; errors ({@link UsageException}: bad usage) say which key or flag is wrong. */
    public CrawlConfig toConfig() {
        if (out == null) throw new UsageException("--out DIR is required");
        if (base == null || base.isBlank()) {
            throw new UsageException("--base URL is required (the platform's address), e.g. --base https://api.parler.com");
        }
        URI b;
        try {
            b = URI.create(base.trim());
        } catch (IllegalArgumentException e) {
            throw new UsageException("--base '" + base + "' is not a URL");
        }
        if (b.getScheme() == null || !(b.getScheme().equals("http") || b.getScheme().equals("https")) || b.getHost() == null) {
            throw new UsageException("--base must be an http(s) URL with a host, not '" + base + "'");
        }
        if (seedUsers.isEmpty() && enumerateIds == null && !idSampling) {
            throw new UsageException("at least one --seed-user NAME (or --enumerate-ids FROM-TO, or --sample-ids N --id-range A-B) is required");
        }
        positive(rate >= 0 && !Double.isNaN(rate), "rate must be ≥ 0 (0 = no ceiling)");
        positive(burst >= 1, "burst must be at least 1");
        positive(concurrency >= 1 && concurrency <= 1024, "concurrency must be between 1 and 1024");
        positive(maxAttempts >= 1, "max_attempts must be at least 1");
        positive(maxBodyBytes >= 1024, "max_body_bytes must be at least 1024");
        positive(maxDecodedBytes >= maxBodyBytes, "max_decoded_bytes must be at least max_body_bytes");
        positive(warcSizeBytes >= 1 << 16, "warc_size_bytes must be at least 65536");
        positive(maxHops >= 1, "max_hops must be at least 1");
        positive(backoffBaseS > 0 && backoffMaxS >= backoffBaseS, "backoff_base_s must be > 0 and ≤ backoff_max_s");
        positive(retryAfterMaxS > 0, "retry_after_max_s must be > 0");
        positive(connectTimeoutS > 0 && responseTimeoutS > 0 && totalTimeoutS > 0, "timeouts must be > 0 seconds");
        positive(statsIntervalS > 0, "stats_interval_s must be > 0");
        positive(outageWindowS >= 0, "outage_window_s must be ≥ 0");
        positive(darkAfterFailures >= 1 && maxBlockedInARow >= 1, "dark_after_failures and max_blocked_in_a_row must be ≥ 1");
        Frontier.Order order;
        switch (schedule == null ? "" : schedule) {
            case "tiered": order = Frontier.Order.TIERED; break;
            case "fifo": order = Frontier.Order.FIFO; break;
            default: throw new UsageException("schedule (--schedule) must be tiered or fifo, not '" + schedule + "'");
        }
        long from = -1, to = -1;
        if (enumerateIds != null) {
            String[] p = enumerateIds.trim().split("-");
            try {
                if (p.length != 2) throw new NumberFormatException();
                from = Long.parseLong(p[0].trim());
                to = Long.parseLong(p[1].trim());
            } catch (NumberFormatException e) {
                throw new UsageException("--enumerate-ids must be FROM-TO with whole numbers, e.g. 1-50000, not '" + enumerateIds + "'");
            }
            if (from < 0 || to < from) throw new UsageException("--enumerate-ids FROM-TO needs 0 ≤ FROM ≤ TO, not '" + enumerateIds + "'");
            if (to - from >= 100_000_000L) throw new UsageException("--enumerate-ids covers more than 100,000,000 numbers; split the range");
        }
        Instant dl = null;
        if (deadline != null && !deadline.isBlank()) {
            dl = parseDeadline(deadline, Instant.now());
        }
        if (tokenEnv != null && !tokenEnv.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            throw new UsageException("--token-env takes the NAME of an environment variable (letters, digits, _), not a token");
        }
        Path cookiesFile = cookies == null || cookies.isBlank() ? null : Path.of(cookies);
        return new CrawlConfig(platform, b, seedUsers, out, rate, burst, concurrency, maxAttempts, seconds(backoffBaseS),
                seconds(backoffMaxS), seconds(retryAfterMaxS), operator == null || operator.isBlank() ? null : operator,
                seconds(connectTimeoutS), seconds(responseTimeoutS), seconds(totalTimeoutS), maxBodyBytes, maxDecodedBytes,
                warcSizeBytes, warcPrefix == null || warcPrefix.isBlank() ? platform : warcPrefix, order, keepSecrets,
                darkAfterFailures, maxBlockedInARow, seconds(statsIntervalS), seed, scopeHosts, ignoreRobots, adaptive,
                cookiesFile, tokenEnv, from, to, comments, htmlPages, maxHops, dl,
                dialect == null || dialect.isBlank() ? null : dialect.trim().toLowerCase(java.util.Locale.ROOT),
                seconds(outageWindowS));
    }

    /**
     * A deadline: an ISO UTC time ({@code 2021-01-11T07:59:00Z}) or a time from {@code now}: {@code +24h},
     * {@code +90m}, {@code +30s} (also {@code +2d}).
     */
    public static Instant parseDeadline(String text, Instant now) {
        String t = text.trim();
        String usage = "--deadline must be a UTC time such as 2021-01-11T07:59:00Z or a time from now such as +24h, +90m or +30s, not '"
                + text + "'";
        if (t.startsWith("+")) {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\+(\\d{1,9})([dhms])").matcher(t);
            if (!m.matches() || Long.parseLong(m.group(1)) == 0) throw new UsageException(usage);
            long n = Long.parseLong(m.group(1));
            switch (m.group(2)) {
                case "d": return now.plus(Duration.ofDays(n));
                case "h": return now.plus(Duration.ofHours(n));
                case "m": return now.plus(Duration.ofMinutes(n));
                default: return now.plus(Duration.ofSeconds(n));
            }
        }
        try {
            return Instant.parse(t);
        } catch (DateTimeParseException e) {
            throw new UsageException(usage);
        }
    }

    private static void positive(boolean ok, String message) {
        if (!ok) throw new UsageException(message);
    }

    private static Duration seconds(double s) {
        return Duration.ofNanos(Math.round(s * 1e9));
    }
}
