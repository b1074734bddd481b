package io.lastlight.extract;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netpreserve.jwarc.MediaType;
import org.netpreserve.jwarc.WarcCompression;
import org.netpreserve.jwarc.WarcResource;
import org.netpreserve.jwarc.WarcWriter;

import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * Resource records with an HTML or JSON body are captures (status 200 for the adapter, no HTTP status in the
 * row, record type resource, source import or other); resource records of other types are not.
 */
class ResourceCapturesTest {
    @TempDir
    Path tmp;

    @Test
    void htmlAndJsonResourcesAreCapturesOthersAreNot() throws Exception {
        Path warc = tmp.resolve("mixed.warc.gz");
        Instant t = Instant.parse("2021-01-09T08:00:00Z");
        try (WarcWriter w = new WarcWriter(FileChannel.open(warc, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), WarcCompression.GZIP)) {
            w.write(new WarcResource.Builder(URI.create("https://parler.com/post/a1")).date(t)
                    .body(MediaType.parse("text/html; charset=utf-8"), "<html>a</html>".getBytes(StandardCharsets.UTF_8))
                    .addHeader(ResourceCaptures.IMPORT_PATH, "a1.html").build());
            w.write(new WarcResource.Builder(URI.create("https://images.parler.com/x.png")).date(t)
                    .body(MediaType.parse("image/png"), new byte[] {(byte) 0x89, 'P', 'N', 'G'}).build());
            w.write(new WarcResource.Builder(URI.create("https://api.parler.com/v1/post?id=b2")).date(t)
                    .body(MediaType.parse("application/octet-stream"), " {\"post\":{}}".getBytes(StandardCharsets.UTF_8)).build());
            w.write(new WarcResource.Builder(URI.create("https://example.com/blob")).date(t)
                    .body(MediaType.parse("application/octet-stream"), new byte[] {0, 1, 2}).build());
        }
        List<WarcCapture> seen = new ArrayList<>();
        List<WarcCapture> all = new ArrayList<>();
        new WarcCaptureReader(1 << 20).read(warc, (info, c) -> all.add(c));
        // every record is accounted; only the HTML and JSON resources carry a capture, the others are not-capture
        assertEquals(4, all.size(), all.toString());
        for (WarcCapture c : all) {
            if (c.capture() != null) seen.add(c);
            else assertEquals(CaptureDecoder.NOT_CAPTURE, c.status(), c.toString());
        }
        assertEquals(2, seen.size(), seen.toString());
        WarcCapture html = seen.get(0), json = seen.get(1);
        assertEquals(List.of("https://parler.com/post/a1", "resource", "import", "text/html;charset=utf-8", "<html>a</html>"),
                List.of(html.targetUri(), html.recordType(), html.captureSource(), html.capture().contentType(), html.capture().bodyText()));
        assertNull(html.httpStatus(), "no HTTP exchange: no HTTP status");
        assertEquals(200, html.capture().status());
        assertEquals(t, html.date());
        assertEquals(List.of("https://api.parler.com/v1/post?id=b2", "resource", "other", "application/json"),
                List.of(json.targetUri(), json.recordType(), json.captureSource(), json.capture().contentType()));
        // a capture's stored length ends where the next record (here the png) starts
        org.junit.jupiter.api.Assertions.assertTrue(html.length() > 0 && html.offset() + html.length() < json.offset(),
                html.offset() + "+" + html.length() + " vs " + json.offset());
    }
}
