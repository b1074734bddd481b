package io.lastlight.parquet;

import java.io.Closeable;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * A {@link TableWriter} fed from its own thread: batches of rows are encoded in the order they were
 * handed over, while the caller goes on reading and parsing. At most {@link #MAX_PENDING} batches wait,
 * so memory stays bounded whatever the input size. The first failure is re-thrown to the caller on the
 * next call, and the file is then never committed.
 */
public final class AsyncTableWriter implements Closeable {
    public static final int MAX_PENDING = 4;

    private final TableWriter writer;
    private final ExecutorService thread;
    private final Semaphore pending = new Semaphore(MAX_PENDING);
    private volatile Throwable failure;

    public AsyncTableWriter(TableWriter writer, String name) {
        this.writer = writer;
        this.thread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "parquet-" + name);
            t.setDaemon(true);
            return t;
        });
    }

    /** Queues rows for writing (blocks while {@link #MAX_PENDING} batches are waiting). */
    public void write(List<Row> rows) throws IOException {
        check();
        if (rows.isEmpty()) return;
        try {
            pending.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while writing " + writer.target());
        }
        thread.execute(() -> {
            try {
                for (Row r : rows) {
                    if (failure != null) break; // a failure, or close(): stop at the next row
                    writer.write(r);
                }
            } catch (Throwable t) {
                failure = t;
            } finally {
                pending.release();
            }
        });
    }

    /** Waits for every queued row, finishes the file and moves it into place; returns the row count. */
    public long commit() throws IOException {
        return commit(Map.of());
    }

    /** As {@link #commit()}, adding key-value metadata known only now to the file's footer. */
    public long commit(Map<String, String> lateMetadata) throws IOException {
        Future<Long> f = commitAsync(lateMetadata);
        drain();
        check();
        return Futures.get(f);
    }

    /**
     * Finishes the file on the writer's own thread, after every queued row (including a sort pass if rows
     * were out of key order), so the files of one WARC file are finished side by side; the future gives the
     * row count. No row may be written after this.
     */
    public Future<Long> commitAsync(Map<String, String> lateMetadata) throws IOException {
        check();
        CompletableFuture<Long> done = new CompletableFuture<>();
        thread.execute(() -> {
            try {
                if (failure != null) throw failure;
                lateMetadata.forEach(writer::putMetadata);
                writer.commit();
                done.complete(writer.rows());
            } catch (Throwable t) {
                if (failure == null) failure = t;
                done.completeExceptionally(t);
            }
        });
        thread.shutdown();
        return done;
    }

    private void drain() throws IOException {
        thread.shutdown();
        try {
            while (!thread.awaitTermination(1, TimeUnit.MINUTES)) {
                // keep waiting: a big row group can take a while to compress
            }
        } catch (InterruptedException e) {
            thread.shutdownNow();
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while finishing " + writer.target());
        }
    }

    private void check() throws IOException {
        Throwable t = failure;
        if (t == null) return;
        if (t instanceof IOException io) throw io;
        if (t instanceof RuntimeException re) throw re;
        if (t instanceof Error err) throw err;
        throw new IOException(t);
    }

    /**
     * Stops the thread and deletes the temporary file unless {@link #commit()} succeeded. The file is closed only once
     * the thread has ended (it stops at its next row; a commit under way finishes, or fails at its next write if this
     * thread is interrupted), so nothing writes the file after it is closed, interrupt or not.
     */
    @Override
    public void close() throws IOException {
        failure = failure == null ? new IOException("closed") : failure;
        thread.shutdown();
        boolean interrupted = awaitStopped();
        try {
            writer.close(); // with the interrupt cleared: it would fail the file's channel before the file is deleted
        } finally {
            if (interrupted) Thread.currentThread().interrupt(); // kept for the caller
        }
    }

    /** Waits for the thread to end; an interrupt stops its work at once. Clears the interrupt and says whether there was one. */
    private boolean awaitStopped() {
        boolean interrupted = Thread.interrupted();
        if (interrupted) thread.shutdownNow();
        while (!thread.isTerminated()) {
            try {
                thread.awaitTermination(1, TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                interrupted = true;
                thread.shutdownNow();
            }
        }
        return interrupted;
    }
}
