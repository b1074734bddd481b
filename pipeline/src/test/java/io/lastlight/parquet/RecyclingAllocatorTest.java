package io.lastlight.parquet;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

class RecyclingAllocatorTest {
    @Test
    void handsOutExactlyTheSizeAskedForAndReusesReleasedArrays() {
        RecyclingAllocator a = new RecyclingAllocator(1 << 20);
        ByteBuffer b = a.allocate(5000);
        assertEquals(0, b.position());
        assertEquals(5000, b.limit());
        assertEquals(5000, b.capacity());
        assertEquals(0, b.arrayOffset());
        assertFalse(a.isDirect());
        b.put(new byte[] {1, 2, 3});
        byte[] array = b.array();
        a.release(b);
        assertEquals(8192, a.pooledBytes());

        ByteBuffer again = a.allocate(6000); // same size class (8 KiB)
        assertSame(array, again.array());
        assertEquals(0, again.position());
        assertEquals(6000, again.remaining());
        assertEquals(0, a.pooledBytes());
        assertNotSame(array, a.allocate(6000).array()); // the pool is empty now: a new array
    }

    @Test
    void aBufferReleasedTwiceIsHandedOutOnce() {
        RecyclingAllocator a = new RecyclingAllocator(1 << 20);
        ByteBuffer b = a.allocate(10_000);
        a.release(b);
        a.release(b);
        assertEquals(16384, a.pooledBytes());
        ByteBuffer first = a.allocate(10_000);
        ByteBuffer second = a.allocate(10_000);
        assertNotSame(first.array(), second.array());
    }

    @Test
    void smallBuffersAndReleasesBeyondTheCapGoToTheCollector() {
        RecyclingAllocator a = new RecyclingAllocator(16384);
        ByteBuffer small = a.allocate(100);
        assertEquals(100, small.array().length);
        a.release(small);
        assertEquals(0, a.pooledBytes());

        ByteBuffer one = a.allocate(9000), two = a.allocate(9000); // 16 KiB arrays each
        a.release(one);
        a.release(two); // would make 32 KiB: beyond the cap, left to the collector
        assertEquals(16384, a.pooledBytes());
        assertSame(one.array(), a.allocate(9000).array());
        assertEquals(0, a.pooledBytes());
        a.release(ByteBuffer.allocate(12_345)); // not one of ours (not a power of two): ignored
        assertEquals(0, a.pooledBytes());
    }

    @Test
    void sizeClassesArePowersOfTwoWithinTheirBounds() {
        assertEquals(-1, RecyclingAllocator.shiftFor(4095));
        assertEquals(12, RecyclingAllocator.shiftFor(4096));
        assertEquals(13, RecyclingAllocator.shiftFor(4097));
        assertEquals(26, RecyclingAllocator.shiftFor(1 << 26));
        assertEquals(-1, RecyclingAllocator.shiftFor((1 << 26) + 1));
        assertEquals(0, new RecyclingAllocator(0).allocate(0).capacity());
    }
}
