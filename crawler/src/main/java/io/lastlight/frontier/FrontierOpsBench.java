package io.lastlight.frontier;

import io.lastlight.platform.CrawlRequest;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Lease+complete throughput of a frontier (BENCHMARKS.md): adds N items, then W workers (threads, each with
 * its own frontier connection; SQLite is one process, so one) lease in batches of 16 and complete each item
 * with two discovered requests (one new, one known), its payload digest, record id and a scheduler's lesson, as
 * a crawl does. Prints items settled per second.
 * Usage: {@code FrontierOpsBench sqlite|postgresql://HOST:PORT/DB?currentSchema=S N W}.
 */
public final class FrontierOpsBench {
    private static final String DIGEST = "sha1:3I42H3S6NNFQ2MSVX7XZKYAYSCX5QBYJ";
    /** The size and shape of a crawl's ScheduleLesson. */
    private static final String LESSON = "{\"kind\":\"profile\",\"tier\":1,\"status\":200,\"discovered\":2,\"new\":1,"
            + "\"elapsed_ms\":3,\"bytes\":1204}";

    private FrontierOpsBench() {}

    public static void main(String[] args) throws Exception {
        String where = args.length > 0 ? args[0] : "sqlite";
        int n = args.length > 1 ? Integer.parseInt(args[1].replace("_", "")) : 100_000;
        int workers = args.length > 2 ? Integer.parseInt(args[2]) : 1;
        Path dir = Files.createTempDirectory("lastlight-ops-bench");
        List<Frontier> fs = new ArrayList<>();
        for (int w = 0; w < workers; w++) fs.add(open(where, dir, w));
        try {
            List<CrawlRequest> batch = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                batch.add(req("seed:" + i, i));
                if (batch.size() == 10_000) {
                    fs.get(0).add(batch, null, 0);
                    batch.clear();
                }
            }
            if (!batch.isEmpty()) fs.get(0).add(batch, null, 0);
            ExecutorService pool = Executors.newFixedThreadPool(workers);
            long start = System.nanoTime();
            List<Future<Integer>> done = new ArrayList<>();
            for (Frontier f : fs) {
                done.add(pool.submit(() -> {
                    int settled = 0;
                    List<FrontierItem> leased;
                    while (!(leased = f.lease(16, Long.MAX_VALUE)).isEmpty()) {
                        for (FrontierItem it : leased) {
                            // as a crawl completes a capture: its payload digest, record id and the scheduler's lesson
                            List<CrawlRequest> found = it.key().startsWith("found:") ? List.of()
                                    : List.of(req("found:" + it.id(), it.id()), req("seed:" + (it.id() / 2), 0));
                            f.complete(it, 200, "bench.warc.gz", 0, 100, found, DIGEST, 1_610_000_000_000L + it.id(),
                                    "<urn:uuid:00000000-0000-4000-8000-" + String.format(Locale.ROOT, "%012d", it.id()) + ">",
                                    LESSON);

                            settled++;
                        }
                    }
                    return settled;
                }));
            }
            long total = 0;
            for (Future<Integer> d : done) total += d.get();
            double s = (System.nanoTime() - start) / 1e9;
            pool.shutdown();
            System.out.printf(Locale.ROOT, "%s | %d worker(s) | %,d items settled (lease+complete, 2 discoveries each seed, digest and lesson stored) in"
                    + " %.1f s | %,.0f items/s | %s%n", where.startsWith("postgres") ? "postgresql" : "sqlite", workers, total, s,
                    total / s, fs.get(0).stats());
        } finally {
            for (Frontier f : fs) f.close();
            try (var files = Files.list(dir)) {
                for (Path p : (Iterable<Path>) files::iterator) Files.deleteIfExists(p);
            }
            Files.deleteIfExists(dir);
        }
    }

    private static Frontier open(String where, Path dir, int w) {
        if (where.equals("sqlite")) {
            if (w > 0) throw new IllegalArgumentException("the SQLite frontier is one process: use 1 worker");
            return new SqliteFrontier(dir.resolve("frontier.db"), Frontier.Order.TIERED);
        }
        return new PostgresFrontier(PostgresTarget.parse(where, System::getenv, null), "bench" + w, Frontier.Order.TIERED,
                Duration.ofMinutes(5), m -> System.err.println(m));
    }

    private static CrawlRequest req(String key, long i) {
        return new CrawlRequest(URI.create("https://api.example.org/v1/profile?username=" + key), "profile", key,
                1 + (int) (i % 4), i % 1000);
    }
}
