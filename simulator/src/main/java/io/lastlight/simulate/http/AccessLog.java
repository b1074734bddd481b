package io.lastlight.simulate.http;

import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * One line per request: {@code <monotonic nanos> <status> <path?query> [note]}, space separated. Status 0
 * means the connection was reset without a response. Nanos are System.nanoTime() values at admission
 * (comparable within one run only). Buffered, flushed every 200 ms and on close.
 */
public final class AccessLog implements Closeable {
    private final BufferedWriter out;
    private final ScheduledExecutorService flusher;

    public AccessLog(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) Files.createDirectories(parent);
        this.out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
        this.flusher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "sim-access-log");
            t.setDaemon(true);
            return t;
        });
        flusher.scheduleWithFixedDelay(this::flush, 200, 200, TimeUnit.MILLISECONDS);
    }

    public void log(long nanos, int status, String target, String note) {
        StringBuilder sb = new StringBuilder(96);
        sb.append(nanos).append(' ').append(status).append(' ').append(target.replace(' ', '+').replace('\n', '+'));
        if (note != null) sb.append(' ').append(note);
        sb.append('\n');
        synchronized (out) {
            try {
                out.write(sb.toString());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    public void flush() {
        synchronized (out) {
            try {
                out.flush();
            } catch (IOException ignored) {
                // best effort
            }
        }
    }

    @Override
    public void close() {
        flusher.shutdownNow();
        synchronized (out) {
            try {
                out.close();
            } catch (IOException ignored) {
                // best effort
            }
        }
    }
}
