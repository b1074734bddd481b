package io.lastlight.bench;

import io.lastlight.simulate.SimConfig;
import io.lastlight.simulate.SimServer;
import io.lastlight.simulate.http.Request;
import io.lastlight.simulate.http.Response;
import io.lastlight.simulate.world.World;
import io.lastlight.warc.CaptureRecord;
import io.lastlight.warc.WarcSink;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Bench-only data generator (test scope, never in the runnable jar): writes the WARC files a complete crawl
 * of the simulated Parler platform would write — for every account its profile, every creator page of its
 * posts, and every page of its followers and following lists — without the network or the frontier. Each
 * request goes through {@link SimServer#handle(Request, Instant, String)} (the same code that answers
 * over a socket) and each answer is written by the crawler's own {@link WarcSink} (response, request and
 * metadata records, one gzip member each). Media files are not fetched. Workers take contiguous ranges of
 * accounts and write their own files ({@code parler-wN-*.warc.gz}).
 *
 * <pre>java -cp lastlight.jar:test-classes io.lastlight.bench.WarcGen --users 1000000 --mean-posts 10 --out DIR</pre>
 */
public final class WarcGen {
    private static final Pattern NEXT = Pattern.compile("\"next\":\"([^\"]*)\"");
    private static final Instant WORLD = SimConfig.DEFAULT_WORLD_START;

    public static void main(String[] args) throws Exception {
        Map<String, String> a = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) a.put(args[i], args[i + 1]);
        int users = Integer.parseInt(a.getOrDefault("--users", "100000"));
        double meanPosts = Double.parseDouble(a.getOrDefault("--mean-posts", "10"));
        long seed = Long.parseLong(a.getOrDefault("--seed", "1"));
        int threads = Integer.parseInt(a.getOrDefault("--threads", Integer.toString(Runtime.getRuntime().availableProcessors())));
        long warcSize = Long.parseLong(a.getOrDefault("--warc-size", Long.toString(1L << 30)));
        Path out = Path.of(a.getOrDefault("--out", "bench-data/warc"));
        Files.createDirectories(out);

        SimConfig cfg = SimConfig.builder().users(users).seed(seed).meanPosts(meanPosts).port(0)
                .clock(Clock.fixed(WORLD, ZoneOffset.UTC)).build();
        long t0 = System.nanoTime();
        try (SimServer sim = SimServer.start(cfg)) {
            World w = sim.world();
            String base = sim.baseUri().toString();
            AtomicLong records = new AtomicLong(), bytes = new AtomicLong();
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            List<Future<?>> jobs = new ArrayList<>();
            int n = w.users();
            for (int t = 0; t < threads; t++) {
                int from = (int) ((long) n * t / threads), to = (int) ((long) n * (t + 1) / threads), worker = t;
                jobs.add(pool.submit(() -> {
                    Map<String, List<String>> info = new LinkedHashMap<>();
                    info.put("software", List.of("lastlight bench WarcGen (jwarc)"));
                    info.put("platform", List.of("parler"));
                    info.put("base-url", List.of(base));
                    info.put("isPartOf", List.of("parler-bench"));
                    long[] tick = {0};
                    try (WarcSink sink = new WarcSink(out, "parler-w" + worker, warcSize,
                            Clock.fixed(WORLD, ZoneOffset.UTC), info, null)) {
                        for (int u = from; u < to; u++) {
                            String id = w.userId(u);
                            capture(sim, sink, base, "/v1/profile?username=" + enc(w.username(u)), "profile", tick, records, bytes);
                            for (String path : new String[] {"/v1/post/creator", "/v1/follow/followers", "/v1/follow/following"}) {
                                String next = null;
                                do {
                                    String target = path + "?id=" + id + "&limit=10" + (next == null ? "" : "&startkey=" + enc(next));
                                    String body = capture(sim, sink, base, target, path.substring(path.lastIndexOf('/') + 1), tick, records, bytes);
                                    Matcher m = NEXT.matcher(body);
                                    String prev = next;
                                    next = body.contains("\"last\":false") && m.find() ? m.group(1) : null;
                                    if (next != null && next.equals(prev)) next = null;
                                } while (next != null);
                            }
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : jobs) f.get();
            pool.shutdown();
            double s = (System.nanoTime() - t0) / 1e9;
            System.out.printf("{\"users\":%d,\"records\":%d,\"payload_bytes\":%d,\"seconds\":%.1f,\"world_posts\":%d}%n",
                    n, records.get(), bytes.get(), s, w.postCount());
        }
    }

    private static String capture(SimServer sim, WarcSink sink, String base, String target, String kind, long[] tick,
                                  AtomicLong records, AtomicLong bytes) throws Exception {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("host", URI.create(base).getAuthority());
        headers.put("user-agent", "lastlight-bench");
        headers.put("accept", "application/json");
        Response r = sim.handle(new Request("GET", target, headers, new byte[0], "127.0.0.1"), WORLD, base);
        List<Map.Entry<String, String>> sent = new ArrayList<>();
        sent.add(new AbstractMap.SimpleImmutableEntry<>("Host", headers.get("host")));
        sent.add(new AbstractMap.SimpleImmutableEntry<>("User-Agent", "lastlight-bench"));
        sent.add(new AbstractMap.SimpleImmutableEntry<>("Accept", "application/json"));
        List<Map.Entry<String, String>> received = new ArrayList<>();
        for (String[] h : r.headers()) received.add(new AbstractMap.SimpleImmutableEntry<>(h[0], h[1]));
        received.add(new AbstractMap.SimpleImmutableEntry<>("Content-Length", Integer.toString(r.body().length)));
        Map<String, List<String>> meta = new LinkedHashMap<>();
        meta.put("lastlight-kind", List.of(kind));
        Instant date = WORLD.plusMillis(tick[0]++);
        sink.write(new CaptureRecord(URI.create(base + target), date, "GET", sent, r.status(),
                r.status() == 200 ? "OK" : "Error", received, r.body(), false, meta));
        records.incrementAndGet();
        bytes.addAndGet(r.body().length);
        return new String(r.body(), StandardCharsets.UTF_8);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
