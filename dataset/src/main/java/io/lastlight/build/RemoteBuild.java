package io.lastlight.build;

import io.lastlight.extract.WarcExtractor;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * {@code lastlight build --out URI} for a Hadoop FileSystem target: the dataset is built in a local staging
 * folder by the same code as a local build, then published file by file (temporary name, then rename),
 * {@code manifest.json} last, so a reader that goes by the manifest never sees a partial dataset. Files
 * the old manifest lists are deleted only after the new manifest is in place.
 *
 * <p>Incremental: the target's manifest is read first; observation files it lists are fetched into the
 * staging folder when missing there (or different), so unchanged WARC files are not extracted again and
 * unchanged Parquet files are not uploaded again.
 */
public final class RemoteBuild {
    private final DatasetBuilder builder;
    private final Consumer<String> log;

    /** What publishing did, by dataset-relative path. */
    public static final class Published {
        public final List<String> uploaded = new ArrayList<>();
        public final List<String> unchanged = new ArrayList<>();
        public final List<String> deleted = new ArrayList<>();
        public final List<String> fetched = new ArrayList<>();
    }

    public RemoteBuild(DatasetBuilder builder, Consumer<String> log) {
        this.builder = builder;
        this.log = log;
    }

    /** The default staging folder for a target: under the temporary directory, named from the URI. */
    public static Path defaultStaging(String uri) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(uri.getBytes(StandardCharsets.UTF_8));
            return Path.of(System.getProperty("java.io.tmpdir"), "lastlight-staging", HexFormat.of().formatHex(h, 0, 8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public BuildReport build(Path in, HadoopTarget target, Path staging, boolean force, Published published)
            throws IOException, SQLException {
        Files.createDirectories(staging);
        Path localManifest = staging.resolve(Manifest.FILE);
        Files.deleteIfExists(localManifest);
        Manifest remote = target.download(Manifest.FILE, localManifest) ? Manifest.read(staging) : null;
        if (remote != null && !force) fetchObservations(target, staging, remote, published);
        if (force) Files.deleteIfExists(localManifest);

        BuildReport report = builder.build(in, staging, force);

        Manifest now = Manifest.read(staging);
        Path warcDir = LocalWarcs.warcDir(in, DatasetBuilder.containers(DatasetBuilder.warcInputs(in, new java.util.ArrayList<>())));
        now.warcDir = warcDir.toAbsolutePath().normalize().toString();
        now.write(staging);
        publish(target, staging, remote, now, published);
        return report;
    }

    private void fetchObservations(HadoopTarget target, Path staging, Manifest remote, Published published) throws IOException {
        for (Manifest.Resource r : remote.resources) {
            if (!WarcExtractor.TABLES.contains(r.table)) continue;
            Path local = staging.resolve(r.path);
            if (Files.exists(local) && r.sha256.equals(Digests.sha256(local))) continue;
            if (target.download(r.path, local)) {
                published.fetched.add(r.path);
            }
        }
        if (!published.fetched.isEmpty()) log.accept("fetched " + published.fetched.size() + " observation file(s) from " + target.root());
    }

    private void publish(HadoopTarget target, Path staging, Manifest remote, Manifest now, Published published) throws IOException {
        Map<String, String> before = new HashMap<>();
        if (remote != null) for (Manifest.Resource r : remote.resources) before.put(r.path, r.sha256);
        for (Manifest.Resource r : now.resources) {
            if (r.sha256.equals(before.get(r.path)) && target.exists(r.path)) {
                published.unchanged.add(r.path);
            } else {
                target.upload(staging.resolve(r.path), r.path);
                published.uploaded.add(r.path);
            }
        }
        target.upload(staging.resolve(DatasetBuilder.DB_FILE), DatasetBuilder.DB_FILE);
        published.uploaded.add(DatasetBuilder.DB_FILE);
        target.upload(staging.resolve(Manifest.FILE), Manifest.FILE);
        published.uploaded.add(Manifest.FILE);
        for (Manifest.Resource r : now.resources) before.remove(r.path);
        for (String stale : before.keySet()) {
            target.delete(stale);
            published.deleted.add(stale);
        }
        log.accept(String.format("published to %s: %d file(s) uploaded, %d unchanged, %d deleted", target.root(),
                published.uploaded.size(), published.unchanged.size(), published.deleted.size()));
    }
}
