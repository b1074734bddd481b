package io.lastlight.extract;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.channels.NonWritableChannelException;
import java.nio.channels.SeekableByteChannel;

/**
 * Bytes {@code [start, start + length)} of a file as a read-only channel of their own: position 0 is the file's byte
 * {@code start}, and the channel ends after {@code length} bytes. A WARC file stored (uncompressed) in a WACZ is read
 * through one, straight from the zip file: no copy, no temporary file. Reads are positional, so the channel's position
 * is its own. Closing it closes the file channel.
 */
public final class FileSlice implements SeekableByteChannel {
    private final FileChannel file;
    private final long start;
    private final long length;
    private long position;

    public FileSlice(FileChannel file, long start, long length) {
        if (start < 0 || length < 0) throw new IllegalArgumentException("slice " + start + "+" + length);
        this.file = file;
        this.start = start;
        this.length = length;
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        if (!file.isOpen()) throw new ClosedChannelException();
        long left = length - position;
        if (left <= 0) return -1;
        if (!dst.hasRemaining()) return 0;
        int n;
        if (dst.remaining() <= left) {
            n = file.read(dst, start + position);
        } else {
            ByteBuffer part = dst.duplicate();
            part.limit(part.position() + (int) left);
            n = file.read(part, start + position);
            if (n > 0) dst.position(dst.position() + n);
        }
        if (n < 0) return -1; // the file is shorter than the slice (cut short): its end
        position += n;
        return n;
    }

    @Override
    public int write(ByteBuffer src) {
        throw new NonWritableChannelException();
    }

    @Override
    public long position() {
        return position;
    }

    @Override
    public SeekableByteChannel position(long newPosition) {
        if (newPosition < 0) throw new IllegalArgumentException("negative position " + newPosition);
        position = newPosition;
        return this;
    }

    @Override
    public long size() {
        return length;
    }

    @Override
    public SeekableByteChannel truncate(long size) {
        throw new NonWritableChannelException();
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
