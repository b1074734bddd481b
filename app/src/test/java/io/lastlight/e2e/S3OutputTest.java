package io.lastlight.e2e;

import io.lastlight.build.BuildReport;
import io.lastlight.build.DatasetBuilder;
import io.lastlight.build.HadoopTarget;
import io.lastlight.build.Manifest;
import io.lastlight.build.RemoteBuild;
import io.lastlight.crawl.CrawlSession;
import io.lastlight.crawl.Progress;
import io.lastlight.derive.DuckDb;
import io.lastlight.extract.WarcExtractor;
import io.lastlight.simulate.GroundTruth;
import io.lastlight.simulate.SimConfig;
import io.lastlight.simulate.SimServer;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStore;
import org.jclouds.blobstore.BlobStoreContext;
import org.jclouds.blobstore.domain.Blob;
import org.jclouds.blobstore.domain.StorageMetadata;
import org.jclouds.blobstore.options.ListContainerOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code build --out s3a://bucket/ds} against an in-process S3-compatible server (S3Proxy over an in-memory
 * jclouds blob store, on 127.0.0.1 and a free port): every file lands with its manifest sha256, nothing
 * temporary is left, re-runs are incremental (also from a fresh staging folder, via the target's manifest)
 * and the downloaded folder answers through DuckDB.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class S3OutputTest {
    private static final String BUCKET = "lastlight-test";
    private static final String ID = "test-access-key";
    private static final String SECRET = "test-secret-key";

    @TempDir
    static Path tmp;

    SimServer server;
    GroundTruth truth;
    S3Proxy s3;
    BlobStoreContext blobs;
    Path crawlDir;
    Map<String, String> conf;

    @BeforeAll
    void start() throws Exception {
        server = SimServer.start(SimConfig.builder().users(200).seed(11)
                .clock(Clock.fixed(Instant.parse("2021-01-09T00:00:00Z"), ZoneOffset.UTC)).build());
        truth = server.truth();
        crawlDir = tmp.resolve("crawl");
        CrawlSession.run(EndToEndTest.config(server, truth, crawlDir, 1000), false, false, Clock.systemUTC(),
                new Progress(new PrintStream(new ByteArrayOutputStream()), false, true));

        blobs = ContextBuilder.newBuilder("transient").credentials(ID, SECRET).build(BlobStoreContext.class);
        blobs.getBlobStore().createContainerInLocation(null, BUCKET);
        s3 = S3Proxy.builder().blobStore(blobs.getBlobStore()).endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ID, SECRET).build();
        s3.start();
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!"STARTED".equals(s3.getState()) && System.nanoTime() < deadline) Thread.sleep(10);
        assertEquals("STARTED", s3.getState(), "S3Proxy did not start");

        conf = new LinkedHashMap<>();
        conf.put("fs.s3a.endpoint", "http://127.0.0.1:" + s3.getPort());
        conf.put("fs.s3a.endpoint.region", "us-east-1");
        conf.put("fs.s3a.path.style.access", "true");
        conf.put("fs.s3a.connection.ssl.enabled", "false");
        conf.put("fs.s3a.access.key", ID);
        conf.put("fs.s3a.secret.key", SECRET);
        conf.put("fs.s3a.aws.credentials.provider", "org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider");
        conf.put("fs.s3a.change.detection.mode", "none");
        conf.put("fs.s3a.attempts.maximum", "2");
        conf.put("fs.s3a.retry.limit", "2");
        conf.put("fs.s3a.impl.disable.cache", "true");
    }

    @AfterAll
    void stop() throws Exception {
        if (s3 != null) s3.stop();
        if (blobs != null) blobs.close();
        if (server != null) server.close();
    }

    private RemoteBuild.Published build(String uri, Path staging) throws Exception {
        RemoteBuild.Published published = new RemoteBuild.Published();
        try (HadoopTarget target = HadoopTarget.open(uri, HadoopTarget.configuration(conf))) {
            BuildReport r = new RemoteBuild(new DatasetBuilder(Clock.systemUTC(), "parler", s -> { }), s -> { })
                    .build(crawlDir, target, staging, false, published);
            assertEquals(1, r.warcFiles);
        }
        return published;
    }

    @Test
    void publishesEveryFileWithItsDigestIncrementallyAndTheDownloadAnswers() throws Exception {
        String uri = "s3a://" + BUCKET + "/ds";
        Path staging = tmp.resolve("staging");
        RemoteBuild.Published first = build(uri, staging);
        assertTrue(first.uploaded.contains("manifest.json"));

        Map<String, byte[]> objects = download("ds/");
        for (String key : objects.keySet()) assertFalse(key.contains(".tmp-"), "temporary object left behind: " + key);
        Manifest manifest = new com.fasterxml.jackson.databind.ObjectMapper().readValue(objects.get("manifest.json"), Manifest.class);
        assertFalse(manifest.resources.isEmpty());
        for (Manifest.Resource r : manifest.resources) {
            assertTrue(objects.containsKey(r.path), "missing on S3: " + r.path);
            assertEquals(r.sha256, sha256(objects.get(r.path)), "sha256 of " + r.path);
        }
        assertTrue(objects.containsKey(DatasetBuilder.DB_FILE));

        // Same input, same staging: nothing extracted again, no Parquet file uploaded again.
        RemoteBuild.Published second = build(uri, staging);
        assertTrue(second.uploaded.stream().noneMatch(p -> isObservation(p)), "re-uploaded: " + second.uploaded);
        assertTrue(second.unchanged.stream().anyMatch(p -> p.startsWith("captures/")));

        // A fresh staging folder: the target's manifest drives the incremental build (files fetched, not re-extracted).
        RemoteBuild.Published third = build(uri, tmp.resolve("fresh-staging"));
        assertEquals(WarcExtractor.TABLES.size(), third.fetched.size(), "observation files fetched: " + third.fetched);
        assertTrue(third.uploaded.stream().noneMatch(p -> isObservation(p)), "re-uploaded: " + third.uploaded);
        assertTrue(Files.exists(tmp.resolve("fresh-staging").resolve(manifest.resources.get(0).path)));

        // The published folder, downloaded anywhere, answers through DuckDB.
        Path local = tmp.resolve("downloaded");
        for (Map.Entry<String, byte[]> e : download("ds/").entrySet()) {
            Path f = local.resolve(e.getKey());
            Files.createDirectories(f.getParent());
            Files.write(f, e.getValue());
        }
        try (Connection c = DuckDb.open(local.resolve(DatasetBuilder.DB_FILE), true)) {
            DuckDb.searchPath(c, local);
            try (ResultSet rs = c.createStatement().executeQuery("select count(*) from profiles")) {
                rs.next();
                assertEquals(truth.reachableUsers(), rs.getLong(1));
            }
        }
    }

    @Test
    void aMissingFileSystemSaysHowToAddIt() {
        io.lastlight.core.UserException e = org.junit.jupiter.api.Assertions.assertThrows(io.lastlight.core.UserException.class,
                () -> HadoopTarget.open("nosuchfs://bucket/ds", HadoopTarget.configuration(Map.of())));
        assertTrue(e.getMessage().contains("LASTLIGHT_CLASSPATH"), e.getMessage());
    }

    private static boolean isObservation(String path) {
        return WarcExtractor.TABLES.contains(path.substring(0, Math.max(0, path.indexOf('/'))));
    }

    /** Every object under {@code prefix} in the bucket, read through the blob store (not through Hadoop). */
    private Map<String, byte[]> download(String prefix) throws Exception {
        BlobStore store = blobs.getBlobStore();
        Map<String, byte[]> out = new HashMap<>();
        String marker = null;
        do {
            ListContainerOptions o = ListContainerOptions.Builder.prefix(prefix).recursive();
            if (marker != null) o.afterMarker(marker);
            var page = store.list(BUCKET, o);
            for (StorageMetadata m : page) {
                if (m.getName().endsWith("/")) continue;
                Blob b = store.getBlob(BUCKET, m.getName());
                if (b == null) continue;
                try (InputStream in = b.getPayload().openStream()) {
                    out.put(m.getName().substring(prefix.length()), in.readAllBytes());
                }
            }
            marker = page.getNextMarker();
        } while (marker != null);
        return out;
    }

    private static String sha256(byte[] bytes) throws Exception {
        return java.util.HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
