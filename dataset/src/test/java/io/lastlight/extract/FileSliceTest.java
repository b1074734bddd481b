package io.lastlight.extract;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** A slice of a file read as a file of its own: bounded at both ends, seekable, and a cut-short file ends it early. */
class FileSliceTest {
    @TempDir
    Path tmp;

    private static String read(FileSlice s, int buffer) throws Exception {
        StringBuilder sb = new StringBuilder();
        ByteBuffer b = ByteBuffer.allocate(buffer);
        while (s.read(b.clear()) >= 0) sb.append(new String(b.array(), 0, b.position(), StandardCharsets.US_ASCII));
        return sb.toString();
    }

    @Test
    void readsOnlyItsBytesFromAnyPosition() throws Exception {
        Path f = Files.writeString(tmp.resolve("f"), "headerWARC/1.1 bodytrailer");
        try (FileSlice s = new FileSlice(FileChannel.open(f), 6, 13)) {
            assertEquals(13, s.size());
            assertEquals("WARC/1.1 body", read(s, 4), "small reads stop at the slice's end");
            assertEquals(-1, s.read(ByteBuffer.allocate(8)));
            s.position(5);
            assertEquals("1.1 body", read(s, 1 << 16), "a large buffer gets no byte past the end");
            s.position(100);
            assertEquals(-1, s.read(ByteBuffer.allocate(8)), "a position past the end reads nothing");
            assertThrows(IllegalArgumentException.class, () -> s.position(-1));
            assertThrows(java.nio.channels.NonWritableChannelException.class, () -> s.write(ByteBuffer.allocate(1)));
        }
    }

    @Test
    void aFileShorterThanTheSliceEndsWhereTheFileEnds() throws Exception {
        Path f = Files.writeString(tmp.resolve("cut"), "zipheaderWARC/1.1");
        FileSlice s = new FileSlice(FileChannel.open(f), 9, 1000);
        assertEquals("WARC/1.1", read(s, 64));
        s.close();
        assertFalse(s.isOpen());
        assertThrows(java.nio.channels.ClosedChannelException.class, () -> s.read(ByteBuffer.allocate(1)));
    }
}
