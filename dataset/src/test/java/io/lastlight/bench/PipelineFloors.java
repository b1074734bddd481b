package io.lastlight.bench;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import org.netpreserve.jwarc.WarcReader;
import org.netpreserve.jwarc.WarcRecord;
import org.netpreserve.jwarc.WarcResponse;

import java.io.BufferedInputStream;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * The floors under {@code lastlight build}: how fast this machine can do each layer of the work alone, over
 * the same WARC files, one thread per file (as the build reads them). Bench-only (test scope).
 *
 * <pre>java -cp lastlight.jar:test-classes io.lastlight.bench.PipelineFloors WARC_DIR [REPEATS]</pre>
 *
 * Layers, each a separate timed pass (wall seconds and CPU seconds of the pass, best of REPEATS):
 * {@code read} (bytes off the file), {@code sha256}, {@code gunzip} (JDK zlib, all gzip members),
 * {@code jwarc} (jwarc record iteration, response HTTP headers parsed and payloads read into arrays), and
 * {@code jwarc+json} (the same plus a Jackson streaming pass over every payload: every token, every string
 * materialised, no objects built).
 */
public final class PipelineFloors {
    private static final JsonFactory JSON = new JsonFactory();

    interface Pass {
        long run(Path file) throws Exception;
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        int repeats = args.length > 1 ? Integer.parseInt(args[1]) : 1;
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.getFileName().toString().endsWith(".warc.gz")).sorted().toList();
        }
        long bytes = 0;
        for (Path f : files) bytes += Files.size(f);
        System.out.printf(Locale.ROOT, "files: %d, %.1f MB gzipped, threads: %d%n", files.size(), bytes / 1e6, files.size());
        String[] names = {"read", "sha256", "gunzip", "jwarc", "jwarc+json"};
        Pass[] passes = {PipelineFloors::read, PipelineFloors::sha256, PipelineFloors::gunzip, PipelineFloors::jwarc, PipelineFloors::jwarcJson};
        for (int i = 0; i < passes.length; i++) {
            double bestWall = Double.MAX_VALUE, cpuAtBest = 0;
            long out = 0;
            for (int r = 0; r < repeats; r++) {
                long cpu0 = cpuNanos();
                long t0 = System.nanoTime();
                out = parallel(files, passes[i]);
                double wall = (System.nanoTime() - t0) / 1e9;
                double cpu = (cpuNanos() - cpu0) / 1e9;
                if (wall < bestWall) {
                    bestWall = wall;
                    cpuAtBest = cpu;
                }
            }
            System.out.printf(Locale.ROOT, "%-11s wall %6.2f s  cpu %6.2f s  (%,d)%n", names[i], bestWall, cpuAtBest, out);
        }
    }

    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static long parallel(List<Path> files, Pass pass) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(files.size());
        try {
            List<Future<Long>> fs = new ArrayList<>();
            for (Path f : files) fs.add(pool.submit(() -> pass.run(f)));
            long total = 0;
            for (Future<Long> f : fs) total += f.get();
            return total;
        } finally {
            pool.shutdown();
        }
    }

    static long read(Path file) throws Exception {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer buf = ByteBuffer.allocate(1 << 20);
            long n = 0;
            int r;
            while ((r = ch.read(buf)) > 0) {
                n += r;
                buf.clear();
            }
            return n;
        }
    }

    static long sha256(Path file) throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[1 << 20];
            long n = 0;
            int r;
            while ((r = in.read(buf)) > 0) {
                md.update(buf, 0, r);
                n += r;
            }
            md.digest();
            return n;
        }
    }

    static long gunzip(Path file) throws Exception {
        try (InputStream in = new GZIPInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 20), 1 << 16)) {
            byte[] buf = new byte[1 << 20];
            long n = 0;
            int r;
            while ((r = in.read(buf)) > 0) n += r;
            return n;
        }
    }

    static long jwarc(Path file) throws Exception {
        long n = 0;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ); WarcReader r = new WarcReader(ch)) {
            for (WarcRecord rec : r) {
                if (rec instanceof WarcResponse resp) {
                    try (InputStream in = resp.http().body().stream()) {
                        n += in.readAllBytes().length;
                    }
                }
            }
        }
        return n;
    }

    static long jwarcJson(Path file) throws Exception {
        long tokens = 0;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ); WarcReader r = new WarcReader(ch)) {
            for (WarcRecord rec : r) {
                if (rec instanceof WarcResponse resp) {
                    byte[] body;
                    try (InputStream in = resp.http().body().stream()) {
                        body = in.readAllBytes();
                    }
                    try (JsonParser p = JSON.createParser(body)) {
                        JsonToken t;
                        while ((t = p.nextToken()) != null) {
                            tokens++;
                            if (t == JsonToken.VALUE_STRING || t == JsonToken.FIELD_NAME) p.getText();
                        }
                    }
                }
            }
        }
        return tokens;
    }
}
