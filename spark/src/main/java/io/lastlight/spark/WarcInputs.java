package io.lastlight.spark;

import io.lastlight.build.WarcFolders;
import io.lastlight.core.UserException;
import io.lastlight.warc.WarcFileNames;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The job's WARC files from {@code --in} values, each one of: a folder (the WARC files anywhere under it:
 * {@link WarcFolders}, the rule {@code lastlight build --in} follows), one WARC file, or a listing (a
 * text file naming one WARC file per line; blank lines and {@code #} comments skipped). Any Hadoop FileSystem URI.
 * Output files are named after the WARC file's name, so two inputs with the same name are refused.
 */
final class WarcInputs {
    /** One input WARC file: where it is, its name (the rows' {@code warc_file}) and size. */
    record Warc(String uri, String name, long bytes) implements Serializable {}

    private WarcInputs() {}

    static List<Warc> resolve(List<String> values, Configuration conf, List<String> ignored) throws IOException {
        Map<String, Warc> byName = new TreeMap<>();
        for (String v : values) {
            for (Warc w : one(v, conf, ignored)) {
                Warc prev = byName.put(w.name(), w);
                if (prev != null && !prev.uri().equals(w.uri())) {
                    throw new UserException("two input WARC files are named " + w.name() + " (" + prev.uri() + " and " + w.uri()
                            + "); output files are named after the WARC file, so names must be unique");
                }
            }
        }
        if (byName.isEmpty()) throw new UserException("no WARC files in " + String.join(", ", values) + " (expected *.warc.gz, *.warc, *.warc.zst, *.arc or *.arc.gz)");
        return new ArrayList<>(byName.values());
    }

    private static List<Warc> one(String value, Configuration conf, List<String> ignored) throws IOException {
        Path p = new Path(value);
        FileSystem fs = p.getFileSystem(conf);
        FileStatus st;
        try {
            st = fs.getFileStatus(p);
        } catch (java.io.FileNotFoundException e) {
            throw new UserException("--in " + value + " does not exist");
        }
        List<Warc> out = new ArrayList<>();
        if (st.isDirectory()) {
            Listing listing = new Listing(fs);
            for (Path f : new WarcFolders<>(listing).select(p, ignored)) {
                out.add(new Warc(fs.makeQualified(f).toString(), f.getName(), listing.status(f).getLen()));
            }
        } else if (isWarc(p.getName())) {
            out.add(new Warc(fs.makeQualified(p).toString(), p.getName(), st.getLen()));
        } else {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(fs.open(p), StandardCharsets.UTF_8))) {
                String line;
                int n = 0;
                while ((line = r.readLine()) != null) {
                    n++;
                    String s = line.strip();
                    if (s.isEmpty() || s.startsWith("#")) continue;
                    if (!isWarc(s)) throw new UserException("line " + n + " of the listing " + value + " is not a WARC or ARC file (*.warc.gz, *.warc, *.warc.zst, *.arc, *.arc.gz): " + s);
                    Path w = new Path(s);
                    FileSystem wfs = w.getFileSystem(conf);
                    out.add(new Warc(wfs.makeQualified(w).toString(), w.getName(), wfs.getFileStatus(w).getLen()));
                }
            }
        }
        return out;
    }

    /**
     * {@link WarcFolders}' rule (the local build's) on a Hadoop FileSystem: a folder's entries are listed once, and
     * what the listing said about each is remembered, so no entry is asked about again.
     */
    private static final class Listing implements WarcFolders.Store<Path> {
        private final FileSystem fs;
        private final Map<Path, FileStatus> seen = new HashMap<>();

        Listing(FileSystem fs) {
            this.fs = fs;
        }

        FileStatus status(Path p) throws IOException {
            FileStatus s = seen.get(p);
            if (s == null) {
                s = fs.getFileStatus(p);
                seen.put(p, s);
            }
            return s;
        }

        @Override
        public List<Path> list(Path dir) throws IOException {
            List<Path> out = new ArrayList<>();
            for (FileStatus s : fs.listStatus(dir)) {
                seen.put(s.getPath(), s);
                out.add(s.getPath());
            }
            return out;
        }

        @Override
        public boolean isDirectory(Path f) throws IOException {
            try {
                return status(f).isDirectory();
            } catch (java.io.FileNotFoundException e) {
                return false;
            }
        }

        @Override
        public Path child(Path dir, String name) {
            return Store.child(dir, name);
        }

        @Override
        public String name(Path f) {
            return f.getName();
        }

        @Override
        public long size(Path f) throws IOException {
            return status(f).getLen();
        }
    }

    /** The same names the local build reads ({@link WarcFileNames#isArchive}): the extraction underneath is the same. */
    static boolean isWarc(String name) {
        return WarcFileNames.isArchive(name);
    }
}
