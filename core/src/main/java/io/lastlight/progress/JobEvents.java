package io.lastlight.progress;

import java.util.Map;
import java.util.function.Consumer;

/**
 * Where a long job reports what it is doing: named events with their figures and a sentence for people, and a live
 * status it can be asked for at any time. {@link JobLog} shows them on a terminal or writes JSON lines; a caller that
 * only wants the sentences (a test, the demo) wraps a {@code Consumer<String>} with {@link #text}.
 */
public interface JobEvents {
    /**
     * One event: {@code type} names it ({@code extracted}, {@code derived}, ...), {@code fields} are its figures
     * (JSON values), {@code text} says it in a sentence.
     */
    void event(String type, Map<String, ?> fields, String text);

    /** A sentence with no figures of its own (a warning, a retry): an event of type {@code log}. */
    default void log(String text) {
        event("log", Map.of(), text);
    }

    /**
     * The job's live status from now on, shown until replaced or the log is closed; null: none any more (a live line
     * on a terminal is blanked). Ignored by default.
     */
    default void status(JobStatus status) {}

    /** The sentences only, to {@code sink} (one call at a time, whatever thread reports). */
    static JobEvents text(Consumer<String> sink) {
        Object lock = new Object();
        return (type, fields, text) -> {
            synchronized (lock) {
                sink.accept(text);
            }
        };
    }
}
