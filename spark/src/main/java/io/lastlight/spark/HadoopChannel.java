package io.lastlight.spark;

import io.lastlight.extract.WarcFormat;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.NonWritableChannelException;
import java.nio.channels.SeekableByteChannel;

/**
 * A file of any Hadoop FileSystem as a read-only {@link SeekableByteChannel}, so that the local build's layout rules
 * ({@link WarcFormat#openAt(WarcFormat.Bytes, String, WarcFormat, long)}) read a record at an offset of a file on
 * hdfs: or s3a: as they read a local one: a whole-file gzip decompressed up to it, a warc-zstd frame with the
 * dictionary read from the start of the file. Only the bytes those rules ask for are fetched.
 */
final class HadoopChannel implements SeekableByteChannel {
    private final FSDataInputStream in;
    private final long size;
    private byte[] chunk;
    private boolean open = true;

    private HadoopChannel(FSDataInputStream in, long size) {
        this.in = in;
        this.size = size;
    }

    /** The file at {@code uri} as {@link WarcFormat.Bytes}: each {@code open()} a new channel from its start. */
    static WarcFormat.Bytes bytes(String uri, Configuration conf) {
        return () -> {
            Path p = new Path(uri);
            FileSystem fs = p.getFileSystem(conf);
            long size = fs.getFileStatus(p).getLen();
            return new HadoopChannel(fs.open(p), size);
        };
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        if (!open) throw new ClosedChannelException();
        if (!dst.hasRemaining()) return 0;
        int want = dst.remaining();
        int n;
        if (dst.hasArray()) {
            n = in.read(dst.array(), dst.arrayOffset() + dst.position(), want);
            if (n > 0) dst.position(dst.position() + n);
        } else {
            if (chunk == null) chunk = new byte[1 << 16];
            n = in.read(chunk, 0, Math.min(chunk.length, want));
            if (n > 0) dst.put(chunk, 0, n);
        }
        return n;
    }

    @Override
    public long position() throws IOException {
        return in.getPos();
    }

    @Override
    public SeekableByteChannel position(long newPosition) throws IOException {
        if (newPosition < 0) throw new IllegalArgumentException("negative position " + newPosition);
        // seeking past the end is allowed by the contract (reads then answer end-of-stream); Hadoop refuses it
        in.seek(Math.min(newPosition, size));
        return this;
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public int write(ByteBuffer src) {
        throw new NonWritableChannelException();
    }

    @Override
    public SeekableByteChannel truncate(long size) {
        throw new NonWritableChannelException();
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    @Override
    public void close() throws IOException {
        open = false;
        in.close();
    }
}
