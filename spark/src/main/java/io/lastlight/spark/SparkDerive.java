package io.lastlight.spark;

import io.lastlight.schema.DatasetSchema;
import io.lastlight.schema.FieldSchema;
import io.lastlight.schema.FieldType;
import io.lastlight.schema.TableSchema;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.StringJoiner;
import java.util.UUID;
import java.util.function.Consumer;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

/**
 * The derived tables as Spark SQL over the observation Parquet files. Each table's query is the local build's
 * {@code io/lastlight/derive/<table>.sql} in Spark's dialect ({@code io/lastlight/spark/derive/<table>.sql}; the
 * dialects differ in QUALIFY, row values, list functions and {@code * EXCLUDE}); every Spark file names the sha256
 * of the DuckDB file it was checked against, and a test fails when the two drift apart. The projection, casts and
 * sort order come from the schema file, as in the local build; output is {@code part-N.parquet}, in key order.
 */
final class SparkDerive {
    /** Added to the row numbers of a WARC file's revisit rows, as {@code DerivedTables.REVISIT_ROWS} (2^62). */
    static final long REVISIT_ROWS = 1L << 62;

    private final SparkSession spark;
    private final Store store;
    private final DatasetSchema schema;
    private final Consumer<String> log;

    SparkDerive(SparkSession spark, Store store, DatasetSchema schema, Consumer<String> log) {
        this.spark = spark;
        this.store = store;
        this.schema = schema;
        this.log = log;
    }

    /**
     * Temporary views of the observation tables as the DuckDB build sees them: every column plus
     * {@code file_row_number} (the row's position in its file, revisit files' moved past any main file's), so
     * {@code (warc_file, file_row_number)} names a row and breaks ties the same way.
     */
    void observationViews(List<String> tables) {
        spark.sparkContext().setJobDescription("read the observation tables' schemas");
        for (String t : tables) {
            Dataset<Row> d = spark.read().parquet(store.path(t).toString());
            Column row = col("_metadata.row_index").plus(when(col("_metadata.file_name").endsWith(".revisits.parquet"), lit(REVISIT_ROWS))
                    .otherwise(lit(0L)));
            d.select(col("*"), row.as("file_row_number")).createOrReplaceTempView(t);
        }
    }

    List<String> tables() {
        List<String> out = new ArrayList<>();
        for (TableSchema t : schema.tables()) if (t.kind().equals("derived")) out.add(t.name());
        return out;
    }

    /** Every derived table, in schema order (a table is listed after those it reads). */
    void build() throws IOException {
        for (String name : tables()) {
            long t0 = System.nanoTime();
            spark.sparkContext().setJobDescription("derive " + name);
            int files = write(schema.table(name));
            log.accept(String.format("derived %s in %.1f s (%d file(s))", name, (System.nanoTime() - t0) / 1e9, files));
        }
    }

    /** One table: written to a scratch folder, its parts renamed to {@code part-N.parquet} in key order, stale parts removed. */
    private int write(TableSchema t) throws IOException {
        Dataset<Row> rows = spark.sql(projection(t, sql(t.name())));
        FileSystem fs = store.fs();
        Path dir = store.path(t.name());
        Path scratch = new Path(dir, ".tmp-spark-" + UUID.randomUUID());
        rows.write().mode(SaveMode.ErrorIfExists).parquet(scratch.toString());
        List<Path> parts = new ArrayList<>();
        for (FileStatus s : fs.listStatus(scratch)) {
            String n = s.getPath().getName();
            if (s.isFile() && n.startsWith("part-") && n.endsWith(".parquet")) parts.add(s.getPath());
        }
        parts.sort((a, b) -> a.getName().compareTo(b.getName())); // Spark numbers parts by partition: key order
        Set<String> kept = new HashSet<>();
        for (int p = 0; p < parts.size(); p++) {
            String name = part(p, parts.size());
            kept.add(name);
            store.replace(parts.get(p), Store.child(dir, name));
        }
        fs.delete(scratch, true);
        for (FileStatus s : fs.listStatus(dir)) {
            String n = s.getPath().getName();
            if (n.startsWith("part-") && n.endsWith(".parquet") && !kept.contains(n)) fs.delete(s.getPath(), false);
        }
        spark.read().parquet(dir.toString()).createOrReplaceTempView(t.name()); // later tables may read this one
        return parts.size();
    }

    /** Part {@code p} of {@code n}, named as the local build names them (equal widths, so names sort in key order). */
    static String part(int p, int n) {
        int width = Integer.toString(Math.max(1, n) - 1).length();
        return String.format("part-%0" + width + "d.parquet", p);
    }

    /** SELECT of exactly the schema's columns, cast to their declared types, sorted by the table's sort_by. */
    static String projection(TableSchema t, String inner) {
        StringJoiner cols = new StringJoiner(", ");
        for (FieldSchema f : t.fields()) cols.add("CAST(" + ident(f.name()) + " AS " + sparkType(f.type()) + ") AS " + ident(f.name()));
        StringJoiner order = new StringJoiner(", ");
        for (String k : t.sortBy()) order.add(ident(k));
        return "SELECT " + cols + " FROM (" + inner + ") ORDER BY " + order;
    }

    static String sparkType(FieldType type) {
        return switch (type) {
            case STRING -> "STRING";
            case INT32 -> "INT";
            case INT64 -> "BIGINT";
            case DOUBLE -> "DOUBLE";
            case BOOLEAN -> "BOOLEAN";
            case TIMESTAMP -> "TIMESTAMP";
            case DATE -> "DATE";
            case STRING_LIST -> "ARRAY<STRING>";
        };
    }

    static String ident(String name) {
        return "`" + name.replace("`", "``") + "`";
    }

    /** A derived table's Spark SQL ({@code io/lastlight/spark/derive/<table>.sql}). */
    static String sql(String table) {
        String res = "/io/lastlight/spark/derive/" + table + ".sql";
        try (InputStream in = SparkDerive.class.getResourceAsStream(res)) {
            if (in == null) throw new IllegalStateException("no Spark SQL for derived table " + table + " (" + res + ")");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
