package io.lastlight.extract;

import java.io.IOException;
import java.nio.channels.ReadableByteChannel;

/**
 * The file's bytes as jwarc reads them, digested on the way; {@link #finish()} reads what jwarc left (after
 * the last record or a damaged one) so the digest always covers the whole file.
 */
final class DigestingChannel implements java.nio.channels.ReadableByteChannel {
    private final ReadableByteChannel file;
    private final java.security.MessageDigest sha;
    /** Told how many bytes each read took from the file (a build's progress). */
    private final java.util.function.LongConsumer counted;

    DigestingChannel(ReadableByteChannel file, java.util.function.LongConsumer counted) {
        this.file = file;
        this.counted = counted;
        try {
            this.sha = java.security.MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public int read(java.nio.ByteBuffer dst) throws IOException {
        int start = dst.position();
        int n = file.read(dst);
        if (n > 0) {
            java.nio.ByteBuffer seen = dst.duplicate();
            seen.position(start).limit(start + n);
            sha.update(seen);
            counted.accept(n);
        }
        return n;
    }

    /** Reads the rest of the file into the digest; returns it as hex. */
    String finish() throws IOException {
        java.nio.ByteBuffer buf = java.nio.ByteBuffer.allocate(1 << 20);
        while (read(buf) >= 0) buf.clear();
        return java.util.HexFormat.of().formatHex(sha.digest());
    }

    @Override
    public boolean isOpen() {
        return file.isOpen();
    }

    @Override
    public void close() throws IOException {
        file.close();
    }
}
