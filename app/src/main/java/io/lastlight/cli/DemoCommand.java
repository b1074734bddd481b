package io.lastlight.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.lastlight.build.BuildReport;
import io.lastlight.build.DatasetBuilder;
import io.lastlight.core.UsageException;
import io.lastlight.core.UserException;
import io.lastlight.crawl.CrawlConfig;
import io.lastlight.crawl.CrawlSettings;
import io.lastlight.crawl.CrawlSession;
import io.lastlight.crawl.CrawlSummary;
import io.lastlight.crawl.Progress;
import io.lastlight.frontier.Frontier;
import io.lastlight.query.QueryCommand;
import io.lastlight.query.ResultTable;
import io.lastlight.simulate.GroundTruth;
import io.lastlight.simulate.SimConfig;
import io.lastlight.simulate.SimServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/** {@code lastlight demo}: simulate → crawl → build → query, with the simulator's ground truth beside the answers. */
@Command(name = "demo", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Run the whole job on the bundled simulated Parler-like platform: serve it on a free loopback " +
                "port, crawl it under a rate limit into WARC, build the Parquet dataset, and print the answers " +
                "(users captured, top 10 accounts by followers, sign-ups per month, posts captured) next to the " +
                "simulator's ground truth. Output stays in --out for you to explore with 'lastlight query'.",
        footerHeading = "%nExit codes:%n",
        footer = {"  0  the answers were produced", "  1  runtime failure", "  2  bad usage"})
public final class DemoCommand implements Callable<Integer> {
    static final String MARKER = ".lastlight-demo";

    @Option(names = "--users", defaultValue = "1000", description = "Users in the simulated world (default: ${DEFAULT-VALUE}).")
    int users;

    @Option(names = "--seed", defaultValue = "42", description = "World seed; same seed, same world (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--rate", defaultValue = "200", description = "Crawler's request-rate ceiling, per second (default: ${DEFAULT-VALUE}).")
    double rate;

    @Option(names = "--out", defaultValue = "lastlight-demo", description = "Where the crawl and dataset go (default: ${DEFAULT-VALUE}); replaced if it holds an earlier demo.")
    Path out;

    @Option(names = "--json", description = "Print one JSON object with the figures and the ground truth side by side.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        if (users < 10) throw new UsageException("--users must be at least 10, not " + users);
        if (rate <= 0) throw new UsageException("--rate must be positive, not " + rate);
        prepareOut(out);
        PrintStream log = System.err;
        SimConfig sim = SimConfig.builder().users(users).seed(seed).rate(rate * 1.5).burst(Math.max(10, (int) rate / 5))
                .clock(Clock.fixed(java.time.Instant.now(), java.time.ZoneOffset.UTC)).build();
        Map<String, Object> result;
        try (SimServer server = SimServer.start(sim)) {
            log.printf(Locale.ROOT, "lastlight demo: simulated platform with %,d users (seed %d) at %s%n", users, seed, server.baseUri());
            GroundTruth truth = server.truth();
            CrawlSettings settings = CrawlSettings.of("parler", server.baseUri(), truth.seedUsers(), out.resolve("crawl"));
            settings.rate = rate;
            settings.burst = Math.max(1, (int) (rate / 10));
            settings.concurrency = 8;
            settings.backoffBaseS = 0.2;
            settings.backoffMaxS = 10;
            settings.retryAfterMaxS = 30;
            settings.operator = "lastlight demo";
            settings.connectTimeoutS = 5;
            settings.responseTimeoutS = 20;
            settings.totalTimeoutS = 60;
            settings.warcPrefix = "parler-demo";
            settings.comments = false;
            settings.statsIntervalS = 5;
            settings.seed = seed;
            CrawlConfig cfg = settings.toConfig();
            log.printf(Locale.ROOT, "crawling from %d seed users at ≤ %.0f requests/s into %s%n", truth.seedUsers().size(), rate, cfg.warcDir());
            CrawlSummary crawl = CrawlSession.run(cfg, false, false, Clock.systemUTC(), new Progress(log, false, false));
            log.printf(Locale.ROOT, "crawl %s: %,d captures in %.1f s; building the dataset%n",
                    crawl.outcome().name().toLowerCase(Locale.ROOT), crawl.stats().captures.get(), crawl.stats().elapsedSeconds());
            Path dataset = out.resolve("dataset");
            BuildReport build = new DatasetBuilder(Clock.systemUTC(), "parler", s -> { }).build(out.resolve("crawl"), dataset, false);
            result = answers(dataset, truth, crawl, build);
        }
        if (json) {
            System.out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(result));
        } else {
            printText(result, new PrintStream(System.out, true, StandardCharsets.UTF_8));
        }
        return 0;
    }

    static void prepareOut(Path out) throws IOException {
        if (Files.exists(out)) {
            boolean empty;
            try (Stream<Path> s = Files.list(out)) {
                empty = s.findAny().isEmpty();
            }
            if (!empty && !Files.exists(out.resolve(MARKER))) {
                throw new UserException(out + " exists and is not an earlier demo's output; choose another --out");
            }
            try (Stream<Path> walk = Files.walk(out)) {
                for (Path p : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) Files.delete(p);
            }
        }
        Files.createDirectories(out);
        Files.writeString(out.resolve(MARKER), "written by 'lastlight demo'; the next demo run replaces this folder\n");
    }

    static Map<String, Object> answers(Path dataset, GroundTruth truth, CrawlSummary crawl, BuildReport build) throws Exception {
        Map<String, Object> cap = new LinkedHashMap<>();
        ResultTable counts = QueryCommand.run(dataset, "user-counts", null, null, Map.of());
        for (List<Object> row : counts.rows()) cap.put((String) row.get(0), row.get(1));
        ResultTable posts = QueryCommand.run(dataset, "posts-captured", null, null, Map.of());
        cap.put("posts_captured", posts.value(0, "posts"));
        cap.put("echoes_captured", posts.value(0, "echoes"));
        List<Map<String, Object>> top = new ArrayList<>();
        ResultTable t = QueryCommand.run(dataset, "top-followers", null, 10, Map.of());
        for (int i = 0; i < t.rows().size(); i++) {
            Map<String, Object> m = new LinkedHashMap<>();
            for (String c : List.of("username", "followers_display", "followers_low", "followers_high")) m.put(c, t.value(i, c));
            top.add(m);
        }
        cap.put("top_followers", top);
        Map<String, Object> months = new TreeMap<>();
        ResultTable g = QueryCommand.run(dataset, "user-growth", null, null, Map.of("period", "month"));
        for (int i = 0; i < g.rows().size(); i++) months.put(g.value(i, "period_start").toString().substring(0, 7), g.value(i, "signups"));
        cap.put("signups_per_month", months);
        cap.put("crawl", Map.of("outcome", crawl.outcome().name().toLowerCase(Locale.ROOT), "requests", crawl.stats().requests.get(),
                "captures", crawl.stats().captures.get(), "failed", crawl.frontier().failed(), "status_429", crawl.stats().status429.get(),
                "seconds", Math.round(crawl.stats().elapsedSeconds() * 10) / 10.0));
        cap.put("parse_status", build.parseStatus);

        Map<String, Object> tr = new LinkedHashMap<>();
        tr.put("users", truth.users());
        tr.put("reachable_users", truth.reachableUsers());
        tr.put("posts", truth.reachablePosts());
        tr.put("posts_all_accounts", truth.posts());
        tr.put("echoes", truth.echoes());
        List<Map<String, Object>> ttop = new ArrayList<>();
        for (GroundTruth.Follower f : truth.topFollowers()) ttop.add(Map.of("username", f.username(), "followers", f.followers()));
        tr.put("top_followers", ttop);
        Map<String, Long> tmonths = new TreeMap<>();
        truth.signupsPerDay().forEach((day, n) -> tmonths.merge(day.substring(0, 7), n, Long::sum));
        tr.put("signups_per_month", tmonths);

        Map<String, Object> out = new LinkedHashMap<>();
        out.put("dataset", dataset.toString());
        out.put("captured", cap);
        out.put("truth", tr);
        return out;
    }

    @SuppressWarnings("unchecked")
    static void printText(Map<String, Object> r, PrintStream o) {
        Map<String, Object> c = (Map<String, Object>) r.get("captured");
        Map<String, Object> t = (Map<String, Object>) r.get("truth");
        o.println();
        o.printf(Locale.ROOT, "%-34s %14s   %s%n", "", "captured", "ground truth");
        o.printf(Locale.ROOT, "%-34s %,14d   %,d reachable of %,d accounts%n", "users (profiles captured)",
                num(c.get("profiles_captured")), num(t.get("reachable_users")), num(t.get("users")));
        o.printf(Locale.ROOT, "%-34s %,14d   %,d by reachable accounts (%,d by all)%n", "posts captured (incl. echoes)", num(c.get("posts_captured")),
                num(t.get("posts")), num(t.get("posts_all_accounts")));
        o.printf(Locale.ROOT, "%-34s %,14d   %,d by all accounts%n", "echoes", num(c.get("echoes_captured")), num(t.get("echoes")));
        o.printf(Locale.ROOT, "%-34s %,14d%n", "accounts that posted", num(c.get("accounts_that_posted")));
        o.println();
        o.println("Top 10 accounts by followers (platform shows rounded counts; interval = true values they allow)");
        o.printf(Locale.ROOT, "  %-3s %-22s %-8s %-24s | %-22s %s%n", "#", "captured", "shown", "interval", "truth", "followers");
        List<Map<String, Object>> ct = (List<Map<String, Object>>) c.get("top_followers");
        List<Map<String, Object>> tt = (List<Map<String, Object>>) t.get("top_followers");
        for (int i = 0; i < Math.max(ct.size(), tt.size()); i++) {
            Map<String, Object> a = i < ct.size() ? ct.get(i) : Map.of();
            Map<String, Object> b = i < tt.size() ? tt.get(i) : Map.of();
            String interval = a.isEmpty() ? "" : String.format(Locale.ROOT, "[%,d .. %,d]", num(a.get("followers_low")), num(a.get("followers_high")));
            o.printf(Locale.ROOT, "  %-3d %-22s %-8s %-24s | %-22s %s%n", i + 1, a.getOrDefault("username", ""),
                    a.getOrDefault("followers_display", ""), interval, b.getOrDefault("username", ""),
                    b.isEmpty() ? "" : String.format(Locale.ROOT, "%,d", num(b.get("followers"))));
        }
        o.println();
        o.println("Sign-ups per month (captured profiles' join dates vs all accounts in the world)");
        Map<String, Object> cm = (Map<String, Object>) c.get("signups_per_month");
        Map<String, Object> tm = (Map<String, Object>) t.get("signups_per_month");
        TreeMap<String, Object> keys = new TreeMap<>(tm);
        keys.putAll(cm);
        long maxT = 1;
        for (Object v : tm.values()) maxT = Math.max(maxT, num(v));
        for (String k : keys.keySet()) {
            long cv = num(cm.getOrDefault(k, 0L));
            long tv = num(tm.getOrDefault(k, 0L));
            o.printf(Locale.ROOT, "  %s %8d %8d  %s%n", k, cv, tv, "#".repeat((int) Math.round(40.0 * tv / maxT)));
        }
        Map<String, Object> crawl = (Map<String, Object>) c.get("crawl");
        o.println();
        o.printf(Locale.ROOT, "crawl: %s, %,d requests, %,d captures, %,d failed, %,d answered 429, %.1f s%n",
                crawl.get("outcome"), num(crawl.get("requests")), num(crawl.get("captures")), num(crawl.get("failed")),
                num(crawl.get("status_429")), ((Number) crawl.get("seconds")).doubleValue());
        o.println("dataset: " + r.get("dataset") + "   try: ./lastlight query --dataset " + r.get("dataset") + " top-followers");
    }

    private static long num(Object o) {
        return o == null ? 0 : ((Number) o).longValue();
    }
}
