package io.lastlight.spark;

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
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The job's WARC files from {@code --in} values, each one of: a folder (its {@code *.warc.gz} / {@code *.warc}, or
 * those of its {@code warc/} subfolder, as {@code lastlight build --in} reads a crawl), one WARC file, or a listing (a
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
            Path dir = fs.exists(new Path(p, "warc")) && fs.getFileStatus(new Path(p, "warc")).isDirectory() ? new Path(p, "warc") : p;
            FileStatus[] files = fs.listStatus(dir);
            java.util.Arrays.sort(files, Comparator.comparing(f -> f.getPath().getName()));
            for (FileStatus f : files) {
                String n = f.getPath().getName();
                if (!f.isFile()) continue;
                if (n.endsWith(WarcFileNames.OPEN_SUFFIX)) ignored.add(n + " (still open: a crawl is running or crashed; resume it to close the file)");
                else if (isWarc(n)) out.add(new Warc(fs.makeQualified(f.getPath()).toString(), n, f.getLen()));
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

    /** The same names the local build reads ({@link WarcFileNames#isArchive}): the extraction underneath is the same. */
    static boolean isWarc(String name) {
        return WarcFileNames.isArchive(name);
    }
}
