package io.lastlight.build;

import io.lastlight.simulate.SimConfig;
import io.lastlight.simulate.SimServer;
import io.lastlight.simulate.http.Request;
import io.lastlight.simulate.http.Response;
import io.lastlight.simulate.mastodon.MastodonApi;
import io.lastlight.simulate.world.World;
import io.lastlight.warc.CaptureRecord;
import io.lastlight.warc.WarcSink;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A dataset of two Mastodon-API servers that number their own accounts and statuses from the same small integers
 * (Gab's account 1 is not mastodon.social's account 1) plus a Parler file (one id space): the simulator's answers
 * (a Gab world and a Mastodon world of other seeds) written as the crawler writes them, under the URLs of two
 * servers, gab.example and social.example:8443. InstanceKeyTest's fixture, shared by the tests of every place that
 * names an account or post by id (labelling, evidence, estimates).
 */
public final class TwoServers {
    public static final Instant T0 = SimConfig.DEFAULT_WORLD_START;
    public static final String GAB = "https://gab.example", SOCIAL = "https://social.example:8443";
    public static final int USERS = 12, PARLER_USERS = 3;

    /** The built dataset. */
    public final Path dataset;
    /** instance → account id → username, as each server's world has it. */
    public final Map<String, Map<String, String>> accounts = new HashMap<>();

    private TwoServers(Path dataset) {
        this.dataset = dataset;
    }

    /** Captures of both servers and Parler in {@code dir}/in, the dataset in {@code dir}/ds. */
    public static TwoServers build(Path dir) throws Exception {
        TwoServers t = new TwoServers(dir.resolve("ds"));
        Path in = dir.resolve("in");
        crawl(in, "mastodon-gab", GAB, "gab", 21, t.accounts);
        crawl(in, "mastodon-social", SOCIAL, "mastodon", 22, t.accounts);
        BuildInputsTest.warc(in.resolve("parler-00000.warc.gz"), "parler", PARLER_USERS);
        new DatasetBuilder(Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC), "parler", s -> { }, 2)
                .build(in, t.dataset, false);
        return t;
    }

    /** Each account's profile and first page of statuses, from a world of {@code seed} answering as {@code base}. */
    public static void crawl(Path dir, String prefix, String base, String dialect, long seed,
                             Map<String, Map<String, String>> accounts) throws Exception {
        SimConfig cfg = SimConfig.builder().users(USERS).seed(seed).meanPosts(4).dialect(dialect).port(0)
                .clock(Clock.fixed(T0, ZoneOffset.UTC)).build();
        String instance = URI.create(base).getAuthority();
        Map<String, String> names = accounts.computeIfAbsent(instance, k -> new HashMap<>());
        Map<String, List<String>> info = new LinkedHashMap<>();
        info.put("software", List.of("lastlight test"));
        info.put("platform", List.of("mastodon"));
        try (SimServer sim = SimServer.start(cfg);
             WarcSink sink = new WarcSink(dir, prefix, 1L << 30, Clock.fixed(T0, ZoneOffset.UTC), info, null)) {
            World w = sim.world();
            long tick = 0;
            for (int u = 0; u < w.users(); u++) {
                String id = MastodonApi.accountId(w, u);
                names.put(id, w.username(u));
                for (String path : List.of("/api/v1/accounts/" + id, "/api/v1/accounts/" + id + "/statuses?limit=40")) {
                    Response r = sim.handle(new Request("GET", path, Map.of("host", URI.create(base).getAuthority(),
                            "accept", "application/json"), new byte[0], "127.0.0.1"), T0, base);
                    List<Map.Entry<String, String>> received = new ArrayList<>();
                    for (String[] h : r.headers()) received.add(new AbstractMap.SimpleImmutableEntry<>(h[0], h[1]));
                    received.add(new AbstractMap.SimpleImmutableEntry<>("Content-Length", Integer.toString(r.body().length)));
                    sink.write(new CaptureRecord(URI.create(base + path), T0.plusMillis(tick++), "GET",
                            List.of(new AbstractMap.SimpleImmutableEntry<>("Host", URI.create(base).getAuthority())),
                            r.status(), "OK", received, r.body(), false, Map.of()));
                }
            }
        }
    }
}
