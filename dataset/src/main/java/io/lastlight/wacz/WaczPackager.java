package io.lastlight.wacz;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lastlight.build.DatasetBuilder;
import io.lastlight.core.UserException;
import io.lastlight.core.Version;
import io.lastlight.extract.WarcFormat;
import io.lastlight.wacz.WarcFirstRead.WarcFile;
import io.lastlight.warc.SortedLines;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Packages a crawl's WARC files as a WACZ 1.1.1 file, streaming: each WARC file is read once to index it,
 * find its pages and checksum it (CRC-32, which a stored zip entry needs up front), then copied into the
 * zip unchanged while its sha256 is computed. Nothing holds a WARC file in memory; the index is sorted
 * with bounded memory (spilling to a work folder beside the output). The zip is written under a temporary
 * name and renamed when complete.
 */
public final class WaczPackager {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Clock clock;
    private final Consumer<String> log;

    /** What a package holds. */
    public record Result(Path wacz, int warcFiles, long indexLines, long pages, long bytes, List<String> warnings) {}

    public WaczPackager(Clock clock, Consumer<String> log) {
        this.clock = clock;
        this.log = log;
    }


    public Result pack(Path in, Path out, String title, String description) throws IOException {
        List<String> warnings = new ArrayList<>();
        List<Path> warcs = DatasetBuilder.warcFiles(in, warnings);
        if (warcs.isEmpty()) {
            throw new UserException("no closed WARC files in " + in + " (expected *.warc.gz there or in its warc/ folder)");
        }
        Path target = out.toAbsolutePath();
        Path dir = target.getParent();
        if (!Files.isDirectory(dir)) throw new UserException("the folder of --out does not exist: " + dir + " (create it first)");
        if (Files.exists(target)) throw new UserException(out + " already exists (delete it or choose another --out)");
        refuseNonWarcFiles(warcs);
        for (String w : warnings) log.accept("warning: ignored " + w);

        Instant created = clock.instant();
        Path work = Files.createTempDirectory(dir, "." + target.getFileName() + ".work-");
        Path partial = dir.resolve("." + target.getFileName() + ".partial");
        try {
            Path pagesFile = work.resolve("pages.jsonl");
            Path indexFile = work.resolve("index.cdxj");
            List<WarcFile> files = new ArrayList<>();
            long lines;
            Page[] firstPage = new Page[1];
            long[] pageCount = new long[1];
            try (SortedLines index = new SortedLines(work, "index-", 32L << 20);
                 BufferedWriter pages = Files.newBufferedWriter(pagesFile, StandardCharsets.UTF_8)) {
                pages.write(pagesHeader());
                pages.write('\n');
                int i = 0;
                WarcFirstRead reader = new WarcFirstRead(work, log, warnings);
                for (Path warc : warcs) {
                    log.accept(String.format("[%d/%d] indexing %s", ++i, warcs.size(), warc.getFileName()));
                    WarcFile f = reader.read(warc, index, (json, page) -> {
                        if (firstPage[0] == null && page != null) firstPage[0] = page;
                        pageCount[0]++;
                        pages.write(json);
                        pages.write('\n');
                    });
                    for (WarcFile other : files) {
                        if (other.name().equals(f.name())) {
                            throw new UserException("two WARC files would be stored as " + Wacz.ARCHIVE_DIR + f.name() + ": "
                                    + origin(other) + " and " + origin(f)
                                    + " (rename one, or package them separately)");
                        }
                    }
                    files.add(f);
                }
                try (Writer w = Files.newBufferedWriter(indexFile, StandardCharsets.UTF_8)) {
                    lines = index.writeTo(w);
                }
            }

            List<WaczZipWriter.Resource> resources = new ArrayList<>();
            try (WaczZipWriter zip = new WaczZipWriter(partial, created)) {
                int i = 0;
                for (WarcFile f : files) {
                    log.accept(String.format("[%d/%d] storing %s", ++i, files.size(), f.name()));
                    resources.add(zip.addFile(Wacz.ARCHIVE_DIR + f.name(), f.path(), f.crc()));
                }
                resources.add(zip.addFile(Wacz.INDEX, indexFile, -1));
                resources.add(zip.addFile(Wacz.PAGES, pagesFile, -1));
                byte[] datapackage = datapackage(resources, files, title, description, created, firstPage[0], in);
                zip.addBytes(Wacz.DATAPACKAGE, datapackage);
                zip.addBytes(Wacz.DATAPACKAGE_DIGEST, digest(datapackage));
            }
            moveIntoPlace(partial, target);
            return new Result(target, files.size(), lines, pageCount[0], Files.size(target), warnings);
        } finally {
            Files.deleteIfExists(partial);
            deleteTree(work);
        }
    }

    /**
     * A file named like a WARC file whose bytes are not one (a text file, a copy of something else) would be stored in
     * the package as an "archive" with nothing indexed and a warning that reads like damage; --verify would then pass
     * it. Such files are refused, all named at once, before anything is written. A WARC file damaged further on is
     * still packaged, with a warning.
     */
    static void refuseNonWarcFiles(List<Path> warcs) throws IOException {
        List<String> notWarc = new ArrayList<>();
        for (Path w : warcs) {
            // an empty file (a crawl stopped as it opened a file) holds nothing either way: indexed as before
            if (Files.size(w) > 0 && !WarcFormat.isWarcOrArc(w)) notWarc.add(w.toString());
        }
        if (!notWarc.isEmpty()) {
            throw new UserException((notWarc.size() == 1 ? "not a WARC file: " : notWarc.size() + " files are not WARC files: ")
                    + String.join(", ", notWarc) + " (their first bytes are no WARC record, gzip or zstd); move "
                    + (notWarc.size() == 1 ? "it" : "them") + " out of the --in folder, or package a folder that holds only WARC files");
        }
    }

    private static String origin(WarcFile f) {
        return f.recompressed() != null ? f.recompressed().fromName() + " (re-compressed)" : f.name();
    }

    static String pagesHeader() throws IOException {
        ObjectNode h = JSON.createObjectNode();
        h.put("format", Wacz.PAGES_FORMAT);
        h.put("id", "pages");
        h.put("title", "All Pages");
        return JSON.writeValueAsString(h);
    }

    static String pageLine(Page p) throws IOException {
        ObjectNode n = JSON.createObjectNode();
        n.put("id", p.id());
        n.put("url", p.url());
        n.put("ts", p.ts().toString());
        n.put("title", p.title());
        return JSON.writeValueAsString(n);
    }

    private static byte[] datapackage(List<WaczZipWriter.Resource> resources, List<WarcFile> files, String title,
                                      String description, Instant created, Page mainPage, Path in) throws IOException {
        TreeSet<String> platforms = new TreeSet<>(), digests = new TreeSet<>(), bases = new TreeSet<>();
        for (WarcFile f : files) {
            Optional.ofNullable(f.info().platform).ifPresent(platforms::add);
            Optional.ofNullable(f.info().configDigest).ifPresent(digests::add);
            Optional.ofNullable(f.info().baseUrl).ifPresent(bases::add);
        }
        ObjectNode dp = JSON.createObjectNode();
        dp.put("profile", "data-package");
        dp.put("wacz_version", Wacz.VERSION);
        dp.put("title", title != null ? title : defaultTitle(platforms, bases, in));
        if (description != null) dp.put("description", description);
        dp.put("created", created.toString());
        dp.put("software", Version.software() + " (lastlight package; jwarc)");
        if (mainPage != null) {
            dp.put("mainPageURL", mainPage.url());
            dp.put("mainPageDate", mainPage.ts().toString());
        }
        if (platforms.size() == 1) dp.put("platform", platforms.first());
        ArrayNode cd = dp.putArray("config_digests");
        digests.forEach(cd::add);
        ArrayNode res = dp.putArray("resources");
        for (WaczZipWriter.Resource r : resources) {
            ObjectNode n = res.addObject();
            n.put("name", r.name());
            n.put("path", r.path());
            n.put("hash", r.hash());
            n.put("bytes", r.bytes());
            if (r.path().startsWith(Wacz.ARCHIVE_DIR)) {
                for (WarcFile f : files) {
                    if (!r.path().equals(Wacz.ARCHIVE_DIR + f.name())) continue;
                    if (f.info().configDigest != null) n.put("config_digest", f.info().configDigest);
                    PerRecordGzip.Result rc = f.recompressed();
                    if (rc != null) {
                        // hash and bytes above describe the stored file; this names what it was made from
                        ObjectNode o = n.putObject("recompressed_from");
                        o.put("name", rc.fromName());
                        o.put("format", rc.fromFormat());
                        o.put("hash", rc.fromSha256());
                        o.put("bytes", rc.fromBytes());
                        o.put("note", "re-compressed by lastlight package one gzip member per record, so replay tools can"
                                + " read each record by offset; decompressed, the stored file holds the original's"
                                + " decompressed bytes unchanged" + (rc.damage() != null ? " (as far as they could be read: " + rc.damage() + ")" : ""));
                    }
                }
            }
        }
        return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(dp);
    }

    private static String defaultTitle(TreeSet<String> platforms, TreeSet<String> bases, Path in) {
        String what = platforms.isEmpty() ? "web archive" : String.join(", ", platforms) + " capture";
        String where = bases.isEmpty() ? String.valueOf(in.toAbsolutePath().normalize().getFileName()) : String.join(", ", bases);
        return "lastlight " + what + " of " + where;
    }

    static byte[] digest(byte[] datapackage) throws IOException {
        ObjectNode d = JSON.createObjectNode();
        d.put("path", Wacz.DATAPACKAGE);
        d.put("hash", "sha256:" + java.util.HexFormat.of().formatHex(WaczZipWriter.sha256().digest(datapackage)));
        return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(d);
    }

    private static void moveIntoPlace(Path partial, Path target) throws IOException {
        try {
            Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(partial, target);
        } catch (FileAlreadyExistsException e) {
            throw new UserException(target + " appeared while packaging (another process?); the package was not written over it", e);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) return;
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) s.sorted(Comparator.reverseOrder())::iterator) Files.deleteIfExists(p);
        }
    }
}
