package io.lastlight.platform.parler;

import io.lastlight.simulate.SimConfig;
import io.lastlight.simulate.SimServer;
import io.lastlight.simulate.http.Request;
import io.lastlight.simulate.http.Response;
import io.lastlight.simulate.world.World;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Regenerates the {@code *-sim.*} fixtures of {@code fixtures/parler/} from the simulated platform (1,000,000
 * users, seed 7, world time frozen at 2021-01-09T00:00:00Z, base {@code http://sim.test}). Not a test: run it
 * by hand after a deliberate change to the simulator's Parler faces, then check the tests still describe the
 * pages:
 * <pre>java -cp core/target/classes:platforms/target/classes:simulator/target/classes:platforms/target/test-classes:… io.lastlight.platform.parler.ParlerSimFixtures platforms/src/test/resources/fixtures/parler</pre>
 */
public final class ParlerSimFixtures {
    static final String BASE = "http://sim.test";
    static final Instant NOW = Instant.parse("2021-01-09T00:00:00Z");

    private ParlerSimFixtures() {}

    static SimServer server() {
        return SimServer.start(SimConfig.builder().users(1_000_000).seed(7)
                .clock(Clock.fixed(NOW, ZoneOffset.UTC)).build());
    }

    /** Fixture file → the simulator target it is the answer to. */
    static Map<String, String> targets(World w) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("html-profile-sim.html", "/profile/" + w.username(w.indexOfRank(0)));
        String paged = w.username(w.indexOfRank(91));
        m.put("html-profile-paged-sim.html", "/profile/" + paged);
        m.put("html-profile-page2-sim.html", "/profile/" + paged + "?page=2");
        int banned = firstBanned(w);
        m.put("html-profile-banned-sim.html", "/profile/" + w.username(banned));
        m.put("profile-banned-sim.json", "/v1/profile?username=" + w.username(banned));
        long echo = echoWithComments(w);
        m.put("html-post-sim.html", "/post/" + w.postId(echo));
        m.put("post-echo-sim.json", "/v1/post?id=" + w.postId(echo));
        long commented = manyComments(w);
        m.put("comments-page-sim.json", "/v1/comment?id=" + w.postId(commented) + "&reverse=true");
        m.put("uuid-post-sim.json", "/v3/uuidConversion/post/" + w.postNumber(commented));
        m.put("uuid-unused-sim.json", "/v3/uuidConversion/post/" + firstGap(w));
        m.put("post-deleted-sim.json", "/v1/post?id=" + w.postId(firstDeleted(w)));
        return m;
    }

    static int firstBanned(World w) {
        for (int i = 0; i < w.users(); i++) if (w.banned(i, NOW)) return i;
        throw new IllegalStateException("no banned account");
    }

    static long echoWithComments(World w) {
        for (long p = 0; p < w.postCount(); p++) {
            if (w.isEcho(p) && w.listed(p, NOW) && w.commentsOnCount(p) >= 3) {
                long parent = w.parentAndRoot(p)[0];
                if (parent >= 0 && w.listed(parent, NOW)) return p;
            }
        }
        throw new IllegalStateException("no echo with comments");
    }

    static long manyComments(World w) {
        for (long p = 0; p < w.postCount(); p++) if (w.listed(p, NOW) && w.commentsOnCount(p) > 25) return p;
        throw new IllegalStateException("no post with more than 25 comments");
    }

    static long firstGap(World w) {
        for (long n = 1; n < 10_000; n++) if (w.postIndexOfNumber(n) < 0) return n;
        throw new IllegalStateException("no gap in post numbers");
    }

    static long firstDeleted(World w) {
        for (long p = 0; p < w.postCount(); p++) if (w.deletedAt(p) != null && !w.deletedAt(p).isAfter(NOW)) return p;
        throw new IllegalStateException("no deleted post");
    }

    static Response call(SimServer s, String target) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("host", "sim.test");
        return s.handle(new Request("GET", target, h, new byte[0], "fixtures"), NOW, BASE);
    }

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args.length > 0 ? args[0] : "platforms/src/test/resources/fixtures/parler");
        try (SimServer s = server()) {
            World w = s.world();
            for (Map.Entry<String, String> e : targets(w).entrySet()) {
                Response r = call(s, e.getValue());
                Files.write(dir.resolve(e.getKey()), r.body());
                System.out.println(e.getKey() + " <- " + r.status() + " " + BASE + e.getValue());
            }
            // The comments' second page, by the first page's cursor.
            long commented = manyComments(w);
            String first = new String(call(s, "/v1/comment?id=" + w.postId(commented) + "&reverse=true").body(),
                    java.nio.charset.StandardCharsets.UTF_8);
            String next = first.replaceAll("(?s).*\"next\":\"([^\"]+)\".*", "$1");
            String target = "/v1/comment?id=" + w.postId(commented) + "&reverse=true&startkey="
                    + java.net.URLEncoder.encode(next, java.nio.charset.StandardCharsets.UTF_8);
            Response r = call(s, target);
            Files.write(dir.resolve("comments-page2-sim.json"), r.body());
            System.out.println("comments-page2-sim.json <- " + r.status() + " " + BASE + target);
        }
    }
}
