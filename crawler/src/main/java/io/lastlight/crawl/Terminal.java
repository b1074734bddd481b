package io.lastlight.crawl;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Whether the stream progress goes to (stderr) is a terminal, and how wide the terminal is.
 *
 * <p>{@code System.console()} is not the answer: on JDK 17 it is non-null when stdin and stdout are terminals, so
 * {@code crawl ... 2> log} run from a shell drew the live bar ({@code \r[####...]}) into the log instead of JSON
 * lines. On Linux {@code /proc/self/fd/2} links to the device stderr writes to: a terminal is {@code /dev/pts/N} or
 * {@code /dev/tty*}; a file, pipe or socket is not. Where that cannot be read (no /proc) stderr is taken for not a
 * terminal: JSON lines are right in a log and still readable on a screen, a bar in a log is not.
 */
final class Terminal {
    /** Columns when {@code COLUMNS} is unset or not a usable number. */
    static final int DEFAULT_COLUMNS = 80;
    private static final Path STDERR = Path.of("/proc/self/fd/2");

    private Terminal() {}

    /** Whether this process's stderr is a terminal. */
    static boolean stderrIsTerminal() {
        return isTerminal(device(STDERR));
    }

    /** The file a {@code /proc/self/fd/N}-style link points to, or null if it cannot be read. */
    static String device(Path fdLink) {
        try {
            return Files.readSymbolicLink(fdLink).toString();
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return null;
        }
    }

    /** Whether {@code device} (what a file descriptor points to) is a terminal: a pseudo-terminal or a tty. */
    static boolean isTerminal(String device) {
        return device != null && (device.startsWith("/dev/pts/") || device.startsWith("/dev/tty") || device.equals("/dev/console"));
    }

    /** The terminal's width from the {@code COLUMNS} environment value, or {@link #DEFAULT_COLUMNS}. */
    static int columns(String env) {
        if (env == null) return DEFAULT_COLUMNS;
        try {
            int c = Integer.parseInt(env.trim());
            return c >= 20 && c <= 10_000 ? c : DEFAULT_COLUMNS;
        } catch (NumberFormatException e) {
            return DEFAULT_COLUMNS;
        }
    }
}
