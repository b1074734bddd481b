package io.lastlight.progress;

import java.util.Map;

/** A long job's status as of now, asked for by {@link JobLog} a few times a second on a terminal, less often otherwise. */
@FunctionalInterface
public interface JobStatus {
    /** The status now; called from the log's own thread, so it reads only what is safe to read there. */
    Snapshot now();

    /**
     * @param fraction how much of the job is done, 0 to 1 (NaN: not known; no bar is drawn)
     * @param figures  the status line's text after the bar
     * @param fields   the same as JSON values, for a {@code progress} event
     */
    record Snapshot(double fraction, String figures, Map<String, ?> fields) {}
}
