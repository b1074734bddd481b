package io.lastlight.crawl;

import io.lastlight.frontier.FrontierStats;
import io.lastlight.progress.Terminal;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Shows a crawl's progress: a live status line when stderr is a terminal ({@link Terminal}), as wide as the terminal
 * ({@link Terminal#columns()}) and kept below the log's events ({@link CrawlLog.LiveLine}); periodic one-line JSON
 * otherwise; and a final summary either way.
 */
public final class Progress implements CrawlLog.LiveLine {
    private final PrintStream out;
    private final boolean terminal;
    private final boolean silent;
    private final int columns;
    private final CountDownLatch finished = new CountDownLatch(1);
    /** The live line last drawn (null: none), and how many columns of the current line are written. */
    private String shown;
    private int onScreen;

    public Progress(PrintStream out, boolean terminal, boolean silent) {
        this(out, terminal, silent, Terminal.columns());
    }

    /** @param columns the terminal's width: the live line is at most one less (no wrap) */
    public Progress(PrintStream out, boolean terminal, boolean silent, int columns) {
        this.out = out;
        this.terminal = terminal;
        this.silent = silent;
        this.columns = columns;
    }

    boolean terminal() {
        return terminal;
    }

    private java.time.Instant deadline;
    /** The crawl's clock, for the time a pause has left ({@link #clock(java.time.Clock)}). */
    private java.time.Clock clock = java.time.Clock.systemUTC();

    /** Reads the time a pause has left on {@code c}, the crawl's clock (the pause's end is on it). */
    public Progress clock(java.time.Clock c) {
        this.clock = c;
        return this;
    }
    private long lastCaptures;
    private long lastNanos = System.nanoTime();
    private double recentRate;

    public static Progress auto(boolean silent) {
        return new Progress(System.err, Terminal.stderrIsTerminal(), silent);
    }

    /** As {@link #auto(boolean)}, showing the time left until {@code deadline} (null: none). */
    public static Progress auto(boolean silent, java.time.Instant deadline) {
        Progress p = auto(silent);
        p.deadline = deadline;
        return p;
    }

    public void tick(CrawlStats s, FrontierStats f) {
        tick(s, f, null);
    }

    /** As above, with the deadline plan: projected coverage per tier at the deadline. */
    public void tick(CrawlStats s, FrontierStats f, io.lastlight.schedule.Projection plan) {
        if (silent) return;
        double t = Math.max(0.001, s.elapsedSeconds());
        if (terminal) {
            long total = f.total();
            double frac = total == 0 ? 0 : (double) (f.done() + f.failed()) / total;
            long now = System.nanoTime();
            long caps = s.captures.get();
            double dt = (now - lastNanos) / 1e9;
            if (dt > 0.2) {
                double r = (caps - lastCaptures) / dt;
                recentRate = recentRate == 0 ? r : 0.7 * recentRate + 0.3 * r;
                lastCaptures = caps;
                lastNanos = now;
            }
            String left = "";
            if (deadline != null) {
                long secs = Math.max(0, java.time.Duration.between(java.time.Instant.now(), deadline).getSeconds());
                left = String.format(Locale.ROOT, " | %dh%02dm left", secs / 3600, (secs % 3600) / 60);
            }
            StringBuilder planLine = new StringBuilder();
            if (plan != null && deadline != null) {
                planLine.append(" | by deadline:");
                for (var tp : plan.tiers()) {
                    planLine.append(String.format(Locale.ROOT, " %s %.0f%%", tp.tier().label(), tp.coverageAtDeadline() * 100));
                }
            }
            String figures = String.format(Locale.ROOT, "%5.1f%% | %.1f captures/s | queue %d | done %d failed %d | 429s %d | %s%s%s%s",
                    frac * 100, recentRate, f.queued(), f.done(), f.failed(), s.status429.get(), bytes(s.bytes.get()),
                    paused(s.waiting), left, planLine);
            draw(Terminal.fit(frac, figures, columns));
        } else {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("elapsed_s", Math.round(t * 10) / 10.0);
            m.put("requests", s.requests.get());
            m.put("captures", s.captures.get());
            m.put("captures_per_s", Math.round(s.captures.get() / t * 10) / 10.0);
            m.put("queued", f.queued());
            m.put("done", f.done());
            m.put("failed", f.failed());
            m.put("retries", s.retries.get());
            m.put("status_429", s.status429.get());
            m.put("bytes", s.bytes.get());
            CrawlStats.Waiting w = s.waiting;
            if (w != null) {
                Map<String, Object> p = new LinkedHashMap<>();
                p.put("host", w.host());
                p.put("reason", w.reason());
                p.put("until", w.until().toString());
                p.put("seconds_left", secondsLeft(w));
                m.put("paused", p);
            }
            if (plan != null && Double.isFinite(plan.secondsLeft())) { // no deadline, no plan to report
                m.put("throughput_per_s", Math.round(plan.throughputPerSecond() * 10) / 10.0);
                m.put("seconds_left", Math.round(plan.secondsLeft()));
                m.put("projected_coverage_at_deadline", projected(plan));
            }
            CrawlLog.line("progress", m);
        }
    }

    /** The bar's note of a long wait (" | paused: retry-after 42s"), or "". */
    private String paused(CrawlStats.Waiting w) {
        if (w == null) return "";
        return String.format(Locale.ROOT, " | paused: %s %.0fs", w.reason(), Math.ceil(secondsLeft(w)));
    }

    /** Seconds a wait has left on the crawl's clock (0.1 s steps). */
    private double secondsLeft(CrawlStats.Waiting w) {
        return Math.max(0, Math.round(java.time.Duration.between(clock.instant(), w.until()).toMillis() / 100.0) / 10.0);
    }

    /** Draws {@code line} over the live line, blanking what is left of a longer one. */
    private void draw(String line) {
        synchronized (CrawlLog.LOCK) {
            if (shown == null) CrawlLog.live(this);
            out.print("\r" + line + " ".repeat(Math.max(0, onScreen - line.length())));
            out.flush();
            shown = line;
            onScreen = Math.max(onScreen, line.length());
        }
    }

    @Override
    public void clear() {
        if (onScreen == 0) return;
        out.print("\r" + " ".repeat(onScreen) + "\r");
        out.flush();
        onScreen = 0;
    }

    @Override
    public void redraw() {
        if (shown == null) return;
        out.print(shown);
        out.flush();
        onScreen = shown.length();
    }

    /** Leaves the live line on screen as it last was and ends it: what is printed next starts a line of its own. */
    private void endLiveLine() {
        synchronized (CrawlLog.LOCK) {
            if (shown == null) return;
            CrawlLog.live(null);
            out.println();
            out.flush();
            shown = null;
            onScreen = 0;
        }
    }

    /** Tier label → projected coverage at the deadline (4 decimals). */
    static Map<String, Object> projected(io.lastlight.schedule.Projection plan) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (var t : plan.tiers()) m.put(t.tier().label(), Math.round(t.coverageAtDeadline() * 10000) / 10000.0);
        return m;
    }

    public void finished(CrawlSummary summary) {
        try {
            endLiveLine();
            if (silent) return;
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("outcome", summary.outcome().name().toLowerCase(Locale.ROOT));
            m.put("elapsed_s", Math.round(summary.stats().elapsedSeconds() * 10) / 10.0);
            m.put("requests", summary.stats().requests.get());
            m.put("captures", summary.stats().captures.get());
            m.put("done", summary.frontier().done());
            m.put("failed", summary.frontier().failed());
            m.put("queued", summary.frontier().queued());
            m.put("retries", summary.stats().retries.get());
            m.put("status_429", summary.stats().status429.get());
            m.put("blocked", summary.stats().blocked.get());
            m.put("truncated", summary.stats().truncated.get());
            m.put("bytes", summary.stats().bytes.get());
            SeedWatch.Report seeds = summary.seeds();
            if (seeds != null && !seeds.seeds().isEmpty()) {
                m.put("seeds_resolved", seeds.resolved().size());
                if (!seeds.failed().isEmpty()) m.put("seeds_failed", seeds.failed());
            }
            CrawlLog.line("summary", m);
        } finally {
            finished.countDown();
        }
    }

    /** The crawl ended with an error before a summary: release the shutdown hook. */
    public void abandoned() {
        endLiveLine();
        finished.countDown();
    }

    /** Used by the shutdown hook: wait (bounded) for the crawl to close its files. */
    public void awaitFinished() {
        try {
            finished.await(2, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String bytes(long b) {
        if (b < 1024) return b + " B";
        if (b < 1 << 20) return String.format(Locale.ROOT, "%.1f KiB", b / 1024.0);
        if (b < 1 << 30) return String.format(Locale.ROOT, "%.1f MiB", b / 1048576.0);
        return String.format(Locale.ROOT, "%.2f GiB", b / 1073741824.0);
    }
}
