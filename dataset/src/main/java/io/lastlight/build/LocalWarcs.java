package io.lastlight.build;

import io.lastlight.warc.WarcFileNames;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The local build's WARC inputs: the {@link WarcFolders} rule on the local disk, and where the WARC files are. */
final class LocalWarcs {
    private LocalWarcs() {}

    /** {@link WarcFolders} on the local disk. */
    static final WarcFolders<Path> LOCAL = new WarcFolders<>(new WarcFolders.Store<>() {
        @Override
        public List<Path> list(Path dir) throws IOException {
            try (Stream<Path> s = Files.list(dir)) {
                return s.toList();
            }
        }

        @Override
        public boolean isDirectory(Path f) {
            return Files.isDirectory(f);
        }

        @Override
        public Path child(Path dir, String name) {
            return dir.resolve(name);
        }

        @Override
        public String name(Path f) {
            return f.getFileName().toString();
        }

        @Override
        public long size(Path f) throws IOException {
            return Files.size(f);
        }

        @Override
        public Object identity(Path dir) throws IOException {
            return dir.toRealPath();
        }
    });

    /**
     * {@link #LOCAL}'s selection, less the files that hold no bytes once decompressed (a gzip stream of nothing: only
     * reading tells), which go to {@code ignored} as empty files do.
     */
    static List<Path> select(Path in, List<String> ignored) throws IOException {
        List<Path> out = new java.util.ArrayList<>();
        for (Path w : LOCAL.select(in, ignored)) {
            if (emptyGzip(w)) {
                ignored.add(in.relativize(w).toString().replace('\\', '/') + " (empty file: a gzip stream holding no bytes, no WARC"
                        + " records; copy it again from its source if it should hold some)");
            } else {
                out.add(w);
            }
        }
        return out;
    }

    /** Whether {@code f} starts as gzip and decompresses (every member) to nothing; a damaged one is not empty. */
    static boolean emptyGzip(Path f) {
        try (java.io.InputStream raw = Files.newInputStream(f)) {
            byte[] magic = raw.readNBytes(2);
            if (magic.length < 2 || (magic[0] & 0xff) != 0x1f || (magic[1] & 0xff) != 0x8b) return false;
        } catch (IOException e) {
            return false;
        }
        try (java.io.InputStream in = new java.util.zip.GZIPInputStream(Files.newInputStream(f))) {
            return in.read() < 0;
        } catch (IOException e) {
            return false; // damaged: reading it reports what is wrong
        }
    }

    /** Names build reads: see {@link WarcFileNames#isArchive}. */
    static boolean isArchive(String name) {
        return WarcFileNames.isArchive(name);
    }

    /**
     * The folder the WARC files are found in by their names ({@code lastlight evidence}): {@code in/warc} when every
     * one is in it (a crawl's output), else {@code in}.
     */
    static Path warcDir(Path in, List<Path> warcs) {
        Path warc = in.resolve("warc");
        boolean all = Files.isDirectory(warc) && warcs.stream().allMatch(w -> w.startsWith(warc));
        return all ? warc : in;
    }

    /** {@link #warcDir}, relative to the dataset when possible (so both can move together). */
    static String warcDirFor(Path in, List<Path> warcs, Path dataset) {
        Path abs = warcDir(in, warcs).toAbsolutePath().normalize();
        try {
            return dataset.toAbsolutePath().normalize().relativize(abs).toString().replace('\\', '/');
        } catch (IllegalArgumentException e) {
            return abs.toString();
        }
    }
}
