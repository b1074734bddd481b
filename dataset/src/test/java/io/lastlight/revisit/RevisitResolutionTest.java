package io.lastlight.revisit;

import io.lastlight.build.BuildReport;
import io.lastlight.build.DatasetBuilder;
import io.lastlight.evidence.EvidenceCommand;
import io.lastlight.query.ResultTable;
import io.lastlight.simulate.GroundTruth;
import io.lastlight.simulate.SimConfig;
import io.lastlight.simulate.SimServer;
import io.lastlight.warc.WarcSink;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netpreserve.jwarc.MediaType;
import org.netpreserve.jwarc.WarcCompression;
import org.netpreserve.jwarc.WarcDigest;
import org.netpreserve.jwarc.WarcRecord;
import org.netpreserve.jwarc.WarcResponse;
import org.netpreserve.jwarc.WarcRevisit;
import org.netpreserve.jwarc.WarcWriter;
import org.netpreserve.jwarc.Warcinfo;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Revisits as foreign tools write them, in hand-made WARC files: an original in another file, revisits that name
 * their original only by target URI and date or only by payload digest, one with no HTTP head, and ones that cannot be
 * resolved; incremental re-runs that redo a file's revisits exactly when an input they depend on changed.
 */
class RevisitResolutionTest {
    static final Instant D1 = Instant.parse("2021-01-10T00:00:00Z");

    @TempDir
    Path tmp;
    Path warcs;
    String base;
    String alice, bob, carol;
    byte[] aliceJson, bobJson, carolJson;

    @BeforeEach
    void payloads() throws Exception {
        try (SimServer server = SimServer.start(SimConfig.builder().users(40).seed(5)
                .clock(Clock.fixed(Instant.parse("2021-01-09T00:00:00Z"), ZoneOffset.UTC)).build())) {
            GroundTruth truth = server.truth();
            base = server.baseUri().toString();
            alice = truth.topFollowers().get(0).username();
            bob = truth.topFollowers().get(1).username();
            carol = truth.topFollowers().get(2).username();
            HttpClient http = HttpClient.newHttpClient();
            aliceJson = get(http, profileUrl(alice));
            bobJson = get(http, profileUrl(bob));
            carolJson = get(http, profileUrl(carol));
        }
        warcs = Files.createDirectories(tmp.resolve("warc"));
    }

    @Test
    void revisitsResolveAcrossFilesByIdByUriAndDateAndByDigestAndTheRestAreReported() throws Exception {
        // a: the original. b: revisits of it (by id, by URI + date, by digest with no HTTP head), two that cannot be
        // resolved (an original nowhere; an original whose payload differs from what the revisit promises), and a response.
        URI r1 = newId();
        URI missing = newId();
        try (Writer a = new Writer(warcs.resolve("a-00000.warc.gz"))) {
            a.response(r1, profileUrl(alice), D1, aliceJson);
        }
        Map<String, Long> at = new HashMap<>();
        try (Writer b = new Writer(warcs.resolve("b-00000.warc.gz"))) {
            at.put("byId", b.revisit(profileUrl(alice), D1.plusSeconds(3600), aliceJson, true, r1, D1, true));
            at.put("byDate", b.revisit(profileUrl(alice), D1.plusSeconds(7200), aliceJson, true, null, D1, true));
            at.put("byDigest", b.revisit(profileUrl(alice), D1.plusSeconds(10800), aliceJson, false, null, null, false));
            at.put("nowhere", b.revisit(profileUrl(bob), D1.plusSeconds(3600), bobJson, true, missing, D1, true));
            at.put("otherPayload", b.revisit(profileUrl(alice), D1.plusSeconds(14400), "{\"changed\":true}".getBytes(StandardCharsets.UTF_8), true, r1, D1, true));
            b.response(newId(), profileUrl(carol), D1.plusSeconds(3600), carolJson);
        }
        Path dataset = tmp.resolve("dataset");
        List<String> log = new ArrayList<>();
        BuildReport report = build(dataset, log);
        assertEquals(Map.of("resolved", 3L, "unresolved", 2L), report.revisits);
        assertEquals(2L, report.parseStatus.get("revisit-unresolved"));
        assertTrue(log.stream().anyMatch(l -> l.contains("record_id=1") && l.contains("uri_and_date=1") && l.contains("uri_and_digest=1")), String.join("\n", log));

        try (Connection c = io.lastlight.query.Dataset.open(dataset)) {
            Map<Long, String[]> caps = new HashMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT warc_offset, record_type, parse_status, parse_error, refers_to_record_id,"
                    + " http_status, rows_extracted FROM captures WHERE warc_file = ? AND record_type IN ('response', 'revisit')")) {
                ps.setString(1, "b-00000.warc.gz");
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) caps.put(rs.getLong(1), new String[] {rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7)});
                }
            }
            assertEquals(6, caps.size(), "five revisits and a response");
            for (String k : List.of("byId", "byDate", "byDigest")) {
                String[] row = caps.get(at.get(k));
                assertEquals("revisit", row[0], k);
                assertEquals("ok", row[1], k + ": " + row[2]);
                assertEquals(r1.toString(), row[3], k);
                assertEquals("200", row[4], k + ": the revisit's status, or the original's where it stores no head");
                assertTrue(Integer.parseInt(row[5]) > 0, k);
            }
            for (String k : List.of("nowhere", "otherPayload")) {
                String[] row = caps.get(at.get(k));
                assertEquals("revisit-unresolved", row[1], k);
                assertTrue(row[2].startsWith("original not in the input WARC files"), row[2]);
                assertEquals("0", row[5]);
            }
            assertEquals(missing.toString(), caps.get(at.get("nowhere"))[3]);
            // the canned query a crawl's coverage is read from tells revisits apart
            io.lastlight.query.ResultTable k = io.lastlight.query.QueryCommand.run(dataset, "capture-coverage", null, null, Map.of());
            long revisits = 0, unresolved = 0;
            for (int i = 0; i < k.rows().size(); i++) {
                revisits += ((Number) k.value(i, "revisits")).longValue();
                unresolved += ((Number) k.value(i, "revisits_unresolved")).longValue();
            }
            assertEquals(5, revisits);
            assertEquals(2, unresolved);

            // alice: the original and three revisits, each an observation at its own time with its own pointer
            List<Object[]> obs = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT capture_time, warc_file, warc_offset, warc_record_id FROM profile_history"
                    + " WHERE lower(username) = lower(?) ORDER BY capture_time")) {
                ps.setString(1, alice);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) obs.add(new Object[] {rs.getObject(1, OffsetDateTime.class).toInstant(), rs.getString(2), rs.getLong(3), rs.getString(4)});
                }
            }
            assertEquals(List.of(D1, D1.plusSeconds(3600), D1.plusSeconds(7200), D1.plusSeconds(10800)), obs.stream().map(o -> o[0]).toList());
            assertEquals("a-00000.warc.gz", obs.get(0)[1]);
            assertEquals(at.get("byId"), obs.get(1)[2]);
            assertEquals(at.get("byDate"), obs.get(2)[2]);
            assertEquals(at.get("byDigest"), obs.get(3)[2]);
            try (PreparedStatement ps = c.prepareStatement("SELECT last_seen, warc_offset FROM profiles WHERE lower(username) = lower(?)")) {
                ps.setString(1, alice);
                try (ResultSet rs = ps.executeQuery()) {
                    assertTrue(rs.next());
                    assertEquals(D1.plusSeconds(10800), rs.getObject(1, OffsetDateTime.class).toInstant());
                    assertEquals(at.get("byDigest"), rs.getLong(2), "the latest observation is the revisit's");
                }
                ps.setString(1, carol);
                try (ResultSet rs = ps.executeQuery()) {
                    assertTrue(rs.next(), "nothing else is lost");
                }
                ps.setString(1, bob);
                try (ResultSet rs = ps.executeQuery()) {
                    assertFalse(rs.next(), "bob's only capture is a revisit of nothing we have");
                }
            }
        }

        // evidence: both records, and the original's body
        ResultTable ev = EvidenceCommand.find(dataset, alice, null);
        assertEquals(4, ev.rows().size());
        Path out = Files.createDirectories(tmp.resolve("evidence"));
        for (int i = 1; i < 4; i++) {
            assertEquals("revisit", ev.value(i, "record_type"));
            assertEquals("a-00000.warc.gz", ev.value(i, "original_warc_file"));
            assertEquals(r1.toString(), ev.value(i, "original_record_id"));
            EvidenceCommand.extract(warcs, ev, i, out, "e" + i);
            assertTrue(Files.readString(out.resolve("e" + i + ".original.http"), StandardCharsets.ISO_8859_1).startsWith("HTTP/1.1 200"));
            assertTrue(Files.readString(out.resolve("e" + i + ".body")).contains(alice));
        }
        assertTrue(Files.readString(out.resolve("e1.http"), StandardCharsets.ISO_8859_1).startsWith("HTTP/1.1 200"), "the revisit's own head");
        assertEquals(0, Files.size(out.resolve("e3.http")), "that revisit stores no HTTP head");
        assertEquals("response", ev.value(0, "record_type"));
        assertNull(ev.value(0, "original_warc_file"));

        // Unchanged inputs: nothing is extracted or resolved again.
        List<String> again = new ArrayList<>();
        build(dataset, again);
        assertFalse(again.stream().anyMatch(l -> l.contains("extracting") || l.startsWith("resolved ")), String.join("\n", again));

        // The missing original arrives in a new file: b's revisits are resolved again (one depended on the whole
        // input set), a is left alone; bob now has an observation at the revisit's time.
        try (Writer c = new Writer(warcs.resolve("c-00000.warc.gz"))) {
            c.response(missing, profileUrl(bob), D1, bobJson);
        }
        Path aRevisits = dataset.resolve("captures").resolve("a-00000.warc.gz" + RevisitOutputs.SUFFIX);
        assertFalse(Files.exists(aRevisits), "a holds no revisits");
        List<String> third = new ArrayList<>();
        report = build(dataset, third);
        assertTrue(third.stream().anyMatch(l -> l.startsWith("resolved 5 revisit(s) of b-00000.warc.gz")), String.join("\n", third));
        assertEquals(Map.of("resolved", 4L, "unresolved", 1L), report.revisits);
        assertEquals(List.of(D1, D1.plusSeconds(3600)), times(dataset, bob));

        // The original's file goes: its revisits are reported unresolved, and their rows go with it.
        Files.delete(warcs.resolve("a-00000.warc.gz"));
        report = build(dataset, new ArrayList<>());
        assertEquals(Map.of("resolved", 1L, "unresolved", 4L), report.revisits);
        assertEquals(List.of(), times(dataset, alice));
        assertEquals(List.of(D1, D1.plusSeconds(3600)), times(dataset, bob));

        // A forced rebuild gives the same rows.
        Path fresh = tmp.resolve("fresh");
        new DatasetBuilder(Clock.systemUTC(), "parler", s -> { }, 1).build(warcs, fresh, true);
        for (String t : List.of("captures", "profile_observations", "profile_history", "profiles")) {
            assertEquals(digest(dataset, t), digest(fresh, t), t);
        }
    }

    @Test
    void aRevisitInTheSameFileAsItsOriginalAndOneWithoutAnyCapturesAtAllAreHandled() throws Exception {
        URI r1 = newId();
        try (Writer a = new Writer(warcs.resolve("a-00000.warc.gz"))) {
            a.response(r1, profileUrl(alice), D1, aliceJson);
            a.revisit(profileUrl(alice), D1.plusSeconds(60), aliceJson, true, r1, D1, true);
        }
        try (Writer b = new Writer(warcs.resolve("b-00000.warc.gz"))) {
            b.revisit(profileUrl(bob), D1.plusSeconds(60), bobJson, true, newId(), D1, true);
        }
        Path dataset = tmp.resolve("dataset");
        BuildReport report = build(dataset, new ArrayList<>());
        assertEquals(Map.of("resolved", 1L, "unresolved", 1L), report.revisits);
        assertEquals(List.of(D1, D1.plusSeconds(60)), times(dataset, alice));
        // b holds nothing but a revisit: its own outputs exist, with the one unresolved capture
        assertTrue(Files.exists(dataset.resolve("captures").resolve("b-00000.warc.gz.parquet")));
        assertTrue(Files.exists(dataset.resolve("captures").resolve("b-00000.warc.gz" + RevisitOutputs.SUFFIX)));
    }

    /**
     * A server-not-modified revisit (Heritrix after a conditional GET: WARC-Profile server-not-modified, an HTTP 304 head
     * with no Content-Type): the server confirmed the original's content at the revisit's time, so the revisit gives that
     * content's rows at its own time, as an identical-payload revisit does; its captures row keeps http_status 304.
     */
    @Test
    void aServerNotModifiedRevisitGivesTheOriginalsRowsAtItsOwnTime() throws Exception {
        URI r1 = newId();
        try (Writer a = new Writer(warcs.resolve("a-00000.warc.gz"))) {
            a.response(r1, profileUrl(alice), D1, aliceJson);
            a.notModified(profileUrl(alice), D1.plusSeconds(60), r1, D1);
        }
        Path dataset = tmp.resolve("dataset");
        BuildReport report = build(dataset, new ArrayList<>());
        assertEquals(Map.of("resolved", 1L, "unresolved", 0L), report.revisits);
        assertEquals(List.of(D1, D1.plusSeconds(60)), times(dataset, alice));
        try (var c = java.sql.DriverManager.getConnection("jdbc:duckdb:");
             var st = c.createStatement();
             var rs = st.executeQuery("SELECT http_status, parse_status FROM read_parquet('"
                     + dataset.resolve("captures").toString().replace("'", "''") + "/*') WHERE record_type = 'revisit'")) {
            assertTrue(rs.next());
            assertEquals(304, rs.getInt(1));
            assertEquals("ok", rs.getString(2));
        }
    }

    /**
     * A damaged record between revisits (a gzip member whose deflate data is broken; in an uncompressed file, a stretch
     * of bytes that is no record): the extraction resumes after it, and so does the revisit scan, so every revisit
     * gets its captures row, each with its own stored length (the one before the damage ends where the damage begins).
     */
    @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.EnumSource(value = WarcCompression.class, names = {"GZIP", "NONE"})
    void revisitsAfterADamagedRecordAreResolvedWithTheirOwnLengths(WarcCompression compression) throws Exception {
        URI r1 = newId();
        Path file = warcs.resolve(compression == WarcCompression.GZIP ? "d-00000.warc.gz" : "d-00000.warc");
        Map<String, Long> at = new java.util.LinkedHashMap<>();
        try (Writer d = new Writer(file, compression)) {
            d.response(r1, profileUrl(alice), D1, aliceJson);
            at.put("before", d.revisit(profileUrl(alice), D1.plusSeconds(60), aliceJson, true, r1, D1, true));
            at.put("damage", d.raw(compression == WarcCompression.GZIP ? brokenGzipMember()
                    : "this is no WARC record\r\nnor is this\r\n\r\n".getBytes(StandardCharsets.US_ASCII)));
            at.put("after", d.revisit(profileUrl(alice), D1.plusSeconds(120), aliceJson, true, r1, D1, true));
            at.put("last", d.revisit(profileUrl(alice), D1.plusSeconds(180), aliceJson, false, null, null, false));
        }
        at.put("end", Files.size(file));
        Path dataset = tmp.resolve("dataset");
        BuildReport report = build(dataset, new ArrayList<>());
        assertEquals(Map.of("resolved", 3L, "unresolved", 0L), report.revisits);
        Map<Long, List<Object>> rows = new HashMap<>();
        try (Connection c = io.lastlight.query.Dataset.open(dataset);
             PreparedStatement ps = c.prepareStatement("SELECT warc_offset, warc_length, record_type, parse_status FROM captures"
                     + " WHERE record_type = 'revisit' OR parse_status = 'damaged'")) {
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) rows.put(rs.getLong(1), List.of(rs.getLong(2), rs.getString(3), rs.getString(4)));
            }
        }
        assertEquals(Map.of(
                at.get("before"), List.of(at.get("damage") - at.get("before"), "revisit", "ok"),
                at.get("damage"), List.of(at.get("after") - at.get("damage"), "unknown", "damaged"),
                at.get("after"), List.of(at.get("last") - at.get("after"), "revisit", "ok"),
                at.get("last"), List.of(at.get("end") - at.get("last"), "revisit", "ok")), rows);
    }

    /** A gzip member of a WARC record whose deflate data starts with a reserved block type: nothing of it can be read. */
    private byte[] brokenGzipMember() throws IOException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        try (java.util.zip.GZIPOutputStream gz = new java.util.zip.GZIPOutputStream(out)) {
            gz.write(("WARC/1.0\r\nWARC-Type: resource\r\nWARC-Record-ID: <" + newId() + ">\r\nWARC-Date: 2021-01-10T00:00:00Z\r\n"
                    + "Content-Length: 2\r\n\r\nhi\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        }
        byte[] b = out.toByteArray();
        b[10] = (byte) 0xff; // first deflate byte (no optional header fields): BTYPE 11, reserved
        return b;
    }

    /**
     * ArchiveWeb.page (py-wacz's example-iana.warc, from the shared real corpus, as app's RealWarcCorpusTest reads it)
     * writes {@code sha-256:<hex>} in its revisits and {@code sha256:<hex>} in their originals: every revisit resolves,
     * and the stored digests stay as written.
     */
    @Test
    void revisitsWhoseOriginalsSpellTheSameDigestDifferentlyAllResolve() throws Exception {
        Path real = realCorpus().resolve("py-wacz").resolve("example-iana.warc");
        Files.copy(real, warcs.resolve("example-iana.warc"));
        Path dataset = tmp.resolve("dataset");
        BuildReport report = build(dataset, new ArrayList<>());
        assertEquals(Map.of("resolved", 34L, "unresolved", 0L), report.revisits);
        try (Connection c = io.lastlight.query.Dataset.open(dataset); java.sql.Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*), count(*) FILTER (parse_status = 'revisit-unresolved'),"
                     + " count(*) FILTER (refers_to_record_id IS NOT NULL), count(*) FILTER (payload_digest LIKE 'sha-256:%')"
                     + " FROM captures WHERE record_type = 'revisit'")) {
            assertTrue(rs.next());
            assertEquals(List.of(34L, 0L, 34L, 34L), List.of(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4)));
        }
    }

    /** {@code shared/data/real/warc} beside the repository (walking up from the working directory); skipped if absent. */
    static Path realCorpus() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path d = dir.resolve("shared").resolve("data").resolve("real").resolve("warc");
            if (Files.isDirectory(d)) return d;
        }
        org.junit.jupiter.api.Assumptions.assumeTrue(false, "no shared/data/real/warc beside the project: skipped");
        return null;
    }

    private BuildReport build(Path dataset, List<String> log) throws Exception {
        return new DatasetBuilder(Clock.systemUTC(), "parler", log::add, 2).build(warcs, dataset, false);
    }

    static String digest(Path ds, String table) throws Exception {
        try (Connection c = io.lastlight.query.Dataset.open(ds); java.sql.Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*), bit_xor(hash(t)) FROM " + table + " t")) {
            rs.next();
            return rs.getLong(1) + ":" + rs.getString(2);
        }
    }

    private static List<Instant> times(Path dataset, String user) throws Exception {
        List<Instant> out = new ArrayList<>();
        try (Connection c = io.lastlight.query.Dataset.open(dataset);
             PreparedStatement ps = c.prepareStatement("SELECT capture_time FROM profile_history WHERE lower(username) = lower(?) ORDER BY 1")) {
            ps.setString(1, user);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.add(rs.getObject(1, OffsetDateTime.class).toInstant());
            }
        }
        return out;
    }

    private String profileUrl(String name) {
        return base + "/v1/profile?username=" + name;
    }

    private static URI newId() {
        return URI.create("urn:uuid:" + UUID.randomUUID());
    }

    private static byte[] get(HttpClient http, String url) throws Exception {
        HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, r.statusCode(), url);
        return r.body();
    }

    /** Writes WARC records as other tools do (jwarc, gzip per record); returns each record's offset. */
    static final class Writer implements AutoCloseable {
        private final FileChannel ch;
        private final WarcWriter w;

        Writer(Path file) throws IOException {
            this(file, WarcCompression.GZIP);
        }

        Writer(Path file, WarcCompression compression) throws IOException {
            ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            w = new WarcWriter(ch, compression);
            w.write(new Warcinfo.Builder().fields(Map.of("platform", List.of("parler"), "software", List.of("test"))).build());
        }

        long response(URI id, String url, Instant date, byte[] json) throws IOException {
            byte[] http = concat(head(json.length), json);
            return write(new WarcResponse.Builder(URI.create(url)).recordId(id).date(date).body(MediaType.HTTP_RESPONSE, http)
                    .payloadDigest(new WarcDigest(WarcSink.payloadDigest(json))).build());
        }

        /**
         * A revisit of {@code url} at {@code date} promising {@code json}'s payload; {@code withHead}: store the HTTP head;
         * {@code refersTo} and {@code refersToDate} as given (null: header left out); {@code refersToUri}: write
         * WARC-Refers-To-Target-URI.
         */
        long revisit(String url, Instant date, byte[] json, boolean withHead, URI refersTo, Instant refersToDate, boolean refersToUri)
                throws IOException {
            WarcRevisit.Builder b = new WarcRevisit.Builder(URI.create(url), WarcRevisit.IDENTICAL_PAYLOAD_DIGEST_1_1).date(date)
                    .payloadDigest(new WarcDigest(WarcSink.payloadDigest(json)));
            if (withHead) b.body(MediaType.HTTP_RESPONSE, head(json.length));
            if (refersTo != null) b.addHeader("WARC-Refers-To", "<" + refersTo + ">");
            if (refersToUri) b.addHeader("WARC-Refers-To-Target-URI", url);
            if (refersToDate != null) b.addHeader("WARC-Refers-To-Date", refersToDate.toString());
            return write(b.build());
        }

        /** A server-not-modified revisit of {@code url} at {@code date}, as Heritrix writes one: a 304 head, no payload digest. */
        long notModified(String url, Instant date, URI refersTo, Instant refersToDate) throws IOException {
            byte[] head = "HTTP/1.1 304 Not Modified\r\nETag: \"v1\"\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
            return write(new WarcRevisit.Builder(URI.create(url), WarcRevisit.SERVER_NOT_MODIFIED_1_1).date(date)
                    .body(MediaType.HTTP_RESPONSE, head).addHeader("WARC-Refers-To", "<" + refersTo + ">")
                    .addHeader("WARC-Refers-To-Target-URI", url).addHeader("WARC-Refers-To-Date", refersToDate.toString()).build());
        }

        private long write(WarcRecord r) throws IOException {
            long at = ch.position();
            w.write(r);
            return at;
        }

        /** Bytes that are no WARC record (damage), written as they are; returns their offset. */
        long raw(byte[] bytes) throws IOException {
            long at = ch.position();
            ch.write(java.nio.ByteBuffer.wrap(bytes));
            return at;
        }

        private static byte[] head(int length) {
            return ("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + length + "\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1);
        }

        private static byte[] concat(byte[] a, byte[] b) {
            byte[] out = new byte[a.length + b.length];
            System.arraycopy(a, 0, out, 0, a.length);
            System.arraycopy(b, 0, out, a.length, b.length);
            return out;
        }

        @Override
        public void close() throws IOException {
            w.close();
        }
    }
}
