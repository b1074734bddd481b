package io.lastlight.bench;

import io.lastlight.http.ContentDecoding;
import org.netpreserve.jwarc.WarcReader;
import org.netpreserve.jwarc.WarcRecord;
import org.netpreserve.jwarc.WarcResponse;

import java.io.BufferedOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.stream.Stream;

/**
 * The peer of the pipeline benchmark: DuckDB's own {@code read_json} loading the same post payloads into
 * Parquet. Bench-only (test scope).
 *
 * <ul>
 *   <li>{@code dump WARC_DIR NDJSON_DIR}: writes the body of every creator-page response (the pages that
 *       carry the posts) as one line of NDJSON, one file per WARC file. Not timed: this is the peer's head
 *       start (no gzip, WARC or HTTP parsing for it).</li>
 *   <li>{@code duckdb NDJSON_DIR OUT.parquet THREADS}: {@code COPY (SELECT unnest(list_concat(posts, postRefs)) …) TO
 *       parquet} (a page's posts and the originals its echoes point to, the posts lastlight observes) and
 *       prints {@code {"posts":N,"seconds":S}}.</li>
 * </ul>
 */
public final class JsonPeer {
    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "dump" -> dump(Path.of(args[1]), Path.of(args[2]));
            case "duckdb" -> duckdb(Path.of(args[1]), Path.of(args[2]), Integer.parseInt(args[3]));
            default -> throw new IllegalArgumentException("usage: dump WARC_DIR NDJSON_DIR | duckdb NDJSON_DIR OUT THREADS");
        }
    }

    static void dump(Path warcDir, Path out) throws Exception {
        Files.createDirectories(out);
        List<Path> warcs;
        try (Stream<Path> s = Files.list(warcDir)) {
            warcs = s.filter(p -> p.getFileName().toString().endsWith(".warc.gz")).sorted().toList();
        }
        long pages = 0;
        for (Path w : warcs) {
            Path target = out.resolve(w.getFileName().toString().replace(".warc.gz", ".ndjson"));
            try (WarcReader r = new WarcReader(w); OutputStream o = new BufferedOutputStream(Files.newOutputStream(target), 1 << 20)) {
                for (WarcRecord rec : r) {
                    if (!(rec instanceof WarcResponse resp) || !resp.target().contains("/v1/post/creator")) continue;
                    if (resp.http().status() != 200) continue;
                    byte[] raw;
                    try (InputStream in = resp.http().body().stream()) {
                        raw = in.readAllBytes();
                    }
                    byte[] body = ContentDecoding.decode(raw, resp.http().headers().first("Content-Encoding").orElse(null), 1L << 30);
                    for (byte b : body) if (b == '\n') throw new IllegalStateException("newline inside a JSON body in " + w);
                    o.write(body);
                    o.write('\n');
                    pages++;
                }
            }
        }
        System.out.printf("{\"creator_pages\":%d,\"files\":%d}%n", pages, warcs.size());
    }

    static void duckdb(Path ndjson, Path out, int threads) throws Exception {
        Files.deleteIfExists(out);
        long t0 = System.nanoTime();
        long posts;
        double sec;
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
            s.execute("SET threads = " + threads);
            // the page's posts and the posts its echoes point to (postRefs), as lastlight's post_observations holds both
            s.execute("COPY (SELECT unnest(list_concat(posts, postRefs), recursive := true) FROM read_json('" + ndjson.toAbsolutePath() + "/*.ndjson', "
                    + "format = 'newline_delimited', maximum_object_size = 268435456)) TO '" + out.toAbsolutePath()
                    + "' (FORMAT parquet, COMPRESSION zstd)");
            sec = (System.nanoTime() - t0) / 1e9;
            try (ResultSet rs = s.executeQuery("SELECT count(*) FROM read_parquet('" + out.toAbsolutePath() + "')")) {
                rs.next();
                posts = rs.getLong(1);
            }
        }
        System.out.printf("{\"posts\":%d,\"seconds\":%.2f}%n", posts, sec);
    }
}
