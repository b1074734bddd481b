package io.lastlight.extract;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;

/**
 * Does a gzip member start at this offset of the file? Asked for every record of a per-record gzip file, at offsets
 * that mostly move forward, so the file's bytes are read a window at a time instead of one positional read of two
 * bytes per record (1.6M system calls at 1M posts). The file is opened when first asked.
 */
final class MemberProbe implements Closeable {
    /** Bytes read at a time. */
    static final int WINDOW = 256 * 1024;

    private final WarcFormat.Bytes file;
    private SeekableByteChannel channel;
    private final ByteBuffer window = ByteBuffer.allocate(WINDOW);
    /** File offset of the window's first byte; its valid bytes are {@code window.limit()}. */
    private long start = -1;

    MemberProbe(WarcFormat.Bytes file) {
        this.file = file;
    }

    /** True if the bytes at {@code offset} are a gzip magic number (1f 8b). */
    boolean startsMember(long offset) throws IOException {
        if (start < 0 || offset < start || offset + 2 > start + window.limit()) fill(offset);
        int i = (int) (offset - start);
        if (i + 2 > window.limit()) return false; // fewer than two bytes left in the file
        return (window.get(i) & 0xff) == 0x1f && (window.get(i + 1) & 0xff) == 0x8b;
    }

    private void fill(long offset) throws IOException {
        if (channel == null) channel = file.open();
        window.clear();
        channel.position(offset);
        while (window.hasRemaining()) {
            int n = channel.read(window);
            if (n < 0) break;
        }
        window.flip();
        start = offset;
    }

    @Override
    public void close() throws IOException {
        if (channel != null) channel.close();
    }
}
