package io.lastlight.build;

import io.lastlight.extract.WarcSource;
import io.lastlight.wacz.WaczWarcs;
import io.lastlight.warc.WarcFileNames;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The local build's WARC inputs: the {@link WarcFolders} rule on the local disk, the WARC files inside WACZ packages
 * ({@link #sources}), and where the WARC files are.
 */
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
        return select(in, ignored, null);
    }

    /** As {@link #select(Path, List)}; WACZ files go to {@code packages} when it is not null ({@link WarcFolders#select(Object, List, List)}). */
    static List<Path> select(Path in, List<String> ignored, List<Path> packages) throws IOException {
        List<Path> out = new java.util.ArrayList<>();
        for (Path w : LOCAL.select(in, ignored, packages)) {
            if (emptyGzip(w)) {
                ignored.add(in.relativize(w).toString().replace('\\', '/') + " (empty file: a gzip stream holding no bytes, no WARC"
                        + " records; copy it again from its source if it should hold some)");
            } else {
                out.add(w);
            }
        }
        return out;
    }

    /**
     * What the local build reads from {@code in}: the WARC files of {@link #select} and the WARC files inside the WACZ
     * packages under it ({@link WaczWarcs}), or inside {@code in} itself when it is a WACZ file; sorted by name (the
     * rows' {@code warc_file}). A WARC file inside a WACZ whose file name is also a WARC file's under {@code in} is
     * ignored with the reason: a WACZ packaged from a crawl holds that crawl's WARC files, and reading both would count
     * every record twice.
     */
    static List<WarcSource> sources(Path in, List<String> ignored) throws IOException {
        List<WarcSource> out = new ArrayList<>();
        List<Path> packages = new ArrayList<>();
        Set<String> onDisk = new HashSet<>();
        Map<String, Path> diskPath = new HashMap<>();
        if (Files.isRegularFile(in)) {
            packages.add(in);
        } else {
            for (Path w : select(in, ignored, packages)) {
                out.add(WarcSource.of(w));
                onDisk.add(w.getFileName().toString());
                diskPath.put(w.getFileName().toString(), w);
            }
        }
        for (Path p : packages) {
            String label = Files.isRegularFile(in) ? in.getFileName().toString() : relative(in, p);
            for (WarcSource s : WaczWarcs.list(p, label, ignored)) {
                String entry = s.name().substring(s.name().indexOf(WarcSource.IN_PACKAGE) + 1);
                String base = entry.substring(entry.lastIndexOf('/') + 1);
                if (onDisk.contains(base)) {
                    ignored.add(label + WarcSource.IN_PACKAGE + entry + " (a WARC file of this name is read from " + relative(in, diskPath.get(base))
                            + ": the WACZ was packaged from it? reading both would count its records twice; to read the"
                            + " WACZ's, give the WACZ alone as --in)");
                } else {
                    out.add(s);
                }
            }
        }
        out.sort(Comparator.comparing(WarcSource::name));
        return out;
    }

    private static String relative(Path in, Path p) {
        return in.relativize(p).toString().replace('\\', '/');
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
        if (Files.isRegularFile(in)) return in.toAbsolutePath().getParent(); // a WACZ given as --in
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
