package io.lastlight.build;

import io.lastlight.extract.ExtractionProgress;
import io.lastlight.progress.JobStatus;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.LongSupplier;

/**
 * A build's live status: while files are extracted, the bytes of the WARC files read of all there are (compressed, as
 * stored: what the reader gets through), files done, rows written, posts per second and the time left at that pace
 * (a file is half done when read, whole when its sorted tables are written); then the derived tables. Updated from the extraction threads, read from the log's.
 */
final class BuildProgress implements JobStatus {
    private final LongSupplier nanos;
    private final long[] sizes;
    private final long bytesTotal;
    private final long start;
    /** Per file, how far its reader has got (0 once the file is done: its size is in {@link #settled} then). */
    private final AtomicLongArray at;
    private final AtomicLong settled = new AtomicLong();
    private final AtomicInteger filesDone = new AtomicInteger();
    private final AtomicLong captures = new AtomicLong();
    private final AtomicLong posts = new AtomicLong();
    private volatile long deriveStart = -1;
    private volatile int tables;
    private final AtomicInteger tablesDone = new AtomicInteger();

    /**
     * @param sizes each WARC file's size in bytes, in the build's order
     * @param nanos a monotonic clock in nanoseconds ({@code System::nanoTime})
     */
    BuildProgress(List<Long> sizes, LongSupplier nanos) {
        this.nanos = nanos;
        this.sizes = sizes.stream().mapToLong(s -> Math.max(0, s)).toArray();
        long total = 0;
        for (long s : this.sizes) total += s;
        this.bytesTotal = total;
        this.at = new AtomicLongArray(this.sizes.length);
        this.start = nanos.getAsLong();
    }

    /** What the extraction of file {@code i} tells. */
    ExtractionProgress file(int i) {
        return new ExtractionProgress() {
            @Override
            public void read(long bytes) {
                at.set(i, Math.min(Math.max(0, bytes), sizes[i]));
            }

            @Override
            public void written(int c, int p) {
                captures.addAndGet(c);
                posts.addAndGet(p);
            }
        };
    }

    /** File {@code i} is extracted, or skipped as unchanged: all of it counts as read. */
    void fileDone(int i) {
        settled.addAndGet(sizes[i]);
        at.set(i, 0);
        filesDone.incrementAndGet();
    }

    /** Extraction is over; {@code n} derived tables are being made. */
    void deriving(int n) {
        tables = n;
        deriveStart = nanos.getAsLong();
    }

    /** One derived table is written. */
    void tableDone() {
        tablesDone.incrementAndGet();
    }

    long bytesDone() {
        long done = settled.get();
        for (int i = 0; i < at.length(); i++) done += at.get(i);
        return Math.min(done, bytesTotal);
    }

    @Override
    public Snapshot now() {
        long now = nanos.getAsLong();
        Map<String, Object> f = new LinkedHashMap<>();
        if (deriveStart >= 0) {
            double s = (now - deriveStart) / 1e9;
            f.put("phase", "derive");
            f.put("elapsed_s", round1(s));
            f.put("tables", tables);
            int done = Math.min(tablesDone.get(), tables);
            f.put("tables_done", done);
            // tables differ in size (posts takes the longest): a count, not a time estimate
            return new Snapshot(tables == 0 ? Double.NaN : (double) done / tables,
                    String.format(Locale.ROOT, "deriving | %d/%d tables | %s", done, tables, duration(s)), f);
        }
        double s = Math.max(1e-3, (now - start) / 1e9);
        long read = bytesDone();
        // Half the work of a file is reading and parsing it, the other half (the sorted tables, written when the file
        // is read) lags behind: a file counts half when read and whole when done. The fraction is 1 only at the end.
        double frac = bytesTotal == 0 ? (double) filesDone.get() / Math.max(1, sizes.length)
                : (read + Math.min(settled.get(), bytesTotal)) / (2.0 * bytesTotal);
        long p = posts.get();
        double rate = p / s;
        // the pace so far, from 1% on: the first percent is mostly the JVM warming up
        double left = frac >= 0.01 && frac < 1 ? s * (1 - frac) / frac : Double.NaN;
        int writing = read == bytesTotal ? sizes.length - filesDone.get() : 0; // every byte read, files not done yet
        f.put("phase", "extract");
        f.put("elapsed_s", round1(s));
        f.put("bytes_done", read);
        f.put("bytes_total", bytesTotal);
        f.put("files_done", filesDone.get());
        f.put("files_total", sizes.length);
        if (writing > 0) f.put("files_writing", writing);
        f.put("captures", captures.get());
        f.put("posts", p);
        f.put("posts_per_s", Math.round(rate));
        if (!Double.isNaN(left)) f.put("eta_s", Math.round(left));
        // short enough for a bar beside it on an 80-column terminal; the posts so far are in the JSON and the step lines
        String where = writing > 0 ? "writing " + writing + (writing == 1 ? " file" : " files") : bytesOf(read, bytesTotal);
        String figures = String.format(Locale.ROOT, "%.1f%% | %s | %d/%d files | %,.0f posts/s%s", frac * 100, where,
                filesDone.get(), sizes.length, rate, Double.isNaN(left) ? "" : " | " + duration(left) + " left");
        return new Snapshot(frac, figures, f);
    }

    private static double round1(double v) {
        return Math.round(v * 10) / 10.0;
    }

    static String duration(double seconds) {
        long s = Math.round(seconds);
        if (s < 60) return s + "s";
        if (s < 3600) return String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
        return String.format(Locale.ROOT, "%dh%02dm", s / 3600, (s % 3600) / 60);
    }

    /** "3.21/7.10 GB": both in the total's unit. */
    static String bytesOf(long done, long total) {
        String t = bytes(total);
        String unit = t.substring(t.indexOf(' ') + 1);
        double scale = switch (unit) {
            case "GB" -> 1e9;
            case "MB" -> 1e6;
            case "kB" -> 1e3;
            default -> 1;
        };
        String d = scale == 1 ? Long.toString(done) : String.format(Locale.ROOT, unit.equals("GB") ? "%.2f" : "%.1f", done / scale);
        return d + "/" + t;
    }

    static String bytes(long b) {
        if (b < 1000) return b + " B";
        if (b < 1_000_000) return String.format(Locale.ROOT, "%.1f kB", b / 1e3);
        if (b < 1_000_000_000) return String.format(Locale.ROOT, "%.1f MB", b / 1e6);
        return String.format(Locale.ROOT, "%.2f GB", b / 1e9);
    }
}
