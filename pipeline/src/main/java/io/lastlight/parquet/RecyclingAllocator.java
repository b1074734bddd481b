package io.lastlight.parquet;

import org.apache.parquet.bytes.ByteBufferAllocator;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * Heap buffers for one Parquet writer that are handed out again after parquet-mr releases them. Every data page
 * of every column fills fresh buffers that are released when the page is flushed; allocating them anew (the
 * default allocator) means zeroing a new array each time and, for pages that live until the next young
 * collection, copying them. Buffers of 4 KiB and more come from power-of-two arrays, handed out as a slice of
 * exactly the size asked for, and up to {@code maxPooledBytes} of released arrays are kept for reuse; smaller
 * requests and releases beyond the cap go to and from the garbage collector as before. The bytes written are
 * the same whatever buffer they pass through. Not thread-safe: one writer, one thread.
 */
final class RecyclingAllocator implements ByteBufferAllocator {
    /** Smallest size class pooled (2^12 = 4 KiB): smaller buffers are cheap to allocate. */
    static final int MIN_SHIFT = 12;
    /** Largest size class pooled (2^26 = 64 MiB). */
    static final int MAX_SHIFT = 26;

    private final long maxPooledBytes;
    @SuppressWarnings("unchecked")
    private final ArrayDeque<byte[]>[] free = new ArrayDeque[MAX_SHIFT + 1];
    /** The arrays now in the pool, so that a buffer released twice is not handed out twice. */
    private final Map<byte[], Boolean> pooled = new IdentityHashMap<>();
    private long pooledBytes;

    RecyclingAllocator(long maxPooledBytes) {
        this.maxPooledBytes = maxPooledBytes;
    }

    @Override
    public ByteBuffer allocate(int size) {
        if (size < 0) throw new IllegalArgumentException("negative buffer size " + size);
        int shift = shiftFor(size);
        if (shift < 0) return ByteBuffer.allocate(size);
        ArrayDeque<byte[]> list = free[shift];
        byte[] array = list == null ? null : list.poll();
        if (array != null) {
            pooled.remove(array);
            pooledBytes -= array.length;
        } else {
            array = new byte[1 << shift];
        }
        return ByteBuffer.wrap(array).slice(0, size);
    }

    @Override
    public void release(ByteBuffer b) {
        if (b == null || !b.hasArray() || b.arrayOffset() != 0) return;
        byte[] array = b.array();
        int n = array.length;
        if (Integer.bitCount(n) != 1) return;
        int shift = Integer.numberOfTrailingZeros(n);
        if (shift < MIN_SHIFT || shift > MAX_SHIFT || pooledBytes + n > maxPooledBytes) return;
        if (pooled.put(array, Boolean.TRUE) != null) return; // released twice: already pooled once
        if (free[shift] == null) free[shift] = new ArrayDeque<>();
        free[shift].push(array);
        pooledBytes += n;
    }

    @Override
    public boolean isDirect() {
        return false;
    }

    /** Bytes of released arrays held for reuse. */
    long pooledBytes() {
        return pooledBytes;
    }

    /** The pooled size class for {@code size} bytes, or -1 if such buffers are not pooled. */
    static int shiftFor(int size) {
        if (size < (1 << MIN_SHIFT) || size > (1 << MAX_SHIFT)) return -1;
        return 32 - Integer.numberOfLeadingZeros(size - 1);
    }
}
