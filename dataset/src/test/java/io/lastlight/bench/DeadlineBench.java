package io.lastlight.bench;

import io.lastlight.crawl.CrawlConfig;
import io.lastlight.crawl.CrawlSettings;
import io.lastlight.crawl.CrawlLog;
import io.lastlight.crawl.CrawlSession;
import io.lastlight.crawl.CrawlSummary;
import io.lastlight.crawl.Progress;
import io.lastlight.extract.WarcCaptureReader;
import io.lastlight.frontier.Frontier;
import io.lastlight.platform.Capture;
import io.lastlight.platform.Extraction;
import io.lastlight.platform.FollowEdge;
import io.lastlight.platform.PostObservation;
import io.lastlight.platform.ProfileObservation;
import io.lastlight.platform.parler.ParlerPlatform;
import io.lastlight.simulate.SimConfig;
import io.lastlight.simulate.SimServer;
import io.lastlight.warc.JwarcValidate;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Deadline scheduling benchmark (bench/deadline.sh): one simulated world is crawled in full at the rate
 * ceiling (FIFO, no deadline) to measure the full crawl time T and what there is to capture; then, for each
 * fraction f, the same world goes dark after f·T (and the crawl's --deadline is that instant), crawled once
 * deadline-aware (tiered) and once FIFO. Coverage per tier is measured from each crawl's WARC files with the
 * Parler adapter's extraction, against the full crawl: (1) profiles, (2) posts of the accounts at or above
 * the 90th percentile of followers, (3) the other posts, (4) follow edges, (5) media files; and the
 * follower-weighted share of posts (each post weighs its author's followers).
 * <p>
 * Usage: {@code DeadlineBench [--users N] [--seed S] [--rate R] [--fractions 0.1,0.3,0.6] [--out DIR]}. Prints
 * one JSON line per run to stdout, then the Markdown table.
 */
public final class DeadlineBench {
    private static final Clock WORLD = Clock.fixed(Instant.parse("2021-01-09T00:00:00Z"), ZoneOffset.UTC);

    /** What one crawl captured, by id. */
    record Captured(Map<String, Long> profiles, Map<String, String> postAuthor, Set<String> edges, Set<String> media) {}

    record Row(double fraction, String schedule, long budgetMs, long requests, String outcome, double[] coverage,
               double weighted, boolean warcsValid) {}

    public static void main(String[] args) throws Exception {
        int users = 500;
        long seed = 21;
        double rate = 250;
        List<Double> fractions = List.of(0.1, 0.3, 0.6);
        Path out = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--users" -> users = Integer.parseInt(args[++i]);
                case "--seed" -> seed = Long.parseLong(args[++i]);
                case "--rate" -> rate = Double.parseDouble(args[++i]);
                case "--fractions" -> fractions = Stream.of(args[++i].split(",")).map(Double::parseDouble).toList();
                case "--out" -> out = Path.of(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]
                        + "; usage: DeadlineBench [--users N] [--seed S] [--rate R] [--fractions 0.1,0.3,0.6] [--out DIR]");
            }
        }
        if (out == null) out = Files.createTempDirectory("deadline-bench");
        CrawlLog.quietEvents(true);
        SimConfig.Builder world = SimConfig.builder().users(users).seed(seed).clock(WORLD);

        long t0 = System.nanoTime();
        CrawlSummary full;
        try (SimServer server = SimServer.start(world.build())) {
            full = CrawlSession.run(config(server, out.resolve("full"), Frontier.Order.FIFO, rate, null), false, false,
                    Clock.systemUTC(), quiet());
        }
        long fullMs = (System.nanoTime() - t0) / 1_000_000;
        Captured all = read(out.resolve("full"));
        double threshold = quantile(all.profiles().values(), 0.9);
        Map<String, Long> f = all.profiles();
        double totalWeight = weight(all.postAuthor().values(), f);
        System.out.printf(Locale.ROOT, "{\"users\":%d,\"seed\":%d,\"rate\":%.0f,\"full_requests\":%d,\"full_ms\":%d,"
                        + "\"profiles\":%d,\"posts\":%d,\"edges\":%d,\"media\":%d,\"top_threshold\":%.0f}%n",
                users, seed, rate, full.stats().requests.get(), fullMs, f.size(), all.postAuthor().size(), all.edges().size(),
                all.media().size(), threshold);

        List<Row> rows = new ArrayList<>();
        for (double fraction : fractions) {
            Duration budget = Duration.ofMillis(Math.round(fraction * fullMs));
            for (Frontier.Order order : List.of(Frontier.Order.TIERED, Frontier.Order.FIFO)) {
                String name = order == Frontier.Order.TIERED ? "tiered" : "fifo";
                Path dir = out.resolve(String.format(Locale.ROOT, "f%02d-%s", Math.round(fraction * 100), name));
                CrawlSummary sum;
                try (SimServer server = SimServer.start(world.darkAfter(budget).build())) {
                    Instant deadline = Instant.now().plus(budget);
                    sum = CrawlSession.run(config(server, dir, order, rate, deadline), false, false, Clock.systemUTC(), quiet());
                }
                Captured c = read(dir);
                double[] cov = new double[5];
                cov[0] = share(c.profiles().keySet(), f.keySet());
                Set<String> top = new HashSet<>(), rest = new HashSet<>();
                all.postAuthor().forEach((post, author) -> (f.getOrDefault(author, 0L) >= threshold ? top : rest).add(post));
                cov[1] = share(c.postAuthor().keySet(), top);
                cov[2] = share(c.postAuthor().keySet(), rest);
                cov[3] = share(c.edges(), all.edges());
                cov[4] = share(c.media(), all.media());
                double w = 0;
                for (Map.Entry<String, String> p : c.postAuthor().entrySet()) {
                    if (all.postAuthor().containsKey(p.getKey())) w += f.getOrDefault(all.postAuthor().get(p.getKey()), 0L);
                }
                Row row = new Row(fraction, name, budget.toMillis(), sum.stats().requests.get(), sum.outcome().name(), cov,
                        w / totalWeight, JwarcValidate.validate(warcs(dir)).ok());
                rows.add(row);
                System.out.printf(Locale.ROOT, "{\"fraction\":%.2f,\"schedule\":\"%s\",\"budget_ms\":%d,\"requests\":%d,"
                                + "\"outcome\":\"%s\",\"profiles\":%.4f,\"top_posts\":%.4f,\"posts\":%.4f,\"edges\":%.4f,"
                                + "\"media\":%.4f,\"weighted_posts\":%.4f,\"warcs_valid\":%b}%n",
                        fraction, name, budget.toMillis(), row.requests(), row.outcome(), cov[0], cov[1], cov[2], cov[3], cov[4],
                        row.weighted(), row.warcsValid());
            }
        }
        System.out.println();
        System.out.println("| deadline | schedule | requests | profiles | top-posts | posts | edges | media | follower-weighted posts | stop |");
        System.out.println("|---|---|---|---|---|---|---|---|---|---|");
        for (Row r : rows) {
            System.out.printf(Locale.ROOT, "| %d%% (%.1f s) | %s | %,d | %s | %s | %s | %s | %s | %s | %s |%n",
                    Math.round(r.fraction() * 100), r.budgetMs() / 1000.0, r.schedule(), r.requests(), pct(r.coverage()[0]),
                    pct(r.coverage()[1]), pct(r.coverage()[2]), pct(r.coverage()[3]), pct(r.coverage()[4]), pct(r.weighted()),
                    r.outcome().toLowerCase(Locale.ROOT).replace('_', ' ') + (r.warcsValid() ? "" : ", WARC INVALID"));
        }
    }

    private static String pct(double v) {
        return String.format(Locale.ROOT, "%.1f%%", 100 * v);
    }

    private static double share(Set<String> got, Set<String> universe) {
        if (universe.isEmpty()) return 1;
        long n = 0;
        for (String s : universe) if (got.contains(s)) n++;
        return (double) n / universe.size();
    }

    private static double weight(Iterable<String> authors, Map<String, Long> followers) {
        double w = 0;
        for (String a : authors) w += followers.getOrDefault(a, 0L);
        return w;
    }

    private static double quantile(Iterable<Long> values, double q) {
        List<Long> v = new ArrayList<>();
        values.forEach(v::add);
        if (v.isEmpty()) return 0;
        v.sort(null);
        return v.get(Math.min(v.size() - 1, (int) Math.ceil(q * v.size()) - 1));
    }

    private static List<Path> warcs(Path crawl) throws IOException {
        try (Stream<Path> s = Files.list(crawl.resolve("warc"))) {
            return s.filter(p -> p.toString().endsWith(".warc.gz")).sorted().toList();
        }
    }

    /** Reads a crawl's WARC files back: captured profiles (with followers), posts (with authors), follow edges, media. */
    static Captured read(Path crawl) throws IOException {
        ParlerPlatform parler = new ParlerPlatform();
        Map<String, Long> profiles = new HashMap<>();
        Map<String, String> posts = new HashMap<>();
        Set<String> edges = new HashSet<>();
        Set<String> media = new HashSet<>();
        WarcCaptureReader reader = new WarcCaptureReader(WarcCaptureReader.DEFAULT_MAX_PARSE_BYTES);
        for (Path w : warcs(crawl)) {
            reader.read(w, (info, wc) -> {
                Capture c = wc.capture();
                if (c == null || c.status() != 200) return;
                String kind = parler.kindOf(c.uri());
                if (kind.equals(ParlerPlatform.KIND_MEDIA)) {
                    media.add(c.uri().getPath());
                    return;
                }
                Extraction x = parler.extract(c);
                for (ProfileObservation p : x.profiles()) {
                    if (ProfileObservation.SOURCE_PROFILE.equals(p.source()) && p.userId() != null) {
                        profiles.merge(p.userId(), p.followers() == null ? 0 : p.followers().value(), Math::max);
                    }
                }
                for (PostObservation p : x.posts()) if (p.authorId() != null) posts.put(p.postId(), p.authorId());
                for (FollowEdge e : x.follows()) edges.add(e.followerId() + ">" + e.followeeId());
            });
        }
        return new Captured(profiles, posts, edges, media);
    }

    private static CrawlConfig config(SimServer server, Path out, Frontier.Order order, double rate, Instant deadline) {
        CrawlSettings settings = CrawlSettings.of("parler", server.baseUri(), server.truth().seedUsers(), out);
        settings.rate = rate;
        settings.burst = 1;
        settings.concurrency = 8;
        settings.maxAttempts = 4;
        settings.backoffBaseS = 0.05;
        settings.backoffMaxS = 1;
        settings.retryAfterMaxS = 2;
        settings.operator = "bench";
        settings.connectTimeoutS = 2;
        settings.responseTimeoutS = 5;
        settings.totalTimeoutS = 10;
        settings.warcPrefix = "parler-" + order;
        settings.schedule = order == Frontier.Order.FIFO ? "fifo" : "tiered";
        settings.darkAfterFailures = 10;
        settings.maxBlockedInARow = 20;
        settings.statsIntervalS = 1;
        settings.seed = 1;
        settings.comments = false;
        settings.deadline = deadline == null ? null : deadline.toString();
        return settings.toConfig();
    }

    private static Progress quiet() {
        return new Progress(new PrintStream(new ByteArrayOutputStream()), false, true);
    }
}
