package io.lastlight.progress;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A long job's events and progress on stderr, as the crawl shows its own: on a terminal, each event's sentence with
 * a live status line (a bar, as wide as the terminal) kept below them and redrawn four times a second; anywhere else
 * (a log file, a pipe, CI), one JSON object per line: {@code {"time":…,"event":…,<figures>,"message":…}} for each
 * event and a {@code progress} event with the status's figures every ten seconds. Thread-safe: events may come from
 * any thread, and a line is never written into the middle of another.
 */
public final class JobLog implements JobEvents, AutoCloseable {
    /** How often the live line is redrawn on a terminal. */
    public static final Duration DRAW_EVERY = Duration.ofMillis(250);
    /** How often a {@code progress} JSON line is written when stderr is not a terminal. */
    public static final Duration JSON_EVERY = Duration.ofSeconds(10);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final PrintStream out;
    private final boolean terminal;
    private final boolean quiet;
    private final int columns;
    private final Clock clock;
    private final Duration every;
    private final Object lock = new Object();
    private volatile JobStatus status;
    private ScheduledExecutorService ticker;
    /** The live line last drawn (null: none), and how many columns of the current screen line it covers. */
    private String shown;
    private int onScreen;

    /**
     * @param terminal whether {@code out} is a terminal (a live line), or a log (JSON lines)
     * @param quiet    nothing at all is written (a {@code --quiet} run: its summary goes to stdout)
     * @param columns  the terminal's width; the live line is at most one less
     * @param every    how often the status is shown: redrawn on a terminal, a {@code progress} line otherwise
     */
    public JobLog(PrintStream out, boolean terminal, boolean quiet, int columns, Clock clock, Duration every) {
        this.out = out;
        this.terminal = terminal;
        this.quiet = quiet;
        this.columns = columns;
        this.clock = clock;
        this.every = every;
    }

    /** On this process's stderr: a live line if it is a terminal ({@link Terminal}), JSON lines if not. */
    public static JobLog stderr(boolean quiet) {
        boolean terminal = Terminal.stderrIsTerminal();
        return new JobLog(System.err, terminal, quiet, Terminal.columns(), Clock.systemUTC(), terminal ? DRAW_EVERY : JSON_EVERY);
    }

    public boolean terminal() {
        return terminal;
    }

    @Override
    public void event(String type, Map<String, ?> fields, String text) {
        if (quiet) return;
        synchronized (lock) {
            if (terminal) {
                clearLine();
                out.println(text);
                if (shown != null) draw(shown);
            } else {
                out.println(json(type, fields, text));
            }
            out.flush();
        }
    }

    @Override
    public void status(JobStatus status) {
        this.status = status;
        synchronized (lock) {
            if (status == null && shown != null) { // nothing to show any more: the live line goes
                clearLine();
                shown = null;
                out.flush();
            }
            if (status == null || quiet || ticker != null) return;
            ticker = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "lastlight-progress");
                t.setDaemon(true);
                return t;
            });
            long ms = Math.max(1, every.toMillis());
            ticker.scheduleAtFixedRate(this::tick, ms, ms, TimeUnit.MILLISECONDS);
        }
    }

    /** Shows the status now: redraws the live line, or writes a {@code progress} line. */
    void tick() {
        JobStatus s = status;
        if (s == null || quiet) return;
        JobStatus.Snapshot now;
        try {
            now = s.now();
        } catch (RuntimeException e) {
            return; // a status that cannot be read now is shown at the next tick; the job itself is not disturbed
        }
        if (now == null) return;
        synchronized (lock) {
            if (status != s) return; // replaced or withdrawn meanwhile: this snapshot is stale
            if (terminal) draw(Terminal.fit(now.fraction(), now.figures(), columns));
            else out.println(json("progress", now.fields(), null));
            out.flush();
        }
    }

    /** Stops showing the status; on a terminal the live line is drawn once more and left on screen, ended. */
    @Override
    public void close() {
        ScheduledExecutorService t;
        synchronized (lock) {
            t = ticker;
            ticker = null;
        }
        if (t != null) {
            t.shutdownNow();
            try {
                t.awaitTermination(1, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (terminal && status != null) tick();
        synchronized (lock) {
            if (shown != null) {
                out.println();
                out.flush();
                shown = null;
                onScreen = 0;
            }
        }
        status = null;
    }

    private String json(String type, Map<String, ?> fields, String text) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("time", clock.instant().toString());
        m.put("event", type);
        if (fields != null) m.putAll(fields);
        if (text != null) m.put("message", text);
        try {
            return JSON.writeValueAsString(m);
        } catch (JsonProcessingException e) {
            return "{\"event\":\"log-error\",\"message\":\"" + type + "\"}";
        }
    }

    /** Draws {@code line} over the live line, blanking what is left of a longer one. Call with the lock held. */
    private void draw(String line) {
        out.print("\r" + line + " ".repeat(Math.max(0, onScreen - line.length())));
        shown = line;
        onScreen = Math.max(onScreen, line.length());
    }

    /** Blanks the live line and returns to its start, so a sentence can take the line. Call with the lock held. */
    private void clearLine() {
        if (onScreen == 0) return;
        out.print("\r" + " ".repeat(onScreen) + "\r");
        onScreen = 0;
    }
}
