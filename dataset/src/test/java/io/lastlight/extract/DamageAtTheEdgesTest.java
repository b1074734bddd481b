package io.lastlight.extract;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Damage where it used to cost more than the damaged record (an audit with other tools' WARC files): at a file's very
 * start (the first gzip member corrupt or cut short, stray bytes before the first record), which made the whole file
 * one damaged row; a Content-Length longer than its record, which swallowed the next record without a word; and a
 * record without its trailer at the very end of a file, which added an empty damaged row.
 */
class DamageAtTheEdgesTest {
    @TempDir
    Path tmp;

    private final List<byte[]> records = records();

    private static List<byte[]> records() {
        try {
            return WarcZstdTest.records().subList(0, 41); // warcinfo, then 20 responses and their requests
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] member(byte[] record) throws Exception {
        return GzipMembersTest.gzip(record, 0, record.length);
    }

    private List<WarcCapture> read(String name, byte[] bytes) throws Exception {
        Path f = Files.write(tmp.resolve(name), bytes);
        List<WarcCapture> out = new ArrayList<>();
        new WarcCaptureReader(WarcCaptureReader.DEFAULT_MAX_PARSE_BYTES).read(f, (i, c) -> out.add(c));
        return out;
    }

    private static List<WarcCapture> damaged(List<WarcCapture> rows) {
        return rows.stream().filter(c -> CaptureDecoder.DAMAGED.equals(c.status())).collect(Collectors.toList());
    }

    /** Record ids read intact (not damaged). */
    private static List<String> intact(List<WarcCapture> rows) {
        return rows.stream().filter(c -> !CaptureDecoder.DAMAGED.equals(c.status())).map(WarcCapture::recordId).collect(Collectors.toList());
    }

    private List<String> ids(int from) throws Exception {
        List<WarcCapture> all = read("clean-" + from + ".warc.gz", WarcZstdTest.gzipTwin(records));
        assertTrue(damaged(all).isEmpty());
        return intact(all).subList(from, all.size());
    }

    @ParameterizedTest(name = "first member {0}")
    @ValueSource(strings = {"corrupt", "cut short"})
    void aDamagedFirstMemberCostsThatRecordOnly(String how) throws Exception {
        byte[] first = member(records.get(0));
        if (how.equals("corrupt")) {
            for (int i = 12; i < first.length - 8; i += 3) first[i] ^= 0x5a;
        } else {
            first = Arrays.copyOf(first, first.length / 2);
        }
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        file.writeBytes(first);
        file.writeBytes(WarcZstdTest.gzipTwin(records.subList(1, records.size())));
        List<WarcCapture> rows = read("first-" + how.replace(' ', '-') + ".warc.gz", file.toByteArray());
        assertEquals(ids(1), intact(rows), "every record after the damaged first member");
        List<WarcCapture> bad = damaged(rows);
        assertEquals(1, bad.size(), bad.toString());
        assertEquals(0, bad.get(0).offset());
        assertEquals(first.length, bad.get(0).length());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"blank line", "NUL padding", "junk line"})
    void strayBytesBeforeTheFirstRecordAreSkippedOrReported(String what) throws Exception {
        byte[] lead = switch (what) {
            case "blank line" -> "\r\n".getBytes(StandardCharsets.US_ASCII);
            case "NUL padding" -> new byte[512];
            default -> "HTTP/1.1 200 OK junk from a bad copy\r\n".getBytes(StandardCharsets.US_ASCII);
        };
        for (boolean gzip : new boolean[] {true, false}) {
            ByteArrayOutputStream file = new ByteArrayOutputStream();
            file.writeBytes(lead);
            for (byte[] r : records) file.writeBytes(gzip ? member(r) : r);
            List<WarcCapture> rows = read("lead-" + what.replace(' ', '-') + (gzip ? ".warc.gz" : ".warc"), file.toByteArray());
            assertEquals(ids(0), intact(rows), what + (gzip ? " (gzip)" : " (plain)"));
            List<WarcCapture> bad = damaged(rows);
            if (what.equals("blank line")) {
                assertTrue(bad.isEmpty(), "blank lines are not damage: " + bad);
            } else {
                assertEquals(1, bad.size(), bad.toString());
                assertEquals(0, bad.get(0).offset());
                assertEquals(lead.length, bad.get(0).length());
            }
        }
    }

    /** A response whose Content-Length says 50 bytes more than it holds: the record after it is read, not swallowed. */
    @Test
    void aContentLengthTooLongDoesNotSwallowTheNextRecord() throws Exception {
        int victim = 5; // a response; record 6 is its request
        for (boolean gzip : new boolean[] {true, false}) {
            ByteArrayOutputStream file = new ByteArrayOutputStream();
            long victimOffset = 0, nextOffset = 0;
            for (int i = 0; i < records.size(); i++) {
                byte[] r = records.get(i);
                if (i == victim) {
                    String s = new String(r, StandardCharsets.ISO_8859_1);
                    java.util.regex.Matcher m = java.util.regex.Pattern.compile("Content-Length: (\\d+)").matcher(s);
                    assertTrue(m.find());
                    s = s.substring(0, m.start(1)) + (Long.parseLong(m.group(1)) + 50) + s.substring(m.end(1));
                    r = s.getBytes(StandardCharsets.ISO_8859_1);
                    victimOffset = file.size();
                }
                if (i == victim + 1) nextOffset = file.size();
                file.writeBytes(gzip ? member(r) : r);
            }
            List<WarcCapture> rows = read("cl-long" + (gzip ? ".warc.gz" : ".warc"), file.toByteArray());
            List<String> expected = new ArrayList<>(ids(0));
            expected.remove(victim);
            assertEquals(expected, intact(rows), "every record but the overrunning one, the one after it included");
            List<WarcCapture> bad = damaged(rows);
            assertEquals(1, bad.size(), bad.toString());
            assertEquals(victimOffset, bad.get(0).offset());
            assertEquals(nextOffset - victimOffset, bad.get(0).length());
            assertTrue(bad.get(0).error().contains("Content-Length"), bad.get(0).error());
            long finalNext = nextOffset;
            assertTrue(rows.stream().anyMatch(c -> c.offset() == finalNext && !CaptureDecoder.DAMAGED.equals(c.status())));
        }
    }

    /** A last record closed by LF LF instead of CRLF CRLF (some writers): read, and no empty damaged row after it. */
    @Test
    void aLastRecordWithoutItsTrailerIsNotFollowedByDamage() throws Exception {
        for (boolean gzip : new boolean[] {true, false}) {
            ByteArrayOutputStream file = new ByteArrayOutputStream();
            for (int i = 0; i < records.size(); i++) {
                byte[] r = records.get(i);
                if (i == records.size() - 1) {
                    r = Arrays.copyOf(r, r.length - 4 + 2);
                    r[r.length - 2] = '\n';
                    r[r.length - 1] = '\n';
                }
                file.writeBytes(gzip ? member(r) : r);
            }
            List<WarcCapture> rows = read("lf-end" + (gzip ? ".warc.gz" : ".warc"), file.toByteArray());
            assertEquals(ids(0), intact(rows));
            assertTrue(damaged(rows).isEmpty(), damaged(rows).toString());
        }
    }
}
