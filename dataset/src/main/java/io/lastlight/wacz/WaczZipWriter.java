package io.lastlight.wacz;

import io.lastlight.core.UserException;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Locale;
import java.util.zip.CRC32;
import java.util.zip.CheckedInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipOutputStream;

/**
 * Writes the WACZ zip with {@link ZipOutputStream}: every entry STORED (WARC members are already gzipped,
 * and stored entries let players read a record at an offset by an HTTP range request), ZIP64 where sizes
 * need it. A stored entry needs its CRC-32 and size before its bytes, so callers pass the CRC they computed
 * while indexing the file (one read) or let this class compute it (a second read, for small files); the
 * sha256 the package declares is computed over the very bytes copied into the zip, and the zip stream
 * checks them against the CRC, so a file that changed in between fails instead of being mis-described.
 */
final class WaczZipWriter implements Closeable {
    /** A written entry as datapackage.json lists it. */
    record Resource(String name, String path, String sha256, long bytes) {
        String hash() {
            return "sha256:" + sha256;
        }
    }

    private final ZipOutputStream zip;
    private final long entryTime;

    WaczZipWriter(Path target, Instant created) throws IOException {
        OutputStream out = Files.newOutputStream(target, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        this.zip = new ZipOutputStream(new BufferedOutputStream(out, 1 << 16));
        this.zip.setMethod(ZipOutputStream.STORED);
        this.entryTime = created.toEpochMilli();
    }

    /** Adds {@code file} as {@code path}; {@code crc} is its CRC-32, or -1 to compute it first. */
    Resource addFile(String path, Path file, long crc) throws IOException {
        long size = Files.size(file);
        if (crc < 0) crc = crcOf(file);
        ZipEntry e = entry(path, size, crc);
        MessageDigest sha = sha256();
        zip.putNextEntry(e);
        long copied = 0;
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            byte[] buf = new byte[1 << 16];
            int n;
            while ((n = in.read(buf)) > 0) {
                sha.update(buf, 0, n);
                zip.write(buf, 0, n);
                copied += n;
            }
            zip.closeEntry();
        } catch (ZipException ex) {
            throw new UserException(file + " changed while it was being packaged (" + ex.getMessage()
                    + "); package only closed WARC files (a running crawl writes .open files) and run the command again", ex);
        }
        if (copied != size) {
            throw new UserException(file + " changed size while it was being packaged; run the command again");
        }
        return new Resource(nameOf(path), path, HexFormat.of().formatHex(sha.digest()), size);
    }

    /** Adds a small in-memory document as {@code path}. */
    Resource addBytes(String path, byte[] bytes) throws IOException {
        CRC32 crc = new CRC32();
        crc.update(bytes);
        zip.putNextEntry(entry(path, bytes.length, crc.getValue()));
        zip.write(bytes);
        zip.closeEntry();
        return new Resource(nameOf(path), path, HexFormat.of().formatHex(sha256().digest(bytes)), bytes.length);
    }

    private ZipEntry entry(String path, long size, long crc) {
        ZipEntry e = new ZipEntry(path);
        e.setMethod(ZipEntry.STORED);
        e.setSize(size);
        e.setCompressedSize(size);
        e.setCrc(crc);
        e.setTime(entryTime);
        return e;
    }

    static long crcOf(Path file) throws IOException {
        try (CheckedInputStream in = new CheckedInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16), new CRC32())) {
            in.transferTo(OutputStream.nullOutputStream());
            return in.getChecksum().getValue();
        }
    }

    /** The resource name: the file name, lower case (Frictionless names are lower case). */
    static String nameOf(String path) {
        return path.substring(path.lastIndexOf('/') + 1).toLowerCase(Locale.ROOT);
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() throws IOException {
        zip.close();
    }
}
