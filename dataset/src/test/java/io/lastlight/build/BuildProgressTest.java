package io.lastlight.build;

import io.lastlight.extract.ExtractionProgress;
import io.lastlight.progress.JobStatus;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The build's live status: bytes of the WARC files read across files extracted side by side, then the derive. */
class BuildProgressTest {
    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);

    @Test
    void extractionIsMeasuredInBytesReadAcrossFilesReadAtOnce() {
        BuildProgress p = new BuildProgress(List.of(1_000L, 3_000L, 4_000L), nanos::get);
        ExtractionProgress a = p.file(0), b = p.file(1);
        a.read(0);
        a.read(500);
        b.read(1_500);
        b.written(256, 100);
        nanos.addAndGet(2_000_000_000L);
        JobStatus.Snapshot s = p.now();
        assertEquals(2_000.0 / 16_000, s.fraction(), 1e-9, "a file is half done when read");
        assertEquals(2_000L, s.fields().get("bytes_done"));
        assertEquals(8_000L, s.fields().get("bytes_total"));
        assertEquals(100L, s.fields().get("posts"));
        assertEquals(256L, s.fields().get("captures"));
        assertEquals(50L, s.fields().get("posts_per_s"));
        assertEquals(14L, s.fields().get("eta_s"), "an eighth in 2 s: 14 s left at that pace");
        assertEquals("12.5% | 2.0/8.0 kB | 0/3 files | 50 posts/s | 14s left", s.figures());

        b.read(3_000);
        a.read(1_000);
        p.file(2).read(4_000);
        JobStatus.Snapshot read = p.now();
        assertEquals(0.5, read.fraction(), 1e-9);
        assertEquals(3, read.fields().get("files_writing"), "all read, none done: their tables are being written");
        assertEquals(2L, read.fields().get("eta_s"));
        assertEquals("50.0% | writing 3 files | 0/3 files | 50 posts/s | 2s left", read.figures());
        a.read(500);
        b.read(1_500);
        p.file(2).read(0);
        p.fileDone(0); // a file done counts whole, whatever its last record's offset was
        a.read(999_999); // a late offset beyond the file (a single-member gzip reports uncompressed positions) is capped
        assertEquals(1_000 + 1_000 + 1_500, p.bytesDone());
        p.fileDone(1);
        p.fileDone(2); // skipped as unchanged
        assertEquals(8_000, p.bytesDone(), "capped at the total");
        assertEquals(1.0, p.now().fraction(), 1e-9);
        assertEquals(3, p.now().fields().get("files_done"));
        assertFalse(p.now().fields().containsKey("eta_s"), "nothing left to estimate");
    }

    @Test
    void noEstimateBeforeOnePercentAndThenTheDeriveCountsTables() {
        BuildProgress p = new BuildProgress(List.of(100_000L), nanos::get);
        p.file(0).read(1_500);
        nanos.addAndGet(1_000_000_000L);
        assertFalse(p.now().fields().containsKey("eta_s"), "the first percent is the JVM warming up");
        p.fileDone(0);
        p.deriving(7);
        nanos.addAndGet(65_000_000_000L);
        JobStatus.Snapshot s = p.now();
        assertEquals(0.0, s.fraction());
        assertEquals("deriving | 0/7 tables | 1m05s", s.figures());
        assertEquals("derive", s.fields().get("phase"));
        assertEquals(65.0, s.fields().get("elapsed_s"));
        p.tableDone();
        p.tableDone();
        s = p.now();
        assertEquals(2.0 / 7, s.fraction(), 1e-9);
        assertEquals("deriving | 2/7 tables | 1m05s", s.figures());
        assertEquals(2, s.fields().get("tables_done"));
    }

    @Test
    void anEmptyInputIsNotDivideByZero() {
        BuildProgress p = new BuildProgress(List.of(0L), nanos::get);
        assertEquals(0.0, p.now().fraction());
        assertEquals("3.20 GB", BuildProgress.bytes(3_200_000_000L));
        assertEquals("0.41/3.20 GB", BuildProgress.bytesOf(410_000_000L, 3_200_000_000L));
        assertEquals("12/800 B", BuildProgress.bytesOf(12, 800));
        assertEquals("2h05m", BuildProgress.duration(7_500));
    }
}
