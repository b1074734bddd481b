package io.lastlight.bench;

import io.lastlight.derive.DuckDb;
import io.lastlight.query.Dataset;
import io.lastlight.query.NamedQuery;
import io.lastlight.schema.DatasetSchema;
import io.lastlight.schema.DuckDbViews;
import io.lastlight.schema.TableSchema;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * Bench-only (test scope): each canned query on the dataset's Parquet views (as {@code lastlight query}
 * runs it) vs the same data loaded into native DuckDB tables ({@code CREATE TABLE t AS SELECT * FROM
 * read_parquet(...)}). One warm-up, then RUNS timed runs per side, interleaved so load on the machine
 * hits both sides alike; every row of the result is read. Prints one JSON line per query.
 *
 * <pre>java -cp lastlight.jar:test-classes io.lastlight.bench.QueryBench DATASET RUNS NATIVE_DB</pre>
 */
public final class QueryBench {
    public static void main(String[] args) throws Exception {
        Path dataset = Path.of(args[0]);
        int runs = Integer.parseInt(args[1]);
        Path nativeDb = Path.of(args[2]);
        long t0 = System.nanoTime();
        if (!Files.exists(nativeDb)) load(dataset, nativeDb);
        addEmptyTables(nativeDb);
        System.out.printf("{\"load_native_seconds\":%.2f}%n", (System.nanoTime() - t0) / 1e9);
        try (Connection parquet = Dataset.open(dataset); Connection nat = DuckDb.open(nativeDb, true)) {
            for (String name : NamedQuery.NAMES) {
                NamedQuery q = NamedQuery.load(name);
                long rows = run(parquet, q);
                run(nat, q);
                List<Double> p = new ArrayList<>(), n = new ArrayList<>();
                for (int i = 0; i < runs; i++) {
                    long a = System.nanoTime();
                    run(parquet, q);
                    p.add((System.nanoTime() - a) / 1e6);
                    a = System.nanoTime();
                    run(nat, q);
                    n.add((System.nanoTime() - a) / 1e6);
                }
                System.out.printf("{\"query\":\"%s\",\"rows\":%d,\"parquet_ms\":%.1f,\"native_ms\":%.1f,\"parquet_ms_all\":%s,\"native_ms_all\":%s}%n",
                        name, rows, median(p), median(n), p, n);
            }
        }
    }

    private static void load(Path dataset, Path nativeDb) throws Exception {
        try (Connection c = DuckDb.open(nativeDb, false)) {
            for (TableSchema t : DatasetSchema.bundled().tables()) {
                Path dir = dataset.resolve(t.name());
                if (!Files.isDirectory(dir)) continue;
                DuckDb.exec(c, "CREATE TABLE " + DuckDbViews.quoteIdent(t.name()) + " AS SELECT * FROM read_parquet("
                        + DuckDbViews.quoteLiteral(dir.toAbsolutePath() + "/*.parquet") + ")");
            }
            DuckDb.exec(c, "CHECKPOINT");
        }
    }

    /**
     * Tables with no files in the dataset (annotations before the first `label import`) are empty views there;
     * the same in the native database, so queries that read them run on both sides.
     */
    private static void addEmptyTables(Path nativeDb) throws Exception {
        try (Connection c = DuckDb.open(nativeDb, false)) {
            for (TableSchema t : DatasetSchema.bundled().tables()) {
                try (PreparedStatement ps = c.prepareStatement(
                        "SELECT count(*) FROM duckdb_tables() WHERE table_name = ? UNION ALL SELECT count(*) FROM duckdb_views() WHERE view_name = ?")) {
                    ps.setString(1, t.name());
                    ps.setString(2, t.name());
                    long found = 0;
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) found += rs.getLong(1);
                    }
                    if (found == 0) DuckDb.exec(c, DuckDbViews.createEmptyView(t));
                }
            }
        }
    }

    private static long run(Connection c, NamedQuery q) throws Exception {
        long rows = 0;
        try (PreparedStatement ps = q.prepare(c, Map.of()); ResultSet rs = ps.executeQuery()) {
            int cols = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                for (int i = 1; i <= cols; i++) rs.getObject(i);
                rows++;
            }
        }
        return rows;
    }

    private static double median(List<Double> xs) {
        List<Double> s = new ArrayList<>(xs);
        Collections.sort(s);
        int m = s.size() / 2;
        return s.size() % 2 == 1 ? s.get(m) : (s.get(m - 1) + s.get(m)) / 2;
    }
}
