package io.lastlight.spark;

import io.lastlight.build.DatasetBuilder;
import io.lastlight.build.Manifest;
import io.lastlight.schema.DatasetSchema;
import io.lastlight.schema.TableSchema;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.Function;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * The driver's last steps, as the local build ends: {@code lastlight.duckdb} (the local build's own views,
 * {@link DatasetBuilder#writeViews}, created over a local skeleton holding one file of each table, since DuckDB binds a
 * view to its files' columns), then every data file described (sha256 and rows, computed by tasks beside the data),
 * then {@code manifest.json}, last.
 */
final class Publisher {
    /** One data file's manifest entry. */
    record Described(String path, String table, String sha256, long bytes, long rows) implements Serializable {}

    private Publisher() {}

    /** Data files of a table folder: {@code *.parquet}, not hidden or temporary. */
    static List<FileStatus> dataFiles(Store store, String table) throws IOException {
        List<FileStatus> out = new ArrayList<>();
        for (FileStatus s : store.list(table)) {
            String n = s.getPath().getName();
            if (n.endsWith(".parquet") && !n.startsWith(".") && !n.startsWith("_")) out.add(s);
        }
        return out;
    }

    static void writeViews(Store store, DatasetSchema schema, java.nio.file.Path scratch) throws IOException, SQLException {
        java.nio.file.Path skeleton = Files.createDirectories(scratch.resolve("skeleton"));
        for (TableSchema t : schema.tables()) {
            List<FileStatus> files = dataFiles(store, t.name());
            if (files.isEmpty()) continue;
            String name = files.get(0).getPath().getName();
            store.download(t.name() + "/" + name, Files.createDirectories(skeleton.resolve(t.name())).resolve(name));
        }
        DatasetBuilder.writeViews(skeleton);
        store.upload(skeleton.resolve(DatasetBuilder.DB_FILE), DatasetBuilder.DB_FILE, "driver");
    }

    /** Every data file of the dataset with its sha256 and rows, in table then name order. */
    static List<Described> describe(SparkSession spark, Store store, DatasetSchema schema) throws IOException {
        List<String[]> files = new ArrayList<>();
        for (TableSchema t : schema.tables()) {
            for (FileStatus s : dataFiles(store, t.name())) files.add(new String[] {t.name() + "/" + s.getPath().getName(), t.name()});
        }
        if (files.isEmpty()) return List.of();
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        jsc.setJobDescription("describe " + files.size() + " data file(s)");
        int slices = Math.max(1, Math.min(files.size(), spark.sparkContext().defaultParallelism() * 4));
        return jsc.parallelize(files, slices).map(new Describe(store)).collect();
    }

    private static final class Describe implements Function<String[], Described> {
        private static final long serialVersionUID = 1L;
        private final Store store;

        Describe(Store store) {
            this.store = store;
        }

        @Override
        public Described call(String[] f) throws Exception {
            Path p = store.path(f[0]);
            MessageDigest md;
            try {
                md = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
            long bytes = 0;
            try (InputStream in = store.fs().open(p)) {
                byte[] buf = new byte[1 << 16];
                int n;
                while ((n = in.read(buf)) > 0) {
                    md.update(buf, 0, n);
                    bytes += n;
                }
            }
            long rows = 0;
            try (ParquetFileReader r = ParquetFileReader.open(HadoopInputFile.fromPath(p, store.configuration()))) {
                for (BlockMetaData b : r.getFooter().getBlocks()) rows += b.getRowCount();
            }
            return new Described(f[0], f[1], HexFormat.of().formatHex(md.digest()), bytes, rows);
        }
    }

    static void resources(Manifest m, List<Described> files, Map<String, Long> rowsByTable) {
        for (Described d : files) {
            Manifest.Resource r = new Manifest.Resource();
            r.path = d.path();
            r.table = d.table();
            r.sha256 = d.sha256();
            r.bytes = d.bytes();
            r.rows = d.rows();
            m.resources.add(r);
            rowsByTable.merge(d.table(), d.rows(), Long::sum);
        }
    }

    /** Captures per parse_status, and the revisit files' resolved / unresolved counts (empty when there are none). */
    static void parseStatus(SparkSession spark, Map<String, Long> status, Map<String, Long> revisits) {
        for (Row r : spark.sql("SELECT parse_status, count(*) FROM captures GROUP BY 1 ORDER BY 1").collectAsList()) {
            status.put(r.getString(0), r.getLong(1));
        }
        Row r = spark.sql("SELECT count_if(parse_status <> 'revisit-unresolved'), count_if(parse_status = 'revisit-unresolved')"
                + " FROM captures WHERE file_row_number >= " + SparkDerive.REVISIT_ROWS).first();
        if (r.getLong(0) + r.getLong(1) > 0) {
            revisits.put("resolved", r.getLong(0));
            revisits.put("unresolved", r.getLong(1));
        }
    }

    /** Writes {@code manifest.json} (locally, then to the dataset: temporary name, renamed). */
    static void manifest(Store store, Manifest m, java.nio.file.Path scratch) throws IOException {
        java.nio.file.Path dir = Files.createDirectories(scratch.resolve("manifest"));
        m.write(dir);
        store.upload(dir.resolve(Manifest.FILE), Manifest.FILE, "driver");
    }
}
