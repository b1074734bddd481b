package io.lastlight.wacz;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lastlight.warc.SortedLines;
import org.netpreserve.jwarc.URIs;
import org.netpreserve.jwarc.WarcCaptureRecord;
import org.netpreserve.jwarc.WarcReader;
import org.netpreserve.jwarc.WarcRecord;
import org.netpreserve.jwarc.WarcResponse;

import java.io.BufferedReader;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * Checks a WACZ file the way a reader must be able to trust it: datapackage-digest.json matches
 * datapackage.json; every resource's sha256 and size match its bytes; nothing in the zip goes unlisted;
 * WARC files are stored uncompressed; every CDXJ line is sorted, its key is its URL's SURT, and it points at
 * a WARC record (read at that offset with jwarc, exactly {@code length} bytes) with that URL and timestamp;
 * every page in pages.jsonl has a capture in the index. Problems are collected, not thrown.
 */
public final class WaczVerifier {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_PROBLEMS = 200;

    /** What was checked and what is wrong. */
    public static final class Report {
        public int resources;
        public long indexLines;
        public long pages;
        public long problemCount;
        public final List<String> problems = new ArrayList<>();

        public boolean ok() {
            return problemCount == 0;
        }

        void problem(String p) {
            problemCount++;
            if (problems.size() < MAX_PROBLEMS) problems.add(p);
        }
    }

    public Report verify(Path wacz) throws IOException {
        Report report = new Report();
        ZipFile zip;
        try {
            zip = new ZipFile(wacz.toFile());
        } catch (ZipException e) {
            report.problem(wacz.getFileName() + " is not a readable zip file (" + e.getMessage() + ")");
            return report;
        }
        try (zip) {
            Map<String, ZipEntry> entries = new LinkedHashMap<>();
            for (Enumeration<? extends ZipEntry> en = zip.entries(); en.hasMoreElements(); ) {
                ZipEntry e = en.nextElement();
                entries.put(e.getName(), e);
            }
            JsonNode dp = checkDatapackage(zip, entries, report);
            if (dp == null) return report;
            checkResources(zip, entries, dp, report);
            long[] pageHashes = readPages(zip, entries.get(Wacz.PAGES), report);
            BitSet seen = new BitSet(pageHashes.length);
            checkIndex(zip, entries, pageHashes, seen, report);
            if (entries.containsKey(Wacz.INDEX) && seen.cardinality() < pageHashes.length) {
                reportPagesWithoutCapture(zip, entries.get(Wacz.PAGES), pageHashes, seen, report);
            }
        }
        return report;
    }

    private JsonNode checkDatapackage(ZipFile zip, Map<String, ZipEntry> entries, Report report) throws IOException {
        ZipEntry dpEntry = entries.get(Wacz.DATAPACKAGE);
        if (dpEntry == null) {
            report.problem(Wacz.DATAPACKAGE + " is missing: this is not a WACZ package");
            return null;
        }
        byte[] dpBytes;
        try (InputStream in = zip.getInputStream(dpEntry)) {
            dpBytes = in.readNBytes(64 << 20);
        }
        ZipEntry digestEntry = entries.get(Wacz.DATAPACKAGE_DIGEST);
        if (digestEntry == null) {
            report.problem(Wacz.DATAPACKAGE_DIGEST + " is missing: datapackage.json itself cannot be checked");
        } else {
            try (InputStream in = zip.getInputStream(digestEntry)) {
                JsonNode d = JSON.readTree(in.readNBytes(1 << 20));
                String want = "sha256:" + HexFormat.of().formatHex(WaczZipWriter.sha256().digest(dpBytes));
                if (!Wacz.DATAPACKAGE.equals(d.path("path").asText())) {
                    report.problem(Wacz.DATAPACKAGE_DIGEST + ": path is '" + d.path("path").asText() + "', expected datapackage.json");
                }
                if (!want.equals(d.path("hash").asText())) {
                    report.problem(Wacz.DATAPACKAGE_DIGEST + ": hash " + d.path("hash").asText() + " does not match datapackage.json ("
                            + want + "): datapackage.json was changed after packaging");
                }
            } catch (JsonProcessingException e) {
                report.problem(Wacz.DATAPACKAGE_DIGEST + " is not valid JSON: " + e.getOriginalMessage());
            }
        }
        JsonNode dp;
        try {
            dp = JSON.readTree(dpBytes);
        } catch (JsonProcessingException e) {
            report.problem(Wacz.DATAPACKAGE + " is not valid JSON: " + e.getOriginalMessage());
            return null;
        }
        if (!"data-package".equals(dp.path("profile").asText())) {
            report.problem(Wacz.DATAPACKAGE + ": profile is '" + dp.path("profile").asText() + "', expected data-package");
        }
        if (!Wacz.VERSION.equals(dp.path("wacz_version").asText())) {
            report.problem(Wacz.DATAPACKAGE + ": wacz_version is '" + dp.path("wacz_version").asText() + "', expected " + Wacz.VERSION);
        }
        if (!dp.path("resources").isArray() || dp.path("resources").isEmpty()) {
            report.problem(Wacz.DATAPACKAGE + " lists no resources");
            return null;
        }
        return dp;
    }

    private void checkResources(ZipFile zip, Map<String, ZipEntry> entries, JsonNode dp, Report report) throws IOException {
        Set<String> listed = new HashSet<>(List.of(Wacz.DATAPACKAGE, Wacz.DATAPACKAGE_DIGEST));
        boolean warcs = false;
        for (JsonNode r : dp.path("resources")) {
            String path = r.path("path").asText("");
            listed.add(path);
            report.resources++;
            ZipEntry e = entries.get(path);
            if (e == null) {
                report.problem(path + ": listed in datapackage.json but missing from the zip");
                continue;
            }
            if (path.startsWith(Wacz.ARCHIVE_DIR)) {
                warcs = true;
                if (e.getMethod() != ZipEntry.STORED) {
                    report.problem(path + ": compressed in the zip; WACZ stores WARC files uncompressed so players can read records by offset");
                }
            }
            MessageDigest md = WaczZipWriter.sha256();
            long n = 0;
            try (InputStream in = zip.getInputStream(e)) {
                byte[] buf = new byte[1 << 16];
                int k;
                while ((k = in.read(buf)) > 0) {
                    md.update(buf, 0, k);
                    n += k;
                }
            } catch (ZipException ex) {
                report.problem(path + ": unreadable in the zip (" + ex.getMessage() + ")");
                continue;
            }
            String have = "sha256:" + HexFormat.of().formatHex(md.digest());
            String want = r.path("hash").asText("");
            if (!want.equals(have)) {
                report.problem(path + ": sha256 mismatch: datapackage.json says " + (want.isEmpty() ? "nothing" : want)
                        + ", the stored bytes hash to " + have);
            }
            if (!r.path("bytes").canConvertToLong() || r.path("bytes").asLong() != n) {
                report.problem(path + ": size mismatch: datapackage.json says " + r.path("bytes").asText("nothing")
                        + " bytes, the zip holds " + n);
            }
        }
        for (String name : entries.keySet()) {
            if (!listed.contains(name) && !name.endsWith("/")) {
                report.problem(name + ": in the zip but not listed in datapackage.json (its integrity is not covered)");
            }
        }
        if (!warcs) report.problem("no archive/ WARC files are listed in datapackage.json");
        if (!entries.containsKey(Wacz.INDEX)) report.problem(Wacz.INDEX + " is missing: players cannot find any capture");
        if (!entries.containsKey(Wacz.PAGES)) report.problem(Wacz.PAGES + " is missing");
    }

    private long[] readPages(ZipFile zip, ZipEntry pages, Report report) throws IOException {
        if (pages == null) return new long[0];
        List<Long> hashes = new ArrayList<>();
        try (BufferedReader r = reader(zip, pages)) {
            String header = r.readLine();
            try {
                JsonNode h = header == null ? null : JSON.readTree(header);
                if (h == null || !Wacz.PAGES_FORMAT.equals(h.path("format").asText())) {
                    report.problem(Wacz.PAGES + ": the first line must be the header {\"format\": \"" + Wacz.PAGES_FORMAT + "\", …}");
                }
            } catch (JsonProcessingException e) {
                report.problem(Wacz.PAGES + " line 1 is not JSON: " + e.getOriginalMessage());
            }
            String line;
            long no = 1;
            while ((line = r.readLine()) != null) {
                no++;
                if (line.isBlank()) continue;
                try {
                    JsonNode p = JSON.readTree(line);
                    String url = p.path("url").asText("");
                    if (url.isEmpty() || p.path("ts").asText("").isEmpty()) {
                        report.problem(Wacz.PAGES + " line " + no + ": a page needs url and ts");
                        continue;
                    }
                    hashes.add(hash(url));
                    report.pages++;
                } catch (JsonProcessingException e) {
                    report.problem(Wacz.PAGES + " line " + no + " is not JSON: " + e.getOriginalMessage());
                }
            }
        }
        long[] out = hashes.stream().mapToLong(Long::longValue).toArray();
        Arrays.sort(out);
        return out;
    }

    private void checkIndex(ZipFile zip, Map<String, ZipEntry> entries, long[] pageHashes, BitSet seen, Report report)
            throws IOException {
        ZipEntry index = entries.get(Wacz.INDEX);
        if (index == null) return;
        Set<String> compressedReported = new HashSet<>();
        try (BufferedReader r = reader(zip, index)) {
            String line, prev = null;
            long no = 0;
            while ((line = r.readLine()) != null) {
                no++;
                if (line.isBlank()) continue;
                report.indexLines++;
                String where = Wacz.INDEX + " line " + no;
                if (prev != null && !SortedLines.inOrder(prev, line)) report.problem(where + ": out of order (the index must be sorted)");
                prev = line;
                String[] parts = line.split(" ", 3);
                JsonNode j;
                try {
                    j = parts.length == 3 ? JSON.readTree(parts[2]) : null;
                } catch (JsonProcessingException e) {
                    j = null;
                }
                if (j == null || !j.path("url").isTextual() || !j.has("offset") || !j.has("length") || !j.path("filename").isTextual()) {
                    report.problem(where + ": not a CDXJ line with url, offset, length and filename");
                    continue;
                }
                String url = j.get("url").asText();
                int at = Arrays.binarySearch(pageHashes, hash(url));
                if (at >= 0) {
                    for (int i = at; i >= 0 && pageHashes[i] == pageHashes[at]; i--) seen.set(i);
                    for (int i = at; i < pageHashes.length && pageHashes[i] == pageHashes[at]; i++) seen.set(i);
                }
                String key = URIs.toNormalizedSurt(url);
                if (!parts[0].equals(key)) {
                    report.problem(where + ": key " + parts[0] + " is not the SURT of " + url + " (" + key + "): players would not find it");
                }
                if (!parts[1].matches("\\d{14}")) report.problem(where + ": timestamp " + parts[1] + " is not 14 digits");
                String file = Wacz.ARCHIVE_DIR + j.get("filename").asText();
                ZipEntry warc = entries.get(file);
                if (warc == null) {
                    report.problem(where + ": points at " + file + ", which is not in the package");
                    continue;
                }
                if (warc.getMethod() != ZipEntry.STORED) {
                    if (compressedReported.add(file)) report.problem(file + ": compressed; its records cannot be checked by offset");
                    continue;
                }
                long offset = j.get("offset").asLong(-1), length = j.get("length").asLong(-1);
                if (offset < 0 || length <= 0 || offset + length > warc.getSize()) {
                    report.problem(where + ": offset " + j.get("offset").asText() + " and length " + j.get("length").asText()
                            + " fall outside " + file + " (" + warc.getSize() + " bytes)");
                    continue;
                }
                String bad = checkRecord(zip, warc, offset, length, url, parts[1], j);
                if (bad != null) report.problem(where + " (" + url + " at " + parts[1] + "): " + bad);
            }
        }
    }

    /** Reads exactly the record the line points at; returns what is wrong, or null. */
    private String checkRecord(ZipFile zip, ZipEntry warc, long offset, long length, String url, String ts, JsonNode j) {
        try (InputStream raw = zip.getInputStream(warc)) {
            raw.skipNBytes(offset);
            WarcReader reader = new WarcReader(new Bounded(raw, length));
            WarcRecord rec;
            try {
                rec = reader.next().orElse(null);
            } catch (IOException | RuntimeException e) {
                return "no WARC record starts at offset " + offset + " of " + warc.getName() + " (" + e.getMessage() + ")";
            }
            if (rec == null) return "no WARC record at offset " + offset + " of " + warc.getName();
            if (!(rec instanceof WarcCaptureRecord)) return "offset " + offset + " holds a " + rec.type() + " record, not a capture";
            WarcCaptureRecord c = (WarcCaptureRecord) rec;
            if (!url.equals(c.target())) return "the record at offset " + offset + " is for " + c.target();
            String recTs = ReplayLinks.timestamp(c.date());
            if (!ts.equals(recTs)) return "the record at offset " + offset + " was captured at " + recTs;
            if (rec instanceof WarcResponse && j.path("status").asText("").matches("\\d{3}")) {
                int status = ((WarcResponse) rec).http().status();
                if (status != j.path("status").asInt()) return "the record's HTTP status is " + status + ", the index says " + j.path("status").asText();
            }
            try {
                rec.body().stream().transferTo(OutputStream.nullOutputStream());
                if (reader.next().isPresent()) return "length " + length + " runs past the record into the next one";
            } catch (IOException | RuntimeException e) {
                return "the record does not read completely within length " + length + " (" + e.getMessage() + ")";
            }
            return null;
        } catch (IOException e) {
            return "cannot read " + warc.getName() + " at offset " + offset + " (" + e.getMessage() + ")";
        }
    }

    private void reportPagesWithoutCapture(ZipFile zip, ZipEntry pages, long[] pageHashes, BitSet seen, Report report) throws IOException {
        Set<Long> missing = new HashSet<>();
        for (int i = 0; i < pageHashes.length; i++) if (!seen.get(i)) missing.add(pageHashes[i]);
        try (BufferedReader r = reader(zip, pages)) {
            r.readLine();
            String line;
            while ((line = r.readLine()) != null) {
                if (line.isBlank()) continue;
                try {
                    JsonNode p = JSON.readTree(line);
                    String url = p.path("url").asText("");
                    if (!url.isEmpty() && missing.contains(hash(url))) {
                        report.problem(Wacz.PAGES + ": page " + url + " (" + p.path("ts").asText() + ") has no capture in the index");
                    }
                } catch (JsonProcessingException e) {
                    // reported while reading pages
                }
            }
        }
    }

    private static BufferedReader reader(ZipFile zip, ZipEntry e) throws IOException {
        return new BufferedReader(new InputStreamReader(zip.getInputStream(e), StandardCharsets.UTF_8), 1 << 16);
    }

    /** 64 bits of the URL's sha256: enough to tell pages apart without holding their URLs. */
    private static long hash(String url) {
        byte[] d = WaczZipWriter.sha256().digest(url.getBytes(StandardCharsets.UTF_8));
        long h = 0;
        for (int i = 0; i < 8; i++) h = (h << 8) | (d[i] & 0xff);
        return h;
    }

    /** At most {@code limit} bytes of the underlying stream. */
    private static final class Bounded extends FilterInputStream {
        private long left;

        Bounded(InputStream in, long limit) {
            super(in);
            this.left = limit;
        }

        @Override
        public int read() throws IOException {
            if (left <= 0) return -1;
            int b = super.read();
            if (b >= 0) left--;
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (left <= 0) return -1;
            int n = super.read(b, off, (int) Math.min(len, left));
            if (n > 0) left -= n;
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long k = super.skip(Math.min(n, left));
            left -= k;
            return k;
        }

        @Override
        public int available() throws IOException {
            return (int) Math.min(super.available(), left);
        }
    }
}
