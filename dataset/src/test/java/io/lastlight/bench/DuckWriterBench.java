package io.lastlight.bench;

import io.lastlight.derive.BuildDatabase;
import io.lastlight.derive.DuckDb;
import io.lastlight.parquet.ParquetSorter;
import io.lastlight.parquet.Row;
import io.lastlight.parquet.TableWriter;
import io.lastlight.schema.DatasetSchema;
import io.lastlight.schema.DuckDbViews;
import io.lastlight.schema.FieldSchema;
import io.lastlight.schema.FieldType;
import io.lastlight.schema.ParquetSchemas;
import io.lastlight.schema.TableSchema;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Array;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.StringJoiner;

/**
 * Prototype measurement (not a production path): the same rows of one observation table encoded to one sorted
 * Parquet file (a) by {@link TableWriter} as the build does (JVM {@code ExternalSort} with spilled runs, then
 * parquet-java) and (b) by DuckDB: a {@link DuckDBAppender} into a table of the build database's settings
 * ({@link BuildDatabase}: memory limit, threads, spill folder), then {@code COPY (… ORDER BY sort_by, seq) TO}
 * Parquet with ZSTD level 1, writer v2 and the same key-value metadata. A {@code seq} column appended with each row
 * keeps ties in arrival order, as {@code ExternalSort} does, and is not written.
 * <p>
 * Rows are read from {@code DATASET/TABLE/*.parquet} into the heap and shuffled with a fixed seed (untimed), then
 * each path runs once to warm up and {@code RUNS} times alternated. Per run: process CPU seconds (user + system
 * from {@code /proc/self/stat}, so DuckDB's native threads count), wall seconds, and the phase's peak RSS above
 * its start (the peak is reset through {@code /proc/self/clear_refs}). Finally the two files are compared (rows,
 * position, schema, row groups, key-value metadata).
 *
 * <pre>java -Xmx6g -Dlastlight.sort.buffer=51MB -cp … io.lastlight.bench.DuckWriterBench DATASET OUT TABLE[,TABLE] [RUNS] [DUCK_MEMORY] [DUCK_THREADS]</pre>
 */
public final class DuckWriterBench {
    private static final long TICKS = 100; // USER_HZ on Linux

    public static void main(String[] args) throws Exception {
        Path dataset = Path.of(args[0]).toAbsolutePath();
        Path out = Path.of(args[1]).toAbsolutePath();
        String[] tables = args[2].split(",");
        int runs = args.length > 3 ? Integer.parseInt(args[3]) : 3;
        String memory = args.length > 4 ? args[4] : "1GB";
        int threads = args.length > 5 ? Integer.parseInt(args[5]) : 2;
        Files.createDirectories(out);
        for (String name : tables) {
            TableSchema table = DatasetSchema.bundled().table(name);
            List<Object[]> values = load(dataset, table);
            Collections.shuffle(values, new Random(42));
            // The same value objects as Rows (for TableWriter) and as arrays (for the appender: production code would
            // read Row's values array, package-private, rather than look each field up by name).
            List<Row> rows = new ArrayList<>(values.size());
            for (Object[] v : values) {
                Row r = new Row(table);
                for (int i = 0; i < v.length; i++) r.set(i, v[i]);
                rows.add(r);
            }
            System.gc();
            Map<String, String> meta = new LinkedHashMap<>();
            meta.put("lastlight.source_sha256", "0".repeat(64));
            Path javaFile = out.resolve(name + "-java.parquet");
            Path duckFile = out.resolve(name + "-duck.parquet");
            System.out.printf(Locale.ROOT, "%s: %,d rows, sort_by %s, sort buffer %s, DuckDB %s / %d threads%n", name, rows.size(),
                    table.sortBy(), System.getProperty("lastlight.sort.buffer", "default"), memory, threads);
            try (ParquetSorter sorter = new ParquetSorter(out.resolve(".spill-sorter"), threads, memory);
                 BuildDatabase db = BuildDatabase.open(out.resolve(".spill-duck"), threads, memory)) {
                Measure warmJ = measure(() -> viaJava(table, rows, javaFile, meta, sorter));
                long groupRows = rowsPerGroup(javaFile);
                Measure warmD = measureDuck(() -> viaDuck(db, table, values, duckFile, meta, groupRows));
                System.out.printf(Locale.ROOT, "  warm-up  java %s | duck %s (row group %,d rows)%n", warmJ, warmD, groupRows);
                List<Measure> js = new ArrayList<>(), ds = new ArrayList<>();
                for (int r = 0; r < runs; r++) {
                    Measure j, d;
                    if (r % 2 == 0) {
                        j = measure(() -> viaJava(table, rows, javaFile, meta, sorter));
                        d = measureDuck(() -> viaDuck(db, table, values, duckFile, meta, groupRows));
                    } else {
                        d = measureDuck(() -> viaDuck(db, table, values, duckFile, meta, groupRows));
                        j = measure(() -> viaJava(table, rows, javaFile, meta, sorter));
                    }
                    js.add(j);
                    ds.add(d);
                    System.out.printf(Locale.ROOT, "  run %d    java %s | duck %s%n", r + 1, j, d);
                }
                if (runs > 0) System.out.printf(Locale.ROOT, "  median   java %s | duck %s%n", median(js), median(ds));
                compare(db, javaFile, duckFile);
            }
        }
    }

    /** One table's rows as the extractor makes them: Strings, Longs, Integers, Booleans, Doubles, Instants, Lists. */
    static List<Object[]> load(Path dataset, TableSchema table) throws SQLException {
        String glob = DuckDbViews.quoteLiteral(dataset.resolve(table.name()).resolve("*.parquet").toString());
        List<Object[]> rows = new ArrayList<>();
        List<FieldSchema> fields = table.fields();
        try (Connection c = DuckDb.inMemory(); Statement s = c.createStatement()) {
            // A dataset built by an older schema may lack a column added since (e.g. instance): read it as null.
            java.util.Set<String> present = new java.util.HashSet<>();
            try (ResultSet d = s.executeQuery("DESCRIBE SELECT * FROM read_parquet(" + glob + ")")) {
                while (d.next()) present.add(d.getString(1));
            }
            StringJoiner cols = new StringJoiner(", ");
            for (FieldSchema f : fields) {
                String q = DuckDbViews.quoteIdent(f.name());
                if (!present.contains(f.name())) {
                    System.out.println("  (" + table.name() + "." + f.name() + " not in the input: null)");
                    cols.add("NULL::" + (f.type() == FieldType.TIMESTAMP ? "BIGINT" : f.type().duckDbType()) + " AS " + q);
                } else cols.add(f.type() == FieldType.TIMESTAMP ? "epoch_us(" + q + ") AS " + q : q);
            }
            ResultSet rs = s.executeQuery("SELECT " + cols + " FROM read_parquet(" + glob + ")");
            while (rs.next()) {
                Object[] row = new Object[fields.size()];
                for (int i = 0; i < fields.size(); i++) {
                    int col = i + 1;
                    Object v;
                    switch (fields.get(i).type()) {
                        case STRING -> v = rs.getString(col);
                        case INT32 -> { int x = rs.getInt(col); v = rs.wasNull() ? null : x; }
                        case INT64 -> { long x = rs.getLong(col); v = rs.wasNull() ? null : x; }
                        case DOUBLE -> { double x = rs.getDouble(col); v = rs.wasNull() ? null : x; }
                        case BOOLEAN -> { boolean x = rs.getBoolean(col); v = rs.wasNull() ? null : x; }
                        case TIMESTAMP -> {
                            long us = rs.getLong(col);
                            v = rs.wasNull() ? null : Instant.ofEpochSecond(Math.floorDiv(us, 1_000_000L), Math.floorMod(us, 1_000_000L) * 1000);
                        }
                        case STRING_LIST -> {
                            Array a = rs.getArray(col);
                            if (a == null) v = null;
                            else {
                                List<String> l = new ArrayList<>();
                                for (Object o : (Object[]) a.getArray()) l.add((String) o);
                                v = l;
                            }
                        }
                        default -> throw new IllegalArgumentException("unsupported " + fields.get(i));
                    }
                    row[i] = v;
                }
                rows.add(row);
            }
            rs.close();
        }
        return rows;
    }

    /** (a) The build's path: {@link TableWriter} with a sorter (JVM external sort, then parquet-java). */
    static void viaJava(TableSchema table, List<Row> rows, Path target, Map<String, String> meta, ParquetSorter sorter)
            throws IOException {
        Files.deleteIfExists(target);
        try (TableWriter w = new TableWriter(table, target, meta, sorter)) {
            for (Row r : rows) w.write(r);
            w.commit();
        }
    }

    /** CPU and wall seconds of the last {@link #viaDuck}'s appender alone (the rest is the ordered COPY). */
    static double appendCpu, appendWall;

    /** (b) DuckDB: appender into a table, then an ordered COPY to Parquet. */
    static void viaDuck(BuildDatabase db, TableSchema table, List<Object[]> rows, Path target, Map<String, String> meta,
                        long groupRows) throws SQLException, IOException {
        Files.deleteIfExists(target);
        List<FieldSchema> fields = table.fields();
        StringJoiner ddl = new StringJoiner(", ");
        for (FieldSchema f : fields) ddl.add(DuckDbViews.quoteIdent(f.name()) + " " + f.type().duckDbType() + (f.nullable() ? "" : " NOT NULL"));
        ddl.add("\"__seq\" BIGINT");
        StringJoiner order = new StringJoiner(", ");
        for (String k : table.sortBy()) order.add(DuckDbViews.quoteIdent(k));
        order.add("\"__seq\"");
        Map<String, String> kv = new LinkedHashMap<>();
        kv.put(DatasetSchema.VERSION_METADATA_KEY, DatasetSchema.bundled().version());
        kv.put(DatasetSchema.TABLE_METADATA_KEY, table.name());
        kv.putAll(meta);
        StringJoiner kvs = new StringJoiner(", ", "{", "}");
        kv.forEach((k, v) -> kvs.add(DuckDbViews.quoteLiteral(k) + ": " + DuckDbViews.quoteLiteral(v)));
        String t = "bench_" + table.name();
        try (Connection c = db.connect()) {
            DuckDb.exec(c, "CREATE OR REPLACE TABLE " + t + " (" + ddl + ")");
            try {
                FieldType[] types = fields.stream().map(FieldSchema::type).toArray(FieldType[]::new);
                long seq = 0;
                long cpu0 = cpuTicks(), t0 = System.nanoTime();
                try (DuckDBAppender a = c.unwrap(DuckDBConnection.class).createAppender(DuckDBConnection.DEFAULT_SCHEMA, t)) {
                    for (Object[] row : rows) {
                        a.beginRow();
                        for (int i = 0; i < types.length; i++) {
                            Object v = row[i];
                            if (v == null) {
                                a.appendNull();
                                continue;
                            }
                            switch (types[i]) {
                                case STRING -> a.append((String) v);
                                case INT32 -> a.append(((Number) v).intValue());
                                case INT64 -> a.append(((Number) v).longValue());
                                case DOUBLE -> a.append(((Number) v).doubleValue());
                                case BOOLEAN -> a.append(((Boolean) v).booleanValue());
                                case TIMESTAMP -> {
                                    Instant ts = (Instant) v;
                                    a.appendEpochMicros(Math.addExact(Math.multiplyExact(ts.getEpochSecond(), 1_000_000L), ts.getNano() / 1000));
                                }
                                case STRING_LIST -> a.append((java.util.Collection<?>) v);
                                default -> throw new IllegalArgumentException("unsupported " + fields.get(i));
                            }
                        }
                        a.append(seq++);
                        a.endRow();
                    }
                }
                appendCpu = (cpuTicks() - cpu0) / (double) TICKS;
                appendWall = (System.nanoTime() - t0) / 1e9;
                DuckDb.exec(c, "COPY (SELECT * EXCLUDE (\"__seq\") FROM " + t + " ORDER BY " + order + ") TO "
                        + DuckDbViews.quoteLiteral(target.toString()) + " (FORMAT parquet, COMPRESSION zstd, COMPRESSION_LEVEL "
                        + ParquetSchemas.ZSTD_LEVEL + ", PARQUET_VERSION v2, ROW_GROUP_SIZE " + groupRows + ", KV_METADATA " + kvs + ")");
            } finally {
                DuckDb.exec(c, "DROP TABLE IF EXISTS " + t);
            }
        }
    }

    /** Rows per row group of the parquet-java file (its first group), for DuckDB's COPY to match. */
    static long rowsPerGroup(Path file) throws SQLException {
        try (Connection c = DuckDb.inMemory(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT max(row_group_num_rows) FROM parquet_metadata("
                     + DuckDbViews.quoteLiteral(file.toString()) + ")")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    interface Body {
        void run() throws Exception;
    }

    record Measure(double cpu, double wall, long peakRssDeltaMb, String note) {
        Measure(double cpu, double wall, long peakRssDeltaMb) {
            this(cpu, wall, peakRssDeltaMb, "");
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%5.1f CPU-s %5.1f s +%,5d MB peak RSS%s", cpu, wall, peakRssDeltaMb, note);
        }
    }

    static Measure measureDuck(Body body) throws Exception {
        Measure m = measure(body);
        return new Measure(m.cpu, m.wall, m.peakRssDeltaMb, String.format(Locale.ROOT, " (append %.1f CPU-s %.1f s)", appendCpu, appendWall));
    }

    static Measure measure(Body body) throws Exception {
        System.gc();
        resetPeak();
        long rss0 = status("VmRSS:");
        long cpu0 = cpuTicks();
        long t0 = System.nanoTime();
        body.run();
        double wall = (System.nanoTime() - t0) / 1e9;
        double cpu = (cpuTicks() - cpu0) / (double) TICKS;
        long peak = status("VmHWM:");
        return new Measure(cpu, wall, (peak - rss0) / 1024);
    }

    static Measure median(List<Measure> ms) {
        double[] c = ms.stream().mapToDouble(Measure::cpu).sorted().toArray();
        double[] w = ms.stream().mapToDouble(Measure::wall).sorted().toArray();
        long[] p = ms.stream().mapToLong(Measure::peakRssDeltaMb).sorted().toArray();
        return new Measure(c[c.length / 2], w[w.length / 2], p[p.length / 2]);
    }

    /** utime + stime of the whole process, in clock ticks. */
    static long cpuTicks() throws IOException {
        String stat = Files.readString(Path.of("/proc/self/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }

    /** A line of /proc/self/status in KiB. */
    static long status(String key) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith(key)) return Long.parseLong(line.substring(key.length()).trim().split("\\s+")[0]);
        }
        return -1;
    }

    /** Resets VmHWM to the current RSS (Linux 4.0+); without it the peak is the process's so far. */
    static void resetPeak() {
        try {
            Files.writeString(Path.of("/proc/self/clear_refs"), "5");
        } catch (IOException e) {
            System.err.println("cannot reset peak RSS: " + e.getMessage());
        }
    }

    /** Same rows in the same positions, then what a reader sees differently. */
    static void compare(BuildDatabase db, Path javaFile, Path duckFile) throws SQLException {
        String a = DuckDbViews.quoteLiteral(javaFile.toString()), b = DuckDbViews.quoteLiteral(duckFile.toString());
        try (Connection c = db.connect()) {
            print(c, "rows, size", "SELECT 'java' f, (SELECT count(*) FROM read_parquet(" + a + ")) n, "
                    + "(SELECT count(*) FROM parquet_metadata(" + a + ") WHERE column_id = 0) row_groups UNION ALL "
                    + "SELECT 'duck', (SELECT count(*) FROM read_parquet(" + b + ")), (SELECT count(*) FROM parquet_metadata(" + b + ") WHERE column_id = 0)");
            print(c, "rows (with position) in one file but not the other",
                    "SELECT (SELECT count(*) FROM (SELECT * FROM read_parquet(" + a + ", file_row_number = true) EXCEPT ALL "
                            + "SELECT * FROM read_parquet(" + b + ", file_row_number = true))) java_only, "
                            + "(SELECT count(*) FROM (SELECT * FROM read_parquet(" + b + ", file_row_number = true) EXCEPT ALL "
                            + "SELECT * FROM read_parquet(" + a + ", file_row_number = true))) duck_only");
            print(c, "sum of hash per file", "SELECT 'java', count(*), sum(hash(x))::HUGEINT FROM read_parquet(" + a + ") x UNION ALL "
                    + "SELECT 'duck', count(*), sum(hash(x))::HUGEINT FROM read_parquet(" + b + ") x");
            print(c, "schema differences", "WITH j AS (SELECT name, type, type_length, repetition_type, num_children, converted_type, "
                    + "scale, precision, field_id, logical_type FROM parquet_schema(" + a + ")), d AS (SELECT name, type, type_length, "
                    + "repetition_type, num_children, converted_type, scale, precision, field_id, logical_type FROM parquet_schema(" + b + ")) "
                    + "SELECT 'java' f, * FROM (FROM j EXCEPT FROM d) UNION ALL SELECT 'duck', * FROM (FROM d EXCEPT FROM j) ORDER BY name, f");
            print(c, "columns: encodings, stats, bytes (java | duck)", "WITH j AS (SELECT path_in_schema p, any_value(encodings) enc, "
                    + "bool_and(stats_min_value IS NOT NULL) mm, bool_and(stats_null_count IS NOT NULL) nc, sum(total_compressed_size) csz, "
                    + "sum(total_uncompressed_size) usz FROM parquet_metadata(" + a + ") GROUP BY ALL), d AS (SELECT path_in_schema p, "
                    + "any_value(encodings) enc, bool_and(stats_min_value IS NOT NULL) mm, bool_and(stats_null_count IS NOT NULL) nc, "
                    + "sum(total_compressed_size) csz, sum(total_uncompressed_size) usz FROM parquet_metadata(" + b + ") GROUP BY ALL) "
                    + "SELECT p, j.enc, d.enc, j.mm, d.mm, j.nc, d.nc, j.csz, d.csz, j.usz, d.usz FROM j FULL JOIN d USING (p) ORDER BY p");
            print(c, "totals", "SELECT 'java', sum(total_compressed_size), sum(total_uncompressed_size) FROM parquet_metadata(" + a + ") "
                    + "UNION ALL SELECT 'duck', sum(total_compressed_size), sum(total_uncompressed_size) FROM parquet_metadata(" + b + ")");
            print(c, "file metadata", "SELECT 'java', created_by, format_version FROM parquet_file_metadata(" + a + ") UNION ALL "
                    + "SELECT 'duck', created_by, format_version FROM parquet_file_metadata(" + b + ")");
            print(c, "key-value metadata", "SELECT 'java', decode(key), decode(value)[1:80] FROM parquet_kv_metadata(" + a + ") UNION ALL "
                    + "SELECT 'duck', decode(key), decode(value)[1:80] FROM parquet_kv_metadata(" + b + ")");
        }
        System.out.printf(Locale.ROOT, "  file bytes: java %,d  duck %,d%n", javaFile.toFile().length(), duckFile.toFile().length());
    }

    static void print(Connection c, String title, String sql) throws SQLException {
        System.out.println("  -- " + title);
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            ResultSetMetaData md = rs.getMetaData();
            while (rs.next()) {
                String[] v = new String[md.getColumnCount()];
                for (int i = 0; i < v.length; i++) v[i] = String.valueOf(rs.getObject(i + 1));
                System.out.println("     " + String.join(" | ", Arrays.asList(v)));
            }
        }
    }
}
