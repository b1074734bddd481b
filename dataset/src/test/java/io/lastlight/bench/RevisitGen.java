package io.lastlight.bench;

import org.netpreserve.jwarc.MediaType;
import org.netpreserve.jwarc.WarcCompression;
import org.netpreserve.jwarc.WarcReader;
import org.netpreserve.jwarc.WarcRecord;
import org.netpreserve.jwarc.WarcResponse;
import org.netpreserve.jwarc.WarcRevisit;
import org.netpreserve.jwarc.WarcWriter;
import org.netpreserve.jwarc.Warcinfo;

import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Bench-only: writes the revisit pass of a crawl in which nothing changed. For every response record of the
 * WARC files in {@code --in} (e.g. {@link WarcGen}'s), a revisit record one day later (identical-payload-digest,
 * {@code WARC-Refers-To*}, the response's HTTP head, no body) into {@code --out/revisit-<name>}, as
 * {@code lastlight crawl --revisit} writes them, so a build of both measures revisit resolution.
 *
 * <pre>java -cp lastlight.jar:test-classes io.lastlight.bench.RevisitGen --in DIR --out DIR</pre>
 */
public final class RevisitGen {
    public static void main(String[] args) throws Exception {
        Path in = Path.of(args[1]), out = Path.of(args[3]);
        Files.createDirectories(out);
        long n = 0, t0 = System.nanoTime();
        List<Path> files;
        try (Stream<Path> s = Files.list(in)) {
            files = s.filter(p -> p.toString().endsWith(".warc.gz")).sorted().toList();
        }
        for (Path f : files) {
            try (WarcReader r = new WarcReader(f);
                 FileChannel ch = FileChannel.open(out.resolve("revisit-" + f.getFileName()), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                 WarcWriter w = new WarcWriter(ch, WarcCompression.GZIP)) {
                w.write(new Warcinfo.Builder().fields(Map.of("platform", List.of("parler"), "software", List.of("lastlight bench RevisitGen"))).build());
                for (WarcRecord rec : r) {
                    if (!(rec instanceof WarcResponse resp)) continue;
                    byte[] head = resp.http().serializeHeader();
                    WarcRevisit.Builder b = new WarcRevisit.Builder(URI.create(resp.target()), WarcRevisit.IDENTICAL_PAYLOAD_DIGEST_1_1)
                            .date(resp.date().plus(Duration.ofDays(1))).body(MediaType.HTTP_RESPONSE, head)
                            .refersTo(resp.id(), resp.target(), resp.date());
                    resp.payloadDigest().ifPresent(b::payloadDigest);
                    w.write(b.build());
                    n++;
                }
            }
        }
        System.out.printf("{\"revisits\":%d,\"seconds\":%.1f}%n", n, (System.nanoTime() - t0) / 1e9);
    }
}
