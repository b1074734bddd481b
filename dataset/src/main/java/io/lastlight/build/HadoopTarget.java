package io.lastlight.build;

import io.lastlight.core.UserException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.UnsupportedFileSystemException;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A dataset folder on any Hadoop FileSystem ({@code hdfs://}, {@code s3a://}, {@code file://}, …), reached
 * through {@link FileSystem#get(URI, Configuration)}. Files are published under a temporary name and
 * renamed, so a reader never sees a partial file.
 */
public final class HadoopTarget implements AutoCloseable {
    private static final Pattern URI_SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*://.*");

    private final URI root;
    private final FileSystem fs;

    private HadoopTarget(URI root, FileSystem fs) {
        this.root = root;
        this.fs = fs;
    }

    /** True when {@code out} names a FileSystem URI (scheme://…) rather than a local path. */
    public static boolean isUri(String out) {
        return URI_SCHEME.matcher(out).matches();
    }

    /**
     * A Hadoop configuration: Hadoop's defaults, {@code core-site.xml}/{@code hdfs-site.xml} from
     * {@code $HADOOP_CONF_DIR} when set, then {@code overrides} (e.g. {@code fs.s3a.endpoint}).
     */
    public static Configuration configuration(Map<String, String> overrides) {
        Configuration conf = new Configuration();
        String dir = System.getenv("HADOOP_CONF_DIR");
        if (dir != null && !dir.isBlank()) {
            for (String f : new String[] {"core-site.xml", "hdfs-site.xml"}) {
                Path p = Path.of(dir, f);
                if (Files.isRegularFile(p)) conf.addResource(new org.apache.hadoop.fs.Path(p.toUri()));
            }
        }
        overrides.forEach(conf::set);
        return conf;
    }

    public static HadoopTarget open(String uri, Configuration conf) {
        URI u;
        try {
            u = URI.create(uri.endsWith("/") ? uri.substring(0, uri.length() - 1) : uri);
        } catch (IllegalArgumentException e) {
            throw new UserException("--out " + uri + " is not a valid URI: " + e.getMessage());
        }
        try {
            return new HadoopTarget(u, FileSystem.newInstance(u, conf));
        } catch (UnsupportedFileSystemException e) {
            throw new UserException("no Hadoop FileSystem for '" + u.getScheme() + "://' on the classpath: for s3a:// add"
                    + " hadoop-aws and the AWS SDK bundle with LASTLIGHT_CLASSPATH (see README, 'Writing to S3 or HDFS')", e);
        } catch (IOException | RuntimeException e) {
            throw new UserException("cannot open " + u + ": " + e.getMessage()
                    + " (check the endpoint, credentials and --hadoop-conf settings)", e);
        }
    }

    public URI root() {
        return root;
    }

    private org.apache.hadoop.fs.Path path(String relative) {
        return new org.apache.hadoop.fs.Path(root.toString() + "/" + relative);
    }

    public boolean exists(String relative) throws IOException {
        return fs.exists(path(relative));
    }

    /** Copies {@code relative} from the target to {@code local} (via a temporary file); false if absent. */
    public boolean download(String relative, Path local) throws IOException {
        org.apache.hadoop.fs.Path src = path(relative);
        if (!fs.exists(src)) return false;
        Files.createDirectories(local.toAbsolutePath().getParent());
        Path tmp = local.resolveSibling(".tmp-" + local.getFileName());
        try (FSDataInputStream in = fs.open(src); OutputStream out = Files.newOutputStream(tmp)) {
            in.transferTo(out);
        }
        Files.move(tmp, local, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        return true;
    }

    /** Uploads {@code local} to {@code relative}: written as {@code .tmp-NAME}, then renamed into place. */
    public void upload(Path local, String relative) throws IOException {
        org.apache.hadoop.fs.Path dst = path(relative);
        org.apache.hadoop.fs.Path tmp = new org.apache.hadoop.fs.Path(dst.getParent(), ".tmp-" + dst.getName());
        try (InputStream in = Files.newInputStream(local); FSDataOutputStream out = fs.create(tmp, true)) {
            in.transferTo(out);
        }
        if (fs.exists(dst) && !fs.delete(dst, false)) throw new IOException("cannot replace " + dst);
        if (!fs.rename(tmp, dst)) throw new IOException("cannot rename " + tmp + " to " + dst);
    }

    public void delete(String relative) throws IOException {
        fs.delete(path(relative), false);
    }

    @Override
    public void close() throws IOException {
        fs.close();
    }
}
