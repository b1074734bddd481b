package io.lastlight.extract;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One WARC or ARC file the build reads, wherever its bytes are: a file on disk ({@link #of(Path)}), or a WARC file
 * stored inside a WACZ package ({@code io.lastlight.wacz.WaczWarcs}: a slice of the zip file, {@link FileSlice}).
 * Everything that reads a WARC file (extraction, revisit scan, originals, evidence) goes through {@link #bytes()}, so a
 * WARC inside a WACZ is read exactly as the same file on disk would be, offsets included.
 *
 * @param name      the file's name as the dataset knows it, the rows' {@code warc_file}: the file name for a file on
 *                  disk ({@code crawl-00000.warc.gz}); for a WARC inside a WACZ, the WACZ's file name, {@code #} and
 *                  the entry's path in the zip ({@code crawl.wacz#archive/data.warc.gz}), as WACZ tools name it
 * @param container the file on disk that holds the bytes: the WARC file itself, or the WACZ
 * @param size      the WARC file's bytes as stored (for a WACZ entry, the entry's size, not the zip's)
 * @param bytes     a new seekable channel over the WARC file's bytes (position 0 = its first byte) at each call
 * @param declaredSha256 the sha256 (hex) its package declares for it (a WACZ's datapackage.json), or null
 */
public record WarcSource(String name, Path container, long size, WarcFormat.Bytes bytes, String declaredSha256) {
    /** Between a WACZ's file name and an entry's path in {@link #name}. */
    public static final String IN_PACKAGE = "#";

    /** A WARC file on the local disk. */
    public static WarcSource of(Path file) throws IOException {
        return new WarcSource(file.getFileName().toString(), file, Files.size(file),
                () -> FileChannel.open(file, StandardOpenOption.READ), null);
    }

    /**
     * Why the file's bytes are not those its package declares ({@code sha256}: computed while reading them), or null
     * when they are, or when no digest was declared.
     */
    public String declaredDigestMismatch(String sha256) {
        if (declaredSha256 == null || sha256 == null || declaredSha256.equalsIgnoreCase(sha256)) return null;
        return name + ": its sha256 is " + sha256 + ", the WACZ's datapackage.json declares " + declaredSha256
                + ": the WARC file changed since it was packaged (damage or an edit); its records are built as they are"
                + " now ('lastlight evidence --extract' checks each record's own digests)";
    }

    /** Whether the bytes are a part of another file (a WACZ) rather than a file of their own. */
    public boolean inPackage() {
        return name.contains(IN_PACKAGE);
    }

    /** Where the bytes are, for messages: the file's path, or {@code /path/crawl.wacz#archive/data.warc.gz}. */
    public String location() {
        if (!inPackage()) return container.toString();
        return container + name.substring(name.indexOf(IN_PACKAGE));
    }

    /**
     * The name of the files derived from this one ({@code TABLE/<stem>.parquet}): {@link #name} with every {@code /}
     * (a WACZ entry's folder) as {@code %2F}. A file on disk has no {@code /} in its name, so its stem is its name, as
     * before WACZ input.
     */
    public String fileStem() {
        return fileStem(name);
    }

    /** As {@link #fileStem()}, for a {@code warc_file} value. */
    public static String fileStem(String name) {
        return name.replace("/", "%2F");
    }

    /**
     * A channel at the record at {@code offset} ({@link WarcFormat#openAt(WarcFormat.Bytes, String, WarcFormat, long)}:
     * in a whole-file gzip the offset is in the decompressed bytes). The caller closes it.
     */
    public ReadableByteChannel openAt(long offset) throws IOException {
        return WarcFormat.openAt(bytes, location(), offset == 0 ? WarcFormat.PLAIN : WarcFormat.sniff(bytes), offset);
    }

    @Override
    public String toString() {
        return location();
    }
}
