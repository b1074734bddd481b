package io.lastlight.spark;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.ChecksumFileSystem;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Serializable;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The dataset folder on any Hadoop FileSystem ({@code file:}, {@code hdfs:}, {@code s3a:} ...), as the driver and
 * the tasks see it. Serializable: it carries the job's Hadoop settings to the executors. Files are written under a
 * temporary name and renamed over the final one, so a retried or speculative task replaces a file instead of
 * adding a second one, and a reader never sees a part.
 */
public final class Store implements Serializable {
    private static final long serialVersionUID = 1L;
    private final String root;
    private final HashMap<String, String> conf;
    private transient FileSystem fs;

    public Store(String root, Configuration hadoop) {
        this.root = root.endsWith("/") ? root.substring(0, root.length() - 1) : root;
        this.conf = new HashMap<>();
        for (Map.Entry<String, String> e : hadoop) conf.put(e.getKey(), e.getValue());
    }

    /** The dataset's root as a URI string without a trailing slash. */
    public String root() {
        return root;
    }

    public Configuration configuration() {
        Configuration c = new Configuration(false);
        conf.forEach(c::set);
        return c;
    }

    /** {@code relative} ("TABLE/FILE") under the root; each part taken as a name, whatever characters it holds. */
    public Path path(String relative) {
        Path p = new Path(root);
        if (relative.isEmpty()) return p;
        for (String part : relative.split("/")) p = child(p, part);
        return p;
    }

    public synchronized FileSystem fs() throws IOException {
        if (fs == null) {
            FileSystem f = FileSystem.get(URI.create(root + "/"), configuration());
            // a local dataset through the raw local FileSystem: no .crc beside each file (the manifest holds sha256s),
            // and the checksum layer names its .crc files by parsing ".NAME.crc" as a URI, which fails on a ':'
            if (f instanceof ChecksumFileSystem c) f = c.getRawFileSystem();
            fs = f;
        }
        return fs;
    }

    /**
     * The entry {@code name} of folder {@code dir}, for any legal file name: {@code new Path(dir, name)} parses the name
     * as a URI, so a ':' before any '/' ({@code crawl-2021-01-10T12:00:00.warc.gz}) reads as a scheme and fails.
     */
    public static Path child(Path dir, String name) {
        return new Path(dir, new Path(null, null, name));
    }

    public boolean exists(String relative) throws IOException {
        return fs().exists(path(relative));
    }

    /** Copies a local file to {@code relative}, replacing what is there. {@code tag} keeps concurrent attempts apart. */
    public void upload(java.nio.file.Path local, String relative, String tag) throws IOException {
        Path target = path(relative);
        Path tmp = child(target.getParent(), ".tmp-" + target.getName() + "." + tag);
        FileSystem f = fs();
        f.mkdirs(target.getParent());
        try (OutputStream out = f.create(tmp, true); InputStream in = Files.newInputStream(local)) {
            in.transferTo(out);
        }
        replace(tmp, target);
    }

    /** Renames {@code tmp} onto {@code target}, replacing it (FileSystem.rename does not overwrite). */
    public void replace(Path tmp, Path target) throws IOException {
        FileSystem f = fs();
        if (f.exists(target) && !f.delete(target, false)) throw new IOException("cannot replace " + target);
        if (!f.rename(tmp, target)) throw new IOException("cannot rename " + tmp + " to " + target);
    }

    public void download(String relative, java.nio.file.Path local) throws IOException {
        try (InputStream in = fs().open(path(relative))) {
            Files.copy(in, local, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    public boolean delete(String relative) throws IOException {
        return fs().delete(path(relative), false);
    }

    /** Files directly in {@code relative}, sorted by name; empty if the folder is absent. */
    public List<FileStatus> list(String relative) throws IOException {
        List<FileStatus> out = new ArrayList<>();
        Path dir = path(relative);
        if (!fs().exists(dir)) return out;
        for (FileStatus s : fs().listStatus(dir)) if (s.isFile()) out.add(s);
        out.sort((a, b) -> a.getPath().getName().compareTo(b.getPath().getName()));
        return out;
    }

    /**
     * A file of any FileSystem as a local path: itself when it is local, else a copy in {@code dir} under the same
     * name (the name is what the rows record as {@code warc_file}).
     */
    public static java.nio.file.Path local(String uri, Configuration conf, java.nio.file.Path dir) throws IOException {
        Path p = new Path(uri);
        FileSystem f = p.getFileSystem(conf);
        if (f.getUri().getScheme().equals("file")) return java.nio.file.Path.of(f.makeQualified(p).toUri());
        java.nio.file.Path copy = dir.resolve(p.getName());
        try (InputStream in = f.open(p)) {
            Files.copy(in, copy, StandardCopyOption.REPLACE_EXISTING);
        }
        return copy;
    }
}
