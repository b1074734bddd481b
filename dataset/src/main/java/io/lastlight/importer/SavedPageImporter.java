package io.lastlight.importer;

import io.lastlight.core.UserException;
import io.lastlight.extract.ResourceCaptures;
import io.lastlight.warc.WarcFileNames;
import org.netpreserve.jwarc.MediaType;
import org.netpreserve.jwarc.WarcCompression;
import org.netpreserve.jwarc.WarcDigest;
import org.netpreserve.jwarc.WarcMetadata;
import org.netpreserve.jwarc.WarcResource;
import org.netpreserve.jwarc.WarcWriter;
import org.netpreserve.jwarc.Warcinfo;

import java.io.IOException;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Wraps a folder of saved pages into WARC: per file, a {@code resource} record (WARC-Target-URI from the file
 * name, WARC-Date = the file's modification time or the capture time given ({@code --captured-at}: what relative
 * times on the pages are resolved against, when copying or unpacking reset the files' times), the bytes unchanged, sha1 block and payload digests, the
 * {@value ResourceCaptures#IMPORT_PATH} header) and a {@code metadata} record concurrent to it with the original
 * path, size, modification time and sha256. Files are taken in path order; a file that is empty or cannot be
 * read is reported and skipped, the others are written. Files are written as {@code import-<time>-<serial>.warc.gz}
 * (gzip per record, a warcinfo naming the platform first) in {@code warc/} below the output folder, as
 * {@code .open} until complete, a new file after {@link #MAX_FILE_BYTES}.
 */
final class SavedPageImporter {
    static final long MAX_FILE_BYTES = 1L << 30;
    static final String PREFIX = "import";

    /** What an import did: files written, pages imported, and every file skipped with the reason. */
    static final class Report {
        final List<String> warcFiles = new ArrayList<>();
        long imported;
        long bytes;
        long hidden;
        final List<Map<String, String>> skipped = new ArrayList<>();
    }

    private final Clock clock;
    private final String platform;
    private final SavedPageUrls urls;
    private final long maxPageBytes;
    private final Instant capturedAt;

    /** @param capturedAt the WARC-Date of every page; null: each file's modification time */
    SavedPageImporter(Clock clock, String platform, SavedPageUrls urls, long maxPageBytes, Instant capturedAt) {
        this.clock = clock;
        this.platform = platform;
        this.urls = urls;
        this.maxPageBytes = maxPageBytes;
        this.capturedAt = capturedAt;
    }

    Report run(Path in, Path out, java.util.function.Consumer<String> log) throws IOException {
        if (!Files.isDirectory(in)) throw new UserException("--in " + in + " is not a folder of saved pages");
        List<Path> files;
        try (Stream<Path> walk = Files.walk(in)) {
            files = walk.filter(Files::isRegularFile).sorted().toList();
        }
        Report report = new Report();
        Path warcDir = out.resolve("warc");
        Files.createDirectories(warcDir);
        Instant started = clock.instant();
        Output w = new Output(warcDir, started, report);
        try {
            for (Path f : files) {
                String rel = in.relativize(f).toString().replace(java.io.File.separatorChar, '/');
                if (rel.startsWith(".") || rel.contains("/.")) { // hidden files and folders (.DS_Store, .git/…)
                    report.hidden++;
                    continue;
                }
                String why = importOne(f, rel, w, started);
                if (why != null) {
                    Map<String, String> s = new LinkedHashMap<>();
                    s.put("path", rel);
                    s.put("reason", why);
                    report.skipped.add(s);
                    log.accept("skipped " + rel + ": " + why);
                }
            }
        } catch (IOException | RuntimeException e) {
            w.abandon(); // a record may be half-written: the file stays .open, never mistaken for a complete one
            throw e;
        }
        w.close();
        return report;
    }

    /** Writes one file's records; returns why it was skipped, or null. */
    private String importOne(Path f, String rel, Output w, Instant importedAt) throws IOException {
        URI target;
        try {
            target = urls.url(rel);
        } catch (UserException e) {
            return e.getMessage();
        }
        byte[] body;
        Instant mtime;
        try {
            long size = Files.size(f);
            if (size > maxPageBytes) return "larger than --max-page-size (" + size + " bytes)";
            body = Files.readAllBytes(f);
            mtime = Files.getLastModifiedTime(f).toInstant();
        } catch (IOException | SecurityException e) {
            return "unreadable: " + e;
        }
        if (body.length == 0) return "empty file (0 bytes): nothing to import";
        MediaType type = looksJson(body) ? MediaType.parse("application/json") : MediaType.parse("text/html");
        WarcDigest sha1 = new WarcDigest(digest("SHA-1", body));
        Instant date = capturedAt != null ? capturedAt : mtime;
        WarcResource resource = new WarcResource.Builder(target).date(date).body(type, body).blockDigest(sha1)
                .addHeader("WARC-Payload-Digest", sha1.toString()).addHeader(ResourceCaptures.IMPORT_PATH, rel).build();
        Map<String, List<String>> fields = new LinkedHashMap<>();
        fields.put("original-path", List.of(rel));
        fields.put("original-size", List.of(Long.toString(body.length)));
        fields.put("original-mtime", List.of(mtime.toString()));
        fields.put("original-sha256", List.of(HexFormat.of().formatHex(digest("SHA-256", body).digest())));
        fields.put("imported-at", List.of(importedAt.toString()));
        fields.put("capture-time-from", List.of(capturedAt != null ? "--captured-at" : "file modification time"));
        fields.put("target-uri-from", List.of("file name by the pattern " + urls.pattern()));
        WarcMetadata meta = new WarcMetadata.Builder().targetURI(target).date(date).concurrentTo(resource.id()).fields(fields).build();
        w.write(resource, meta, body.length);
        return null;
    }

    private static boolean looksJson(byte[] body) {
        for (byte b : body) {
            if (b == ' ' || b == '\t' || b == '\r' || b == '\n') continue;
            return b == '{' || b == '[';
        }
        return false;
    }

    private static MessageDigest digest(String algorithm, byte[] body) {
        try {
            MessageDigest md = MessageDigest.getInstance(algorithm);
            md.update(body);
            return md;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The WARC files being written: opened on the first page, rolled at MAX_FILE_BYTES, renamed when complete. */
    private final class Output implements AutoCloseable {
        private final Path dir;
        private final Instant stamp;
        private final Report report;
        private int serial;
        private FileChannel channel;
        private WarcWriter writer;
        private String name;

        Output(Path dir, Instant stamp, Report report) {
            this.dir = dir;
            this.stamp = stamp;
            this.report = report;
        }

        void write(WarcResource resource, WarcMetadata meta, long bytes) throws IOException {
            if (writer == null) open();
            writer.write(resource);
            writer.write(meta);
            report.imported++;
            report.bytes += bytes;
            if (writer.position() >= MAX_FILE_BYTES) finish();
        }

        private void open() throws IOException {
            do {
                name = WarcFileNames.name(PREFIX, stamp, serial++);
            } while (Files.exists(dir.resolve(name)) || Files.exists(dir.resolve(name + WarcFileNames.OPEN_SUFFIX)));
            channel = FileChannel.open(dir.resolve(name + WarcFileNames.OPEN_SUFFIX), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            writer = new WarcWriter(channel, WarcCompression.GZIP);
            Map<String, List<String>> fields = new LinkedHashMap<>();
            fields.put("software", List.of(io.lastlight.core.Version.software()));
            fields.put("format", List.of("WARC File Format 1.1"));
            fields.put("platform", List.of(platform));
            fields.put("description", List.of("saved pages wrapped by lastlight import: one resource record per file, "
                    + "a metadata record concurrent to it with the original path, size, mtime and sha256"));
            writer.write(new Warcinfo.Builder().filename(name).date(clock.instant()).fields(fields).build());
        }

        private void finish() throws IOException {
            if (writer == null) return;
            channel.force(false);
            writer.close();
            Files.move(dir.resolve(name + WarcFileNames.OPEN_SUFFIX), dir.resolve(name), StandardCopyOption.ATOMIC_MOVE);
            report.warcFiles.add(name);
            writer = null;
            channel = null;
        }

        void abandon() {
            if (channel == null) return;
            try {
                channel.close();
            } catch (IOException ignored) {
                // already failing: the first error is the one reported
            }
            writer = null;
            channel = null;
        }

        @Override
        public void close() throws IOException {
            finish();
        }
    }
}
