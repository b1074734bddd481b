package io.lastlight.wacz;

import io.lastlight.fetch.FetchConfig;
import io.lastlight.fetch.FetchResult;
import io.lastlight.fetch.Fetcher;
import io.lastlight.simulate.GroundTruth;
import io.lastlight.simulate.SimConfig;
import io.lastlight.simulate.SimServer;
import io.lastlight.simulate.world.User;
import io.lastlight.simulate.world.World;
import io.lastlight.warc.CaptureRecord;
import io.lastlight.warc.CdxjIndexer;
import io.lastlight.warc.WarcSink;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A crawled simulated Parler world for the WACZ tests: the crawler's API capture plus a few HTML pages. */
final class WaczFixtures {
    static final Instant WORLD_TIME = Instant.parse("2021-01-09T00:00:00Z");

    static SimServer startWorld(int users) {
        return SimServer.start(SimConfig.builder().users(users).seed(7)
                .clock(Clock.fixed(WORLD_TIME, ZoneOffset.UTC)).build());
    }

    /** Crawls the world's API with {@code lastlight crawl}, the way a user would. */
    static void crawl(SimServer server, Path out) {
        List<String> args = new ArrayList<>(List.of("crawl", "--platform", "parler", "--base", server.baseUri().toString(),
                "--out", out.toString(), "--rate", "0", "--concurrency", "8", "--quiet", "--warc-size", String.valueOf(400_000)));
        for (String s : server.truth().seedUsers()) {
            args.add("--seed-user");
            args.add(s);
        }
        io.lastlight.cli.MainTest.Run r = io.lastlight.cli.MainTest.run(args.toArray(String[]::new));
        if (r.code() != 0) throw new AssertionError("crawl failed: " + r.err());
    }

    /** The HTML profile pages of {@code usernames} and one post page, as the platform's web face shows them. */
    static List<URI> htmlPages(SimServer server, List<String> usernames) {
        List<URI> out = new ArrayList<>();
        String base = server.baseUri().toString().replaceAll("/$", "");
        for (String u : usernames) out.add(URI.create(base + "/profile/" + u));
        out.add(URI.create(base + "/post/" + server.truth().reachablePostIds().get(0)));
        return out;
    }

    /**
     * Captures HTML pages into {@code warcDir} with the crawler's own fetcher and WARC writer (the crawler's
     * Parler adapter follows the JSON API, not the web pages), indexing the file when it closes.
     */
    static void captureHtml(List<URI> pages, Path warcDir) throws IOException, InterruptedException {
        FetchConfig fc = new FetchConfig("lastlight-test", 2, Duration.ofSeconds(5), Duration.ofSeconds(10),
                Duration.ofSeconds(20), FetchConfig.DEFAULT_MAX_BODY);
        Map<String, List<String>> info = new LinkedHashMap<>();
        info.put("software", List.of("lastlight-test"));
        info.put("platform", List.of("parler"));
        try (Fetcher fetcher = new Fetcher(fc, Clock.systemUTC());
             WarcSink sink = new WarcSink(warcDir, "parler-html", 1L << 30, Clock.systemUTC(), info, CdxjIndexer.onClosed(m -> {
                 throw new AssertionError(m);
             }))) {
            for (URI page : pages) {
                FetchResult r;
                try {
                    r = fetcher.get(page, List.of()).get(30, TimeUnit.SECONDS);
                } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                    throw new IOException("fetching " + page, e);
                }
                if (r.isError()) throw new IOException("fetching " + page + ": " + r.describeError());
                sink.write(new CaptureRecord(page, r.date(), "GET", r.requestHeaders(), r.status(), r.reason(), r.headers(),
                        r.body(), r.truncated(), Map.of("lastlight-kind", List.of("html"))));
            }
        }
    }

    static User user(GroundTruth truth, String username) {
        World w = truth.world();
        return w.user(w.userIndexOfName(username));
    }

    private WaczFixtures() {}
}
