package io.lastlight.spark;

import io.lastlight.simulate.SimConfig;
import io.lastlight.simulate.SimServer;
import io.lastlight.simulate.http.Request;
import io.lastlight.simulate.http.Response;
import io.lastlight.simulate.mastodon.MastodonApi;
import io.lastlight.simulate.world.World;
import io.lastlight.warc.CaptureRecord;
import io.lastlight.warc.WarcSink;
import org.netpreserve.jwarc.MediaType;
import org.netpreserve.jwarc.WarcCompression;
import org.netpreserve.jwarc.WarcDigest;
import org.netpreserve.jwarc.WarcReader;
import org.netpreserve.jwarc.WarcRecord;
import org.netpreserve.jwarc.WarcResponse;
import org.netpreserve.jwarc.WarcRevisit;
import org.netpreserve.jwarc.WarcWriter;
import org.netpreserve.jwarc.Warcinfo;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Test WARC files for the Spark build, written without the network (as {@code io.lastlight.bench.WarcGen}: each request
 * answered by {@link SimServer#handle(Request, Instant, String)}, each answer written by the crawler's {@link WarcSink}):
 * two Parler crawls of the same accounts, at the world's start and three days later (the
 * simulator's moderation wave in between: bans, deleted posts), Mastodon crawls of two servers (equal ids), a file
 * of revisits of the first Parler crawl's responses (by record id, by target URI and date, by payload digest with no
 * HTTP head, and unresolvable ones), and a damaged file (a copy of the second crawl cut part-way through a record).
 */
final class TestWarcs {
    static final Instant T0 = SimConfig.DEFAULT_WORLD_START;
    private static final Pattern NEXT = Pattern.compile("\"next\":\"([^\"]*)\"");

    private TestWarcs() {}

    /** Writes the files into {@code dir}; returns their names. */
    static List<String> write(Path dir, int users) throws Exception {
        Files.createDirectories(dir);
        SimConfig cfg = SimConfig.builder().users(users).seed(11).meanPosts(6).bannedFraction(0.3).deletedFraction(0.1).port(0).clock(Clock.fixed(T0, ZoneOffset.UTC)).build();
        try (SimServer sim = SimServer.start(cfg)) {
            parler(sim, dir, "parler-a", T0);
            parler(sim, dir, "parler-b", T0.plus(Duration.ofDays(3))); // after the moderation wave (bans, deletions)
            mastodon(sim, dir, "mastodon-a", T0.plus(Duration.ofDays(1)), sim.baseUri().toString());
            // the same world served by a second server: equal ids, but that server's own accounts and posts
            mastodon(sim, dir, "mastodon-b", T0.plus(Duration.ofDays(2)), "https://social.example");
        }
        revisits(only(dir, "parler-a-"), dir.resolve("revisits-00000.warc.gz"));
        Path b = only(dir, "parler-b-");
        byte[] all = Files.readAllBytes(b);
        Files.write(dir.resolve("parler-damaged-00000.warc.gz"), java.util.Arrays.copyOf(all, all.length * 2 / 3 + 7));
        List<String> names = new ArrayList<>();
        try (var s = Files.list(dir)) {
            s.map(p -> p.getFileName().toString()).sorted().forEach(names::add);
        }
        return names;
    }

    /** The one file whose name starts with {@code prefix} (WarcSink names files prefix-TIMESTAMP-NNNNN.warc.gz). */
    static Path only(Path dir, String prefix) throws IOException {
        try (var s = Files.list(dir)) {
            List<Path> l = s.filter(p -> p.getFileName().toString().startsWith(prefix)).toList();
            if (l.size() != 1) throw new IllegalStateException("expected one " + prefix + "* in " + dir + ": " + l);
            return l.get(0);
        }
    }

    private static void parler(SimServer sim, Path dir, String prefix, Instant now) throws Exception {
        World w = sim.world();
        String base = sim.baseUri().toString();
        try (WarcSink sink = new WarcSink(dir, prefix, 1L << 30, Clock.fixed(now, ZoneOffset.UTC), info("parler", base), null)) {
            long[] tick = {0};
            for (int u = 0; u < w.users(); u++) {
                capture(sim, sink, base, "/v1/profile?username=" + enc(w.username(u)), now, tick);
                for (String path : new String[] {"/v1/post/creator", "/v1/follow/followers", "/v1/follow/following"}) {
                    String next = null;
                    do {
                        String target = path + "?id=" + w.userId(u) + "&limit=10" + (next == null ? "" : "&startkey=" + enc(next));
                        String body = capture(sim, sink, base, target, now, tick);
                        Matcher m = NEXT.matcher(body);
                        String prev = next;
                        next = body.contains("\"last\":false") && m.find() ? m.group(1) : null;
                        if (next != null && next.equals(prev)) next = null;
                    } while (next != null);
                }
            }
        }
    }

    private static void mastodon(SimServer sim, Path dir, String prefix, Instant now, String base) throws Exception {
        World w = sim.world();
        try (WarcSink sink = new WarcSink(dir, prefix, 1L << 30, Clock.fixed(now, ZoneOffset.UTC), info("mastodon", base), null)) {
            long[] tick = {0};
            for (int u = 0; u < w.users(); u++) {
                String id = MastodonApi.accountId(w, u);
                capture(sim, sink, base, "/api/v1/accounts/lookup?acct=" + enc(w.username(u)), now, tick);
                capture(sim, sink, base, "/api/v1/accounts/" + id + "/statuses?limit=40", now, tick);
                capture(sim, sink, base, "/api/v1/accounts/" + id + "/followers?limit=40", now, tick);
                capture(sim, sink, base, "/api/v1/accounts/" + id + "/following?limit=40", now, tick);
            }
        }
    }

    private static Map<String, List<String>> info(String platform, String base) {
        Map<String, List<String>> info = new LinkedHashMap<>();
        info.put("software", List.of("lastlight spark test"));
        info.put("platform", List.of(platform));
        info.put("base-url", List.of(base));
        return info;
    }

    private static String capture(SimServer sim, WarcSink sink, String base, String target, Instant now, long[] tick) throws Exception {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("host", URI.create(base).getAuthority());
        headers.put("accept", "application/json");
        Response r = sim.handle(new Request("GET", target, headers, new byte[0], "127.0.0.1"), now, base);
        List<Map.Entry<String, String>> sent = List.of(new AbstractMap.SimpleImmutableEntry<>("Host", headers.get("host")));
        List<Map.Entry<String, String>> received = new ArrayList<>();
        for (String[] h : r.headers()) received.add(new AbstractMap.SimpleImmutableEntry<>(h[0], h[1]));
        received.add(new AbstractMap.SimpleImmutableEntry<>("Content-Length", Integer.toString(r.body().length)));
        sink.write(new CaptureRecord(URI.create(base + target), now.plusMillis(tick[0]++), "GET", sent, r.status(),
                r.status() == 200 ? "OK" : "Error", received, r.body(), false, Map.of()));
        return new String(r.body(), StandardCharsets.UTF_8);
    }

    /**
     * Revisits of every third response of {@code from}, a day later, in turn: by record id; by target URI and date
     * only; by payload digest only, with no HTTP head (every other one spelling the digest {@code sha-1:<hex>}, as
     * ArchiveWeb.page does, against the original's {@code sha1:<base32>}); and one naming an original that is nowhere
     * (unresolved).
     */
    private static void revisits(Path from, Path to) throws IOException {
        int i = 0;
        try (WarcReader r = new WarcReader(from);
             FileChannel ch = FileChannel.open(to, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
             WarcWriter w = new WarcWriter(ch, WarcCompression.GZIP)) {
            w.write(new Warcinfo.Builder().fields(Map.of("platform", List.of("parler"), "software", List.of("lastlight spark test"))).build());
            for (WarcRecord rec : r) {
                if (!(rec instanceof WarcResponse resp) || i++ % 3 != 0) continue;
                byte[] head = resp.http().serializeHeader();
                URI target = URI.create(resp.target());
                Instant date = resp.date().plus(Duration.ofDays(1));
                WarcRevisit.Builder b = new WarcRevisit.Builder(target, WarcRevisit.IDENTICAL_PAYLOAD_DIGEST_1_1).date(date);
                switch ((i / 3) % 4) {
                    case 0 -> b.body(MediaType.HTTP_RESPONSE, head).refersTo(resp.id(), resp.target(), resp.date());
                    case 1 -> b.body(MediaType.HTTP_RESPONSE, head).addHeader("WARC-Refers-To-Target-URI", resp.target())
                            .addHeader("WARC-Refers-To-Date", resp.date().toString());
                    case 2 -> { } // digest only, no HTTP head
                    default -> b.body(MediaType.HTTP_RESPONSE, head).refersTo(URI.create("urn:uuid:" + UUID.nameUUIDFromBytes(head)),
                            resp.target(), resp.date().minusSeconds(5));
                }
                if ((i / 3) % 4 == 3) b.payloadDigest(new WarcDigest("sha1", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"));
                else if ((i / 3) % 8 == 2) resp.payloadDigest().ifPresent(d -> b.addHeader("WARC-Payload-Digest", "sha-1:" + d.hex()));
                else resp.payloadDigest().ifPresent(b::payloadDigest);
                w.write(b.build());
            }
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
