package io.lastlight.extract;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

class MemberProbeTest {
    @TempDir
    Path tmp;

    @Test
    void answersLikeAPositionalReadAtEveryOffsetForwardBackwardAndAcrossWindows() throws Exception {
        int size = MemberProbe.WINDOW * 2 + 7;
        byte[] bytes = new byte[size];
        java.util.Random r = new java.util.Random(7);
        r.nextBytes(bytes);
        // magic numbers at the start, straddling the first window's end, and in the file's last two bytes
        int[] at = {0, 1000, MemberProbe.WINDOW - 1, MemberProbe.WINDOW + 5, size - 2};
        for (int a : at) {
            bytes[a] = (byte) 0x1f;
            bytes[a + 1] = (byte) 0x8b;
        }
        Path f = tmp.resolve("f.warc.gz");
        Files.write(f, bytes);
        try (MemberProbe p = new MemberProbe(WarcFormat.Bytes.of(f)); java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(f)) {
            for (long o = 0; o <= size; o++) assertEquals(WarcFormat.startsWithGzip(ch, o), p.startsMember(o), "offset " + o);
            for (long o = size; o >= 0; o -= 997) assertEquals(WarcFormat.startsWithGzip(ch, o), p.startsMember(o), "offset " + o);
            for (int a : at) assertEquals(true, p.startsMember(a));
            assertEquals(false, p.startsMember(size - 1));
        }
    }
}
