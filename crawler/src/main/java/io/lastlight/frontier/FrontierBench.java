package io.lastlight.frontier;

import io.lastlight.platform.CrawlRequest;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Frontier memory benchmark (bench/frontier.sh): adds N items (default 10,000,000) to a
 * {@link SqliteFrontier} in batches as discovery does, leases and completes a share of them, and reports
 * the peak heap in use after GC and the time taken. Run with {@code -Xmx512m} to prove the bound: the
 * frontier lives on disk, so the heap does not grow with it.
 */
public final class FrontierBench {
    private FrontierBench() {}

    public static void main(String[] args) throws Exception {
        long n = args.length > 0 ? Long.parseLong(args[0].replace("_", "")) : 10_000_000L;
        Path dir = Files.createTempDirectory("lastlight-frontier-bench");
        MemoryMXBean mem = ManagementFactory.getMemoryMXBean();
        long peak = 0;
        long start = System.nanoTime();
        try (SqliteFrontier f = new SqliteFrontier(dir.resolve("frontier.db"), Frontier.Order.TIERED)) {
            List<CrawlRequest> batch = new ArrayList<>(10_000);
            for (long i = 0; i < n; i++) {
                batch.add(new CrawlRequest(URI.create("https://api.example.org/v1/profile?username=user" + i), "profile",
                        "bench:profile:" + i, 1 + (int) (i % 4), i % 1000));
                if (batch.size() == 10_000) {
                    f.add(batch, null, 1);
                    batch.clear();
                    if ((i / 10_000) % 100 == 0) {
                        System.gc();
                        peak = Math.max(peak, mem.getHeapMemoryUsage().getUsed());
                        System.err.printf(Locale.ROOT, "%,d items, heap %.1f MiB%n", i + 1, mem.getHeapMemoryUsage().getUsed() / 1048576.0);
                    }
                }
            }
            if (!batch.isEmpty()) f.add(batch, null, 1);
            long insertNanos = System.nanoTime() - start;
            long leaseStart = System.nanoTime();
            int completed = 0;
            for (int round = 0; round < 100; round++) {
                for (FrontierItem it : f.lease(1000, Long.MAX_VALUE)) {
                    f.complete(it, 200, "bench.warc.gz", 0, 100, List.of());
                    completed++;
                }
            }
            long leaseNanos = System.nanoTime() - leaseStart;
            System.gc();
            peak = Math.max(peak, mem.getHeapMemoryUsage().getUsed());
            FrontierStats st = f.stats();
            System.out.printf(Locale.ROOT, "items %,d | insert %.1f s (%,.0f items/s) | lease+complete %,d items %.1f s"
                            + " (%,.0f/s) | peak heap after GC %.1f MiB (max %.0f MiB) | db %.0f MiB | %s%n",
                    st.total(), insertNanos / 1e9, n / (insertNanos / 1e9), completed, leaseNanos / 1e9,
                    completed / (leaseNanos / 1e9), peak / 1048576.0, Runtime.getRuntime().maxMemory() / 1048576.0,
                    Files.size(dir.resolve("frontier.db")) / 1048576.0, st);
        } finally {
            try (var files = Files.list(dir)) {
                for (Path p : (Iterable<Path>) files::iterator) Files.deleteIfExists(p);
            }
            Files.deleteIfExists(dir);
        }
    }
}
