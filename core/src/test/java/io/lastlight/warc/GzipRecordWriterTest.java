package io.lastlight.warc;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.netpreserve.jwarc.MediaType;
import org.netpreserve.jwarc.WarcReader;
import org.netpreserve.jwarc.WarcRecord;
import org.netpreserve.jwarc.WarcResource;
import org.netpreserve.jwarc.Warcinfo;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.channels.Channels;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.GZIPInputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GzipRecordWriterTest {
    @TempDir
    Path dir;

    private static final Instant T = Instant.parse("2021-01-10T00:00:00Z");

    /** A warcinfo, a compressible JSON resource, a 300 KB incompressible one and an empty one. */
    static List<WarcRecord> records() {
        byte[] random = new byte[300_000];
        new Random(7).nextBytes(random);
        String json = "{\"posts\":[" + "{\"id\":\"p\",\"body\":\"the same words again\"},".repeat(2_000) + "{}]}";
        return List.of(
                new Warcinfo.Builder().recordId(id(0)).date(T).fields(Map.of("software", List.of("test"))).build(),
                resource(1, "http://127.0.0.1/a.json", json.getBytes(StandardCharsets.UTF_8)),
                resource(2, "http://127.0.0.1/b.bin", random),
                resource(3, "http://127.0.0.1/empty", new byte[0]));
    }

    static WarcResource resource(int n, String uri, byte[] body) {
        return new WarcResource.Builder(URI.create(uri)).recordId(id(n)).date(T).body(MediaType.OCTET_STREAM, body).build();
    }

    /** Fixed record ids, so two writes of the records are the same records. */
    static URI id(int n) {
        return URI.create("urn:uuid:00000000-0000-4000-8000-" + String.format("%012d", n));
    }

    /** Writes the records, returning the file's bytes and each record's [start, end) in them. */
    static byte[] write(int level, List<long[]> spans) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        WritableByteChannel out = Channels.newChannel(bytes);
        try (GzipRecordWriter w = new GzipRecordWriter(out, level)) {
            for (WarcRecord r : records()) {
                long start = w.position();
                w.write(r);
                spans.add(new long[] {start, w.position()});
                assertEquals(bytes.size(), w.position(), "position counts the bytes handed to the channel");
            }
        }
        return bytes.toByteArray();
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 6, 9})
    void eachRecordIsOneGzipMemberThatJwarcReadsBack(int level) throws Exception {
        List<long[]> spans = new ArrayList<>();
        byte[] file = write(level, spans);
        List<WarcRecord> expected = records();
        Path warc = Files.write(dir.resolve("t.warc.gz"), file);
        try (WarcReader reader = new WarcReader(warc)) {
            int i = 0;
            for (WarcRecord r : reader) {
                assertEquals(spans.get(i)[0], reader.position(), "record " + i + " starts where position() said");
                assertEquals(expected.get(i).type(), r.type());
                assertEquals(expected.get(i).headers().map(), r.headers().map(), "record " + i + "'s headers");
                assertArrayEquals(body(expected.get(i)), r.body().stream().readAllBytes(), "record " + i + "'s body");
                i++;
            }
            assertEquals(expected.size(), i);
        }
        // each member alone is a whole gzip stream holding exactly one record
        for (int i = 0; i < spans.size(); i++) {
            int from = (int) spans.get(i)[0], to = (int) spans.get(i)[1];
            byte[] member;
            try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(file, from, to - from))) {
                member = in.readAllBytes();
            }
            String text = new String(member, StandardCharsets.ISO_8859_1);
            assertTrue(text.startsWith("WARC/1"), "member " + i + " begins a record");
            assertTrue(text.endsWith("\r\n\r\n"), "member " + i + " ends the record");
        }
        assertTrue(JwarcValidate.validate(List.of(warc)).ok(), "jwarc validate checks the digests");
    }

    @Test
    void levelsChangeTheBytesNotTheRecords() throws Exception {
        byte[] fast = write(1, new ArrayList<>());
        byte[] small = write(9, new ArrayList<>());
        assertTrue(fast.length > small.length, "level 1 writes more bytes than level 9 (" + fast.length + " vs " + small.length + ")");
        assertArrayEquals(gunzipAll(small), gunzipAll(fast));
    }

    @Test
    void aLevelOutsideOneToNineIsRefused() {
        WritableByteChannel sink = Channels.newChannel(new ByteArrayOutputStream());
        assertThrows(IllegalArgumentException.class, () -> new GzipRecordWriter(sink, 0));
        assertThrows(IllegalArgumentException.class, () -> new GzipRecordWriter(sink, 10));
    }

    private static byte[] body(WarcRecord r) throws IOException {
        return r.body().stream().readAllBytes();
    }

    private static byte[] gunzipAll(byte[] file) throws IOException {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(file))) {
            return in.readAllBytes();
        }
    }
}
