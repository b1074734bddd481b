package io.lastlight.crawl;

import io.lastlight.core.UserException;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One live crawl process per output folder: an exclusive lock on {@code OUT/crawl.lock}, held for the
 * process's life and released by the operating system when it ends however it ends (so a killed crawl
 * leaves no stale lock behind; the file itself stays). Without it a second process in the same folder
 * (two workers of a shared crawl given one --out) would take the first's live {@code .open} WARC file
 * for one a crash left behind and cut it back, losing captures the first had committed.
 */
final class OutputLock implements AutoCloseable {
    static final String FILE = "crawl.lock";

    private final FileChannel channel;
    private final FileLock lock;

    private OutputLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** Takes the folder's lock, or says which folder is in use and what to do. */
    static OutputLock take(Path out) {
        Path file = out.resolve(FILE);
        FileChannel ch;
        try {
            ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new UserException("cannot create the lock file " + file + " (" + e.getMessage() + "); choose a writable --out", e);
        }
        FileLock lock;
        try {
            lock = ch.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;  // this JVM already holds it
        } catch (IOException e) {
            close(ch);
            throw new UserException("cannot lock " + file + " (" + e.getMessage() + "); choose an --out on a local disk", e);
        }
        if (lock == null) {
            close(ch);
            throw new UserException("another crawl process is running with --out " + out + " (it holds " + file
                    + "); one folder holds one live process: give each worker of a shared crawl its own --out,"
                    + " or stop the other one first");
        }
        return new OutputLock(ch, lock);
    }

    private static void close(FileChannel ch) {
        try {
            ch.close();
        } catch (IOException ignored) {
            // nothing was locked
        }
    }

    @Override
    public void close() {
        try {
            lock.release();
        } catch (IOException ignored) {
            // closing the channel releases it too
        }
        close(channel);
    }
}
