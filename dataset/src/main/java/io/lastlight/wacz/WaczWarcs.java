package io.lastlight.wacz;

import io.lastlight.core.UserException;
import io.lastlight.extract.FileSlice;
import io.lastlight.extract.WarcSource;
import io.lastlight.warc.WarcFileNames;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.ZipEntry;

/**
 * The WARC files inside a WACZ package (WACZ 1.1.1: a zip whose {@code archive/} entries are WARC files, stored
 * uncompressed so that byte ranges into them are valid), each as a {@link WarcSource} the build reads like a WARC file
 * on disk: its bytes are a {@link FileSlice} of the zip file at the entry's data offset (no copy, no temporary file),
 * its name {@code <wacz file name>#archive/<entry>} (the rows' {@code warc_file}), and offsets in it are offsets in the
 * WARC file, as the WACZ's own CDXJ index has them. The zip's central directory is read with Apache commons-compress
 * (which gives each entry's data offset and reads zip64).
 * <p>
 * What cannot be read this way is listed as ignored with the reason: a file that is no readable zip (damaged or cut
 * short: its central directory is at its end), a zip with no WARC files under {@code archive/}, an entry compressed in
 * the zip (deflate: a non-conforming WACZ, whose records have no byte range in the zip; the build re-reads records by
 * their offsets), an entry that runs past the end of the file, an empty one.
 */
public final class WaczWarcs {
    private WaczWarcs() {}

    /** Whether a file name is a WACZ package's. */
    public static boolean isWacz(String name) {
        return name.toLowerCase(Locale.ROOT).endsWith(".wacz");
    }

    /**
     * The WARC files under {@code archive/} in {@code wacz}, in the zip's order of names; each one that cannot be read is
     * added to {@code ignored} as "LABEL#ENTRY (reason: what to do)", and the whole file as "LABEL (reason)" when it
     * holds none that can. {@code label} names the file in those lines (its path relative to {@code --in}).
     */
    public static List<WarcSource> list(Path wacz, String label, List<String> ignored) {
        long fileSize;
        List<ZipArchiveEntry> entries;
        Map<String, String> declared;
        try (ZipFile zip = ZipFile.builder().setPath(wacz).get()) {
            fileSize = Files.size(wacz);
            entries = Collections.list(zip.getEntries());
            declared = declaredDigests(zip, label, ignored);
        } catch (IOException | RuntimeException e) {
            ignored.add(label + " (not a readable zip file: " + e.getMessage() + "; a WACZ cut short or damaged has lost"
                    + " the list of its entries, which is at its end: copy it again from its source, or unzip what can be"
                    + " read of it and give the archive/ folder as --in)");
            return List.of();
        }
        entries.sort(java.util.Comparator.comparing(ZipArchiveEntry::getName));
        List<WarcSource> out = new ArrayList<>();
        List<String> elsewhere = new ArrayList<>();
        String fileName = wacz.getFileName().toString();
        for (ZipArchiveEntry e : entries) {
            String entry = e.getName();
            if (e.isDirectory()) continue;
            String base = entry.substring(entry.lastIndexOf('/') + 1);
            if (!entry.startsWith(Wacz.ARCHIVE_DIR)) {
                if (WarcFileNames.isArchive(base)) elsewhere.add(entry);
                continue; // datapackage.json, indexes/, pages/ …
            }
            String where = label + WarcSource.IN_PACKAGE + entry;
            String why = whyNot(e, base, fileSize);
            if (why != null) {
                ignored.add(where + " (" + why + ")");
                continue;
            }
            long start = e.getDataOffset(), size = e.getSize();
            out.add(new WarcSource(fileName + WarcSource.IN_PACKAGE + entry, wacz, size,
                    () -> new FileSlice(FileChannel.open(wacz, StandardOpenOption.READ), start, size), declared.get(entry)));
        }
        if (out.isEmpty() && entries.stream().noneMatch(e -> e.getName().startsWith(Wacz.ARCHIVE_DIR) && !e.isDirectory())) {
            ignored.add(label + (elsewhere.isEmpty()
                    ? " (a zip with no WARC files under archive/: not a WACZ package, or one that holds no captures;"
                      + " nothing to build from it)"
                    : " (a zip holding WARC files outside archive/ (" + String.join(", ", elsewhere.subList(0, Math.min(3, elsewhere.size())))
                      + (elsewhere.size() > 3 ? ", …" : "") + "), so not a WACZ package: unzip it and give the folder as --in)"));
        }
        return out;
    }

    /**
     * The sha256 (hex) {@code datapackage.json} declares for each resource path ({@code "hash": "sha256:…"}); empty
     * when it has none. One that cannot be parsed is noted in {@code ignored} (the WARC files are still read).
     */
    private static Map<String, String> declaredDigests(ZipFile zip, String label, List<String> ignored) {
        Map<String, String> out = new HashMap<>();
        ZipArchiveEntry dp = zip.getEntry(Wacz.DATAPACKAGE);
        if (dp == null) return out;
        try (InputStream in = zip.getInputStream(dp)) {
            JsonNode resources = JSON.readTree(in).path("resources");
            for (JsonNode r : resources) {
                String hash = r.path("hash").asText("");
                if (hash.startsWith("sha256:") && r.hasNonNull("path")) out.put(r.get("path").asText(), hash.substring(7));
            }
        } catch (IOException | RuntimeException e) {
            ignored.add(label + WarcSource.IN_PACKAGE + Wacz.DATAPACKAGE + " (cannot be read: " + e.getMessage()
                    + "; the WARC files are read without checking them against its sha256 digests)");
        }
        return out;
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Why an {@code archive/} entry cannot be read as a WARC file in place, or null. */
    private static String whyNot(ZipArchiveEntry e, String base, long fileSize) {
        if (!WarcFileNames.isArchive(base)) {
            return "not a WARC file name (.warc, .warc.gz, .warc.zst, .arc, .arc.gz) under archive/, where a WACZ keeps"
                    + " its WARC files: if it is one, unzip the WACZ, rename it and give the folder as --in";
        }
        if (e.getMethod() != ZipEntry.STORED) {
            return "compressed in the zip (zip method " + e.getMethod() + "), which WACZ 1.1.1 does not allow: its"
                    + " records have no byte range in the file, and a dataset's rows point at records by their byte range;"
                    + " unzip the WACZ and give its archive/ folder as --in, or package it again storing archive/ uncompressed";
        }
        long start = e.getDataOffset(), size = e.getSize();
        if (start < 0 || size < 0) {
            return "the zip does not say where the entry's bytes are: unzip the WACZ and give its archive/ folder as --in";
        }
        if (start + size > fileSize) {
            return "the entry runs past the end of the file (bytes " + start + " to " + (start + size) + " of a "
                    + fileSize + "-byte file: cut short?): copy the WACZ again from its source";
        }
        if (size == 0) return "empty entry: 0 bytes, no WARC records";
        return null;
    }

    /**
     * The WARC file {@code entry} of {@code wacz} (a row's {@code warc_file} after the {@code #}), for reading a record
     * again ({@code lastlight evidence}). A UserException says what is wrong when it cannot be read in place.
     */
    public static WarcSource entry(Path wacz, String entry) {
        List<String> ignored = new ArrayList<>();
        for (WarcSource s : list(wacz, wacz.toString(), ignored)) {
            if (s.name().endsWith(WarcSource.IN_PACKAGE + entry)) return s;
        }
        String why = ignored.stream().filter(i -> i.startsWith(wacz + WarcSource.IN_PACKAGE + entry + " (")
                || i.startsWith(wacz + " (")).findFirst().orElse(null);
        throw new UserException(why != null ? "cannot read " + why
                : "no entry " + entry + " in " + wacz + " (the WACZ changed since the build? build it again, or pass the"
                  + " folder of the WACZ the dataset was built from as --warc)");
    }
}
