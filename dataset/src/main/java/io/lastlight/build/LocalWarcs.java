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
    });

    /** Names build reads: see {@link WarcFileNames#isArchive}. */
    static boolean isArchive(String name) {
        return WarcFileNames.isArchive(name);
    }

    /** Where the WARC files are, relative to the dataset when possible (so both can move together). */
    static String warcDirFor(Path in, Path dataset) {
        Path dir = Files.isDirectory(in.resolve("warc")) ? in.resolve("warc") : in;
        Path abs = dir.toAbsolutePath().normalize();
        try {
            return dataset.toAbsolutePath().normalize().relativize(abs).toString().replace('\\', '/');
        } catch (IllegalArgumentException e) {
            return abs.toString();
        }
    }
}
