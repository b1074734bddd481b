package io.lastlight.crawl;

import io.lastlight.simulate.SimServer;
import io.lastlight.warc.JwarcValidate;
import org.netpreserve.jwarc.WarcReader;
import org.netpreserve.jwarc.WarcRecord;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** Helpers for crawl tests: settings against a simulator, quiet progress, WARC and access-log reading. */
final class CrawlTestSupport {
    private CrawlTestSupport() {}

    static CrawlSettings settings(SimServer server, Path out) {
        CrawlSettings s = CrawlSettings.defaults();
        s.base = server.baseUri().toString();
        s.seedUsers = new ArrayList<>(server.truth().seedUsers());
        s.out = out;
        s.rate = 1000;
        s.burst = 10;
        s.concurrency = 8;
        s.comments = false;
        s.backoffBaseS = 0.05;
        s.backoffMaxS = 2;
        s.retryAfterMaxS = 5;
        s.operator = "test@example.org";
        s.statsIntervalS = 60;
        return s;
    }

    static Progress quiet() {
        return new Progress(new PrintStream(new ByteArrayOutputStream()), false, true);
    }

    static CrawlSummary crawl(CrawlSettings s, CrawlMode mode) throws Exception {
        return CrawlSession.run(s.toConfig(), mode, CrawlEnvironment.system(Clock.systemUTC()), quiet());
    }

    static List<Path> warcs(Path out) throws IOException {
        try (Stream<Path> s = Files.list(out.resolve("warc"))) {
            return s.filter(p -> p.getFileName().toString().endsWith(".warc.gz")).sorted().toList();
        }
    }

    static void assertValid(Path out) throws Exception {
        List<Path> files = warcs(out);
        assertTrue(!files.isEmpty(), "no WARC files");
        JwarcValidate.Result v = JwarcValidate.validate(files);
        assertTrue(v.ok(), v.output());
        try (Stream<Path> s = Files.list(out.resolve("warc"))) {
            assertTrue(s.noneMatch(p -> p.toString().endsWith(".open")), "a .open file was left behind");
        }
    }

    static void eachRecord(Path out, Consumer<WarcRecord> f) throws IOException {
        for (Path p : warcs(out)) {
            try (WarcReader r = new WarcReader(p)) {
                for (WarcRecord rec : r) f.accept(rec);
            }
        }
    }

    /** Every WARC file's bytes, decompressed (each gzip member in turn). */
    static byte[] decompressedWarcBytes(Path out) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (Path p : warcs(out)) {
            try (InputStream in = new GZIPInputStream(Files.newInputStream(p))) {
                in.transferTo(all);
            }
        }
        return all.toByteArray();
    }

    /** One line of the simulator's access log. */
    record Hit(long nanos, int status, String target, String note) {}

    static List<Hit> accessLog(Path file) throws IOException {
        List<Hit> out = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            String[] f = line.split(" ", 4);
            if (f.length < 3) continue;
            out.add(new Hit(Long.parseLong(f[0]), Integer.parseInt(f[1]), f[2], f.length > 3 ? f[3] : null));
        }
        out.sort((a, b) -> Long.compare(a.nanos(), b.nanos()));
        return out;
    }

    /**
     * The largest excess over {@code burst + rate·t} in any window: max over i ≤ j of
     * (j − i + 1) − rate·(t_j − t_i). O(n).
     */
    static double maxWindowCount(List<Hit> hits, double rate) {
        double best = 0;
        double minStart = Double.POSITIVE_INFINITY;
        for (int j = 0; j < hits.size(); j++) {
            double t = hits.get(j).nanos() / 1e9;
            minStart = Math.min(minStart, j - rate * t);
            best = Math.max(best, (j - rate * t) - minStart + 1);
        }
        return best;
    }
}
