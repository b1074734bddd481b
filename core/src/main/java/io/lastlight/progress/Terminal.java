package io.lastlight.progress;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Whether the stream progress goes to (stderr) is a terminal, how wide the terminal is, and a status line fitted to
 * that width. Long commands draw a live bar on a terminal and write JSON lines anywhere else.
 *
 * <p>{@code System.console()} is not the answer: on JDK 17 it is non-null when stdin and stdout are terminals, so
 * {@code crawl ... 2> log} run from a shell drew the live bar ({@code \r[####...]}) into the log instead of JSON
 * lines. The {@code lastlight} launcher asks the shell ({@code [ -t 2 ]}, which works on every Unix) and passes the
 * answer as {@value #TERMINAL_PROPERTY}, with the width from {@code stty size} as {@value #COLUMNS_PROPERTY} (an
 * interactive shell's {@code COLUMNS} is usually not exported). Run as {@code java -jar}, on Linux
 * {@code /proc/self/fd/2} links to the device stderr writes to: a terminal is {@code /dev/pts/N} or {@code /dev/tty*};
 * a file, pipe or socket is not. Where neither says, stderr is taken for not a terminal: JSON lines are right in a
 * log and still readable on a screen, a bar in a log is not.
 */
public final class Terminal {
    /** Columns when neither {@value #COLUMNS_PROPERTY} nor {@code COLUMNS} gives a usable number. */
    public static final int DEFAULT_COLUMNS = 80;
    /** System property the launcher sets: {@code true} when stderr is a terminal, {@code false} when not. */
    public static final String TERMINAL_PROPERTY = "lastlight.stderr.terminal";
    /** System property the launcher sets to the terminal's width when stderr is one. */
    public static final String COLUMNS_PROPERTY = "lastlight.columns";
    private static final Path STDERR = Path.of("/proc/self/fd/2");

    private Terminal() {}

    /** Whether this process's stderr is a terminal: the launcher's answer, else the device {@code /proc} names. */
    public static boolean stderrIsTerminal() {
        return stderrIsTerminal(System.getProperty(TERMINAL_PROPERTY), STDERR);
    }

    /** As {@link #stderrIsTerminal()}: {@code told} (the property; null: not set) first, then {@code fdLink}. */
    static boolean stderrIsTerminal(String told, Path fdLink) {
        if (told != null && !told.isBlank()) return Boolean.parseBoolean(told.trim());
        return isTerminal(device(fdLink));
    }

    /** The file a {@code /proc/self/fd/N}-style link points to, or null if it cannot be read. */
    public static String device(Path fdLink) {
        try {
            return Files.readSymbolicLink(fdLink).toString();
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return null;
        }
    }

    /** Whether {@code device} (what a file descriptor points to) is a terminal: a pseudo-terminal or a tty. */
    public static boolean isTerminal(String device) {
        return device != null && (device.startsWith("/dev/pts/") || device.startsWith("/dev/tty") || device.equals("/dev/console"));
    }

    /** This terminal's width: {@value #COLUMNS_PROPERTY}, else {@code COLUMNS}, else {@link #DEFAULT_COLUMNS}. */
    public static int columns() {
        String told = System.getProperty(COLUMNS_PROPERTY);
        return columns(told != null && !told.isBlank() ? told : System.getenv("COLUMNS"));
    }

    /** The terminal's width from a {@code COLUMNS}-style value, or {@link #DEFAULT_COLUMNS}. */
    public static int columns(String env) {
        if (env == null) return DEFAULT_COLUMNS;
        try {
            int c = Integer.parseInt(env.trim());
            return c >= 20 && c <= 10_000 ? c : DEFAULT_COLUMNS;
        } catch (NumberFormatException e) {
            return DEFAULT_COLUMNS;
        }
    }

    /**
     * A live line within {@code columns - 1} characters: a bar of 10 to 30 cells where the figures leave room (none
     * where they leave less than 10, or when {@code frac} is NaN: nothing to measure yet), then the figures, cut at the
     * width if they alone are wider.
     */
    public static String fit(double frac, String figures, int columns) {
        int max = Math.max(1, columns - 1);
        int width = Math.min(30, max - figures.length() - 3);
        String line = figures;
        if (width >= 10 && !Double.isNaN(frac)) {
            int filled = (int) Math.round(Math.max(0, Math.min(1, frac)) * width);
            line = "[" + "#".repeat(filled) + ".".repeat(width - filled) + "] " + figures;
        }
        return line.length() > max ? line.substring(0, max) : line;
    }
}
