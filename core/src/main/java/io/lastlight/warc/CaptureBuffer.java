package io.lastlight.warc;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.util.Arrays;

/**
 * Holds what the WARC writer produces for one capture (its gzip members) and hands it to the file in one
 * {@code write} call on {@link #flush()}. jwarc writes each member as three or four small writes (gzip header,
 * deflated data, trailer); on a virtualised host every system call costs several microseconds, and a capture is
 * three records. {@link WarcSink} flushes at the end of every capture, so when its {@code write} returns the
 * capture is in the operating system's hands, as before.
 */
final class CaptureBuffer implements WritableByteChannel {
    /** Beyond this a flush gives the array back (a capture with a large body should not pin its size). */
    private static final int KEEP = 1 << 20;
    private final WritableByteChannel out;
    private byte[] bytes = new byte[64 * 1024];
    private int size;

    CaptureBuffer(WritableByteChannel out) {
        this.out = out;
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        if (!out.isOpen()) throw new java.nio.channels.ClosedChannelException();
        int n = src.remaining();
        if (size + n > bytes.length) bytes = Arrays.copyOf(bytes, Math.max(size + n, bytes.length * 2));
        src.get(bytes, size, n);
        size += n;
        return n;
    }

    /** Writes everything held to the file (looping over short writes). */
    void flush() throws IOException {
        ByteBuffer b = ByteBuffer.wrap(bytes, 0, size);
        while (b.hasRemaining()) out.write(b);
        size = 0;
        if (bytes.length > KEEP) bytes = new byte[64 * 1024];
    }

    @Override
    public boolean isOpen() {
        return out.isOpen();
    }

    /** Flushes, then closes the file. */
    @Override
    public void close() throws IOException {
        try {
            if (out.isOpen()) flush();
        } finally {
            out.close();
        }
    }
}
