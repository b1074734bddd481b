package io.lastlight.crawl;

import com.sun.net.httpserver.HttpServer;
import io.lastlight.core.UserException;
import io.lastlight.frontier.Frontier;
import io.lastlight.frontier.SqliteFrontier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netpreserve.jwarc.WarcResponse;
import org.netpreserve.jwarc.WarcTruncationReason;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 9's bad input for the crawler: each is contained and counted (or a clear error), and no earlier
 * capture is lost. A small loopback server plays a Parler-like API that misbehaves on purpose.
 */
class BadInputTest {
    HttpServer http;
    String base;
    final List<String> requests = Collections.synchronizedList(new ArrayList<>());
    final Map<String, Integer> hits = new ConcurrentHashMap<>();

    static byte[] gzipBomb() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (GZIPOutputStream g = new GZIPOutputStream(b)) {
            byte[] zeros = new byte[1 << 20];
            for (int i = 0; i < 64; i++) g.write(zeros); // 64 MiB of zeros in ~64 KiB
        }
        return b.toByteArray();
    }

    @BeforeEach
    void start() throws Exception {
        byte[] bomb = gzipBomb();
        http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        base = "http://127.0.0.1:" + http.getAddress().getPort();
        http.createContext("/", ex -> {
            String t = ex.getRequestURI().toString();
            requests.add(t);
            hits.merge(t, 1, Integer::sum);
            byte[] body;
            String enc = null;
            int status = 200;
            if (t.equals("/robots.txt")) {
                body = "User-agent: *\nDisallow:\n".getBytes(StandardCharsets.UTF_8);
            } else if (t.contains("username=bomb")) {
                body = bomb;
                enc = "gzip";
            } else if (t.contains("username=huge")) {
                body = ("{\"id\":\"u-huge\",\"username\":\"huge\",\"bio\":\"" + "x".repeat(200_000) + "\"}").getBytes(StandardCharsets.UTF_8);
            } else if (t.contains("username=loop")) {
                body = "{\"id\":\"u-loop\",\"username\":\"loop\",\"followers\":\"3\"}".getBytes(StandardCharsets.UTF_8);
            } else if (t.startsWith("/v1/follow/followers?id=u-loop")) {
                // Duplicate ids within a page, and a cursor that cycles 0 → 10 → 0 and then repeats itself.
                String next = t.contains("startkey=10") ? "0" : "10";
                body = ("{\"followers\":[{\"id\":\"u-dup\",\"username\":\"dup\"},{\"id\":\"u-dup\",\"username\":\"dup\"}],"
                        + "\"last\":false,\"next\":\"" + next + "\"}").getBytes(StandardCharsets.UTF_8);
            } else if (t.startsWith("/v1/post/creator?id=u-loop")) {
                // An endless cursor whose keys stop being monotonic (newest-first keys must fall).
                body = "{\"posts\":[],\"users\":[],\"last\":false,\"next\":\"2021-01-01T00:00:00.000Z_999\"}".getBytes(StandardCharsets.UTF_8);
            } else if (t.contains("username=dup")) {
                body = "{\"id\":\"u-dup\",\"username\":\"dup\",\"banned\":true}".getBytes(StandardCharsets.UTF_8);
            } else if (t.contains("username=good")) {
                body = "{\"id\":\"u-good\",\"username\":\"good\",\"banned\":true}".getBytes(StandardCharsets.UTF_8);
            } else if (t.startsWith("/v1/follow/") || t.startsWith("/v1/post/creator")) {
                body = "{\"followers\":[],\"followees\":[],\"posts\":[],\"last\":true}".getBytes(StandardCharsets.UTF_8);
            } else {
                status = 404;
                body = "{}".getBytes(StandardCharsets.UTF_8);
            }
            ex.getResponseHeaders().set("Content-Type", "application/json");
            if (enc != null) ex.getResponseHeaders().set("Content-Encoding", enc);
            ex.sendResponseHeaders(status, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        http.start();
    }

    @AfterEach
    void stop() {
        http.stop(0);
    }

    CrawlSettings settings(Path out, String... seeds) {
        CrawlSettings s = CrawlSettings.defaults();
        s.base = base;
        s.seedUsers = new ArrayList<>(List.of(seeds));
        s.out = out;
        s.rate = 200;
        s.backoffBaseS = 0.01;
        s.backoffMaxS = 0.1;
        s.maxBodyBytes = 100_000;
        s.maxDecodedBytes = 1_000_000;
        return s;
    }

    @Test
    void gzipBombBodyOverTheCapCyclicAndEndlessCursorsAndDuplicateIdsAreContainedAndCounted(@TempDir Path tmp) throws Exception {
        CrawlSummary sum = CrawlTestSupport.crawl(settings(tmp.resolve("c"), "good", "bomb", "huge", "loop"), CrawlMode.NEW);
        assertEquals(Crawler.Outcome.COMPLETE, sum.outcome());
        assertEquals(1, sum.stats().undecodable.get(), "the gzip bomb is counted as undecodable");
        assertEquals(1, sum.stats().truncated.get(), "the body over the cap is counted as truncated");
        assertEquals(1, sum.frontier().failed(), "only the bomb fails");
        // cycle cut by de-duplication, repeat cut by the cursor check
        assertEquals(1, hits.getOrDefault("/v1/follow/followers?id=u-loop&limit=10&startkey=10", 0));
        assertEquals(1, hits.getOrDefault("/v1/follow/followers?id=u-loop&limit=10", 0));
        assertEquals(1, hits.getOrDefault("/v1/post/creator?id=u-loop&limit=10&startkey=2021-01-01T00%3A00%3A00.000Z_999", 0));
        assertEquals(1, hits.getOrDefault("/v1/profile?username=dup", 0), "a duplicated id is fetched once");
        boolean[] truncatedRecord = {false};
        CrawlTestSupport.eachRecord(tmp.resolve("c"), rec -> {
            if (rec instanceof WarcResponse r && r.target().contains("username=huge")) {
                truncatedRecord[0] = r.truncated() == WarcTruncationReason.LENGTH;
            }
        });
        assertTrue(truncatedRecord[0], "WARC-Truncated: length missing");
        CrawlTestSupport.assertValid(tmp.resolve("c"));
    }

    @Test
    void anUnusableOutputDirectoryIsAClearError(@TempDir Path tmp) throws Exception {
        Path file = Files.writeString(tmp.resolve("a-file"), "x");
        UserException e = assertThrows(UserException.class, () -> CrawlTestSupport.crawl(settings(file, "good"), CrawlMode.NEW));
        assertTrue(e.getMessage().contains("is a file"), e.getMessage());
        UserException e2 = assertThrows(UserException.class, () -> CrawlTestSupport.crawl(settings(file.resolve("sub"), "good"), CrawlMode.NEW));
        assertTrue(e2.getMessage().contains("cannot create the output directory"), e2.getMessage());
    }

    @Test
    void aFullDiskStopsWithAClearErrorAndResumeLosesNothing(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("c");
        CrawlSettings s = settings(out, "good", "loop", "dup");
        s.concurrency = 1;
        long[] budget = {9_000}; // bytes the "disk" takes before it is full
        CrawlEnvironment full = CrawlEnvironment.system(Clock.systemUTC()).withWarcOpener(p -> new LimitedChannel(
                FileChannel.open(p, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), budget));
        UserException e = assertThrows(UserException.class, () -> CrawlSession.run(s.toConfig(), CrawlMode.NEW, full, CrawlTestSupport.quiet()));
        assertTrue(e.getMessage().contains("No space left on device") && e.getMessage().contains("--resume"), e.getMessage());
        long doneBefore;
        try (SqliteFrontier f = new SqliteFrontier(out.resolve("frontier.db"), Frontier.Order.TIERED)) {
            doneBefore = f.stats().done();
        }
        assertTrue(doneBefore > 0, "nothing was committed before the disk filled");
        CrawlSummary resumed = CrawlSession.run(s.toConfig(), CrawlMode.RESUME, CrawlEnvironment.system(Clock.systemUTC()), CrawlTestSupport.quiet());
        assertEquals(Crawler.Outcome.COMPLETE, resumed.outcome());
        assertEquals(0, resumed.frontier().failed() + resumed.frontier().queued());
        CrawlTestSupport.assertValid(out);
        // every committed capture is in a readable WARC record
        List<String> targets = new ArrayList<>();
        CrawlTestSupport.eachRecord(out, rec -> { if (rec instanceof WarcResponse r) targets.add(r.target()); });
        assertTrue(targets.stream().anyMatch(t -> t.contains("username=good")));
        assertTrue(targets.stream().anyMatch(t -> t.contains("username=dup")));
    }

    @Test
    void anInvalidConfigNamesTheKey(@TempDir Path tmp) throws Exception {
        Path bad = Files.writeString(tmp.resolve("bad.yaml"), "rate: fast\n");
        // a config file that cannot be applied is bad usage (exit 2), like a bad flag
        UserException e = assertThrows(io.lastlight.core.UsageException.class, () -> CrawlSettings.defaults().merge(bad));
        assertTrue(e.getMessage().contains("'rate'"), e.getMessage());
        Path unknown = Files.writeString(tmp.resolve("unknown.yaml"), "rates: 5\n");
        UserException e2 = assertThrows(io.lastlight.core.UsageException.class, () -> CrawlSettings.defaults().merge(unknown));
        assertTrue(e2.getMessage().contains("unknown key 'rates'"), e2.getMessage());
        Path notYaml = Files.writeString(tmp.resolve("broken.yaml"), "rate: [1,\n");
        assertThrows(io.lastlight.core.UsageException.class, () -> CrawlSettings.defaults().merge(notYaml));
        assertThrows(io.lastlight.core.UsageException.class, () -> CrawlSettings.defaults().merge(tmp.resolve("missing.yaml")));
        UserException dir = assertThrows(io.lastlight.core.UsageException.class, () -> CrawlSettings.defaults().merge(tmp));
        assertTrue(dir.getMessage().contains("is a directory"), dir.getMessage());
        CrawlSettings s = settings(tmp.resolve("c"), "good");
        s.concurrency = 0;
        UserException e3 = assertThrows(UserException.class, s::toConfig);
        assertTrue(e3.getMessage().contains("concurrency"), e3.getMessage());
        s.concurrency = 2;
        s.enumerateIds = "9-1";
        assertThrows(UserException.class, s::toConfig);
        s.enumerateIds = null;
        s.tokenEnv = "Bearer abc.def";
        UserException e4 = assertThrows(UserException.class, s::toConfig);
        assertTrue(e4.getMessage().contains("NAME of an environment variable"), e4.getMessage());
    }

    /** A file channel that fails like a full disk after a byte budget. */
    static final class LimitedChannel extends FileChannel {
        private final FileChannel d;
        private final long[] budget;

        LimitedChannel(FileChannel d, long[] budget) {
            this.d = d;
            this.budget = budget;
        }

        private void take(int n) throws IOException {
            if (budget[0] < n) {
                budget[0] = 0;
                throw new IOException("No space left on device");
            }
            budget[0] -= n;
        }

        @Override public int write(ByteBuffer src) throws IOException { take(src.remaining()); return d.write(src); }
        @Override public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
            long n = 0;
            for (int i = offset; i < offset + length; i++) n += write(srcs[i]);
            return n;
        }
        @Override public int write(ByteBuffer src, long position) throws IOException { take(src.remaining()); return d.write(src, position); }
        @Override public int read(ByteBuffer dst) throws IOException { return d.read(dst); }
        @Override public long read(ByteBuffer[] dsts, int offset, int length) throws IOException { return d.read(dsts, offset, length); }
        @Override public int read(ByteBuffer dst, long position) throws IOException { return d.read(dst, position); }
        @Override public long position() throws IOException { return d.position(); }
        @Override public FileChannel position(long p) throws IOException { d.position(p); return this; }
        @Override public long size() throws IOException { return d.size(); }
        @Override public FileChannel truncate(long size) throws IOException { d.truncate(size); return this; }
        @Override public void force(boolean metaData) throws IOException { d.force(metaData); }
        @Override public long transferTo(long position, long count, java.nio.channels.WritableByteChannel target) throws IOException { return d.transferTo(position, count, target); }
        @Override public long transferFrom(java.nio.channels.ReadableByteChannel src, long position, long count) throws IOException { throw new IOException("No space left on device"); }
        @Override public java.nio.MappedByteBuffer map(MapMode mode, long position, long size) throws IOException { return d.map(mode, position, size); }
        @Override public java.nio.channels.FileLock lock(long position, long size, boolean shared) throws IOException { return d.lock(position, size, shared); }
        @Override public java.nio.channels.FileLock tryLock(long position, long size, boolean shared) throws IOException { return d.tryLock(position, size, shared); }
        @Override protected void implCloseChannel() throws IOException { d.close(); }
    }
}
