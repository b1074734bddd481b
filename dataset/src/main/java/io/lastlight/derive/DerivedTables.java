package io.lastlight.derive;

import io.lastlight.schema.DatasetSchema;
import io.lastlight.schema.DuckDbViews;
import io.lastlight.schema.ParquetSchemas;
import io.lastlight.schema.TableSchema;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Pattern;
import java.util.List;

/**
 * Builds the derived tables with DuckDB SQL over the observation Parquet files. Each table's query is a
 * resource ({@code derive/<table>.sql}); the projection, casts and sort order come from the schema file,
 * so the written Parquet always matches the contract. Output goes to a temporary file, then is renamed.
 */
public final class DerivedTables {
    /**
     * DuckDB's default budget, for the launcher's default heap (-Xmx1g for build): at 10M posts the derive step alone
     * peaked at 2.1 GB RSS with it, 1GB ran out of memory (post_versions beside media), and 3GB (the budget before)
     * took the build to 5.2 GB with a 2 GiB heap (BENCHMARKS.md "Speed round (issue #22)").
     */
    static final String DEFAULT_MEMORY = "1.5GB";
    /** The build database's schema of the whole observation tables; each derive connection has its own views of them. */
    private static final String OBSERVATIONS = "observations";
    /** Added to the row numbers of a WARC file's revisit rows (2^62: beyond any row number of its main file). */
    static final long REVISIT_ROWS = 1L << 62;
    private final DatasetSchema schema;
    private final RunningStatements running = new RunningStatements();
    private final long rangeBytes;
    private final Consumer<String> log;
    private volatile TableDone tableDone = (name, seconds) -> { };

    /** Told as each derived table is written (from the thread that wrote it). */
    public interface TableDone {
        void done(String table, double seconds);
    }

    /** Key ranges sized from the memory budget: a twelfth of it of observation data per range (see {@link KeyRanges}). */
    public DerivedTables(DatasetSchema schema) {
        this(schema, defaultRangeBytes(), s -> { });
    }

    /**
     * @param rangeBytes observation data (Parquet, uncompressed) per key range of a table that declares one
     * @param log        receives a line per table split into ranges and per range written
     */
    public DerivedTables(DatasetSchema schema, long rangeBytes, Consumer<String> log) {
        if (rangeBytes < 1) throw new IllegalArgumentException("rangeBytes must be positive");
        this.schema = schema;
        this.rangeBytes = rangeBytes;
        this.log = log;
    }

    /**
     * A twelfth of DuckDB's budget (125 MB at the default 1.5GB): the derive peak follows the range size (see {@link
     * KeyRanges}). It was an eighth of the observation files' uncompressed size when DuckDB wrote them; parquet-java's
     * dictionary pages make the same rows' uncompressed size 1.3-1.7x smaller (1M posts: post observations 375 → 281
     * MB, profile observations 313 → 209), so the same rows per range need a smaller measure.
     */
    public static long defaultRangeBytes() {
        return bytes(memoryLimit()) / 12;
    }

    /** Sets who is told as each table is written (nobody by default). */
    public DerivedTables onTableDone(TableDone listener) {
        this.tableDone = java.util.Objects.requireNonNull(listener);
        return this;
    }

    public List<String> tables() {
        List<String> out = new ArrayList<>();
        for (TableSchema t : schema.tables()) if (t.kind().equals("derived")) out.add(t.name());
        return out;
    }

    public void build(Path dataset, List<String> observationTables) throws SQLException, IOException {
        build(dataset, observationTables, Runtime.getRuntime().availableProcessors());
    }

    /**
     * @param parallel derived tables written at once. DuckDB writes one Parquet file from one thread, so
     *                 independent tables (those that do not read each other) are written side by side, each
     *                 from its own connection to the one database. Output does not depend on it.
     */
    public void build(Path dataset, List<String> observationTables, int parallel) throws SQLException, IOException {
        try (BuildDatabase db = BuildDatabase.open(dataset.toAbsolutePath().resolve(".tmp-duckdb"), parallel, memoryLimit())) {
            build(dataset, observationTables, parallel, db);
        }
    }

    /** As {@link #build(Path, List, int)}, on the build's shared database (its budget, threads and spill folder). */
    public void build(Path dataset, List<String> observationTables, int parallel, BuildDatabase db) throws SQLException, IOException {
        if (parallel < 1) throw new IllegalArgumentException("parallel must be at least 1");
        Path abs = dataset.toAbsolutePath();
        // One DuckDB thread per query, `parallel` queries side by side: the same tables cost ~25% less CPU than
        // with every query spread over all cores (985,706 posts: 22.9 → 17.5 CPU-s, BENCHMARKS.md "Speed round").
        int threadsBefore = db.threads();
        db.threads(1);
        try {
            writeAll(abs, observationTables, parallel, tables(), db);
        } finally {
            db.threads(threadsBefore);
        }
    }

    private void writeAll(Path abs, List<String> observationTables, int parallel, List<String> names, BuildDatabase db)
            throws SQLException, IOException {
        MemorySlots slots = new MemorySlots(parallel);
        ExecutorService pool = Executors.newFixedThreadPool(parallel, r -> {
            Thread t = new Thread(r, "derive");
            t.setDaemon(true);
            return t;
        });
        try (Connection c = db.connect()) {
            // Each observation row also carries its position in its file. One observation file holds one WARC
            // file's rows, so (warc_file, file_row_number) names a row: the derive SQL picks rows by it (a
            // deterministic tie-break, and a join key far narrower than the row). The projection drops it.
            // A WARC file's revisit rows are in a second file (<warc>.revisits.parquet, see io.lastlight.revisit), so
            // their row numbers are moved past any the first file can have: (warc_file, file_row_number) stays unique.
            DuckDb.exec(c, "CREATE SCHEMA IF NOT EXISTS " + OBSERVATIONS);
            for (String t : observationTables) {
                DuckDb.exec(c, "CREATE OR REPLACE VIEW " + whole(t) + " AS SELECT * EXCLUDE (filename) REPLACE ("
                        + "file_row_number + CASE WHEN filename LIKE '%.revisits.parquet' THEN " + REVISIT_ROWS
                        + " ELSE 0 END AS file_row_number) FROM read_parquet("
                        + DuckDbViews.quoteLiteral(abs.resolve(t).resolve("*.parquet").toString())
                        + ", file_row_number = true, filename = true)");
            }
            // Submitted in schema order, which lists a table after the tables it reads: with a FIFO pool, a task
            // that waits for its inputs only ever waits for tasks already running.
            Map<String, Future<?>> done = new LinkedHashMap<>();
            for (String name : names) {
                List<Future<?>> inputs = new ArrayList<>();
                for (String dep : reads(name, names)) if (done.containsKey(dep)) inputs.add(done.get(dep));
                done.put(name, pool.submit(() -> {
                    for (Future<?> f : inputs) await(f);
                    long t0 = System.nanoTime();
                    try (Connection own = DuckDb.duplicate(c)) {
                        write(own, c, abs, name, observationTables, slots);
                    }
                    tableDone.done(name, (System.nanoTime() - t0) / 1e9);
                    return null;
                }));
            }
            try {
                for (Future<?> f : done.values()) await(f);
            } catch (SQLException | IOException | RuntimeException | Error e) {
                // One table failed: stop the others now rather than let them run on (and spill) while the
                // error is reported, and wait for them so nothing still writes into the dataset afterwards.
                for (Future<?> f : done.values()) f.cancel(false);
                running.cancelAll();
                for (Future<?> f : done.values()) {
                    try {
                        if (!f.isCancelled()) f.get();
                    } catch (Exception ignored) {
                        // the first failure is the one reported
                    }
                }
                throw e;
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * One derived table: COPY to temporary files (one per key range, see {@link KeyRanges}), rename them, remove
     * the parts a previous build left beyond them, then a view so later tables can read it.
     */
    private void write(Connection own, Connection shared, Path abs, String name, List<String> observationTables,
                       MemorySlots slots) throws SQLException, IOException {
        TableSchema t = schema.table(name);
        String sql = sql(name);
        // This connection's own (temporary) views name the observation tables as the SQL does.
        for (String o : observationTables) {
            DuckDb.exec(own, "CREATE OR REPLACE TEMP VIEW " + DuckDbViews.quoteIdent(o) + " AS SELECT * FROM " + whole(o));
        }
        Optional<KeyRanges.Spec> split = KeyRanges.declared(sql).filter(s -> observationTables.contains(s.table()));
        Path dir = Files.createDirectories(abs.resolve(name));
        List<Path> parts = new ArrayList<>();
        int n = 1;
        try {
            if (split.isPresent()) n = KeyRanges.count(own, abs.resolve(split.get().table()), rangeBytes);
            if (n > 1) {
                KeyRanges.cut(own, split.get(), whole(split.get().table()), n);
                log.accept(name + ": " + n + " ranges of " + split.get().key() + " (" + split.get().table() + " is larger than "
                        + rangeBytes / 1_000_000 + " MB)");
            }
            for (int p = 0; p < n; p++) {
                if (n > 1) {
                    String o = split.get().table();
                    DuckDb.exec(own, "CREATE OR REPLACE TEMP VIEW " + DuckDbViews.quoteIdent(o) + " AS SELECT * FROM " + whole(o)
                            + " WHERE " + KeyRanges.filter(split.get(), p, n));
                }
                Path tmp = dir.resolve(".tmp-" + part(p, n) + ".partial");
                parts.add(tmp);
                Files.deleteIfExists(tmp);
                String copy = "COPY (" + projection(t, sql) + ") TO " + DuckDbViews.quoteLiteral(tmp.toString())
                        + " (FORMAT parquet, COMPRESSION zstd, COMPRESSION_LEVEL " + ParquetSchemas.ZSTD_LEVEL + ", PARQUET_VERSION v2, ROW_GROUP_SIZE 131072, KV_METADATA {"
                        + DuckDbViews.quoteLiteral(DatasetSchema.VERSION_METADATA_KEY) + ": " + DuckDbViews.quoteLiteral(schema.version())
                        + ", " + DuckDbViews.quoteLiteral(DatasetSchema.TABLE_METADATA_KEY) + ": " + DuckDbViews.quoteLiteral(name) + "})";
                String what = name + (n > 1 ? ": range " + (p + 1) + "/" + n : "");
                slots.run(() -> running.exec(own, copy), first -> {
                    Files.deleteIfExists(tmp);
                    log.accept(what + ": out of memory beside other tables; running it again alone");
                });
                if (n > 1) log.accept(name + ": range " + (p + 1) + "/" + n + " written");
            }
        } catch (SQLException e) {
            for (Path tmp : parts) Files.deleteIfExists(tmp);
            Exception f = failure(name, e);
            if (f instanceof RuntimeException re) throw re;
            throw (SQLException) f;
        }
        Set<String> kept = new HashSet<>();
        for (int p = 0; p < n; p++) {
            kept.add(part(p, n));
            Files.move(parts.get(p), dir.resolve(part(p, n)), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        }
        try (Stream<Path> old = Files.list(dir)) {
            for (Path f : (Iterable<Path>) old::iterator) {
                String file = f.getFileName().toString();
                if (file.startsWith("part-") && file.endsWith(".parquet") && !kept.contains(file)) Files.delete(f);
            }
        }
        // Later derived tables may read earlier ones (media reads posts). Catalog changes one at a time.
        synchronized (shared) {
            DuckDb.exec(own, "CREATE OR REPLACE VIEW " + DuckDbViews.quoteIdent(name) + " AS SELECT * FROM read_parquet("
                    + DuckDbViews.quoteLiteral(dir.resolve("*.parquet").toString()) + ")");
        }
    }

    /** Part {@code p} of {@code n}: {@code part-0.parquet} alone, else numbered with equal widths so names sort in key order. */
    static String part(int p, int n) {
        int width = Integer.toString(n - 1).length();
        return String.format("part-%0" + width + "d.parquet", p);
    }

    /** The build database's view of a whole observation table. */
    private static String whole(String observationTable) {
        return OBSERVATIONS + "." + DuckDbViews.quoteIdent(observationTable);
    }

    /**
     * Names the table in DuckDB's error. Running out of the memory budget is the user's to act on (a
     * {@link io.lastlight.core.UserException} saying which knob to turn); anything else stays an SQL error.
     */
    static Exception failure(String table, SQLException e) {
        String first = MemorySlots.firstLine(e);
        if (MemorySlots.outOfMemory(e)) {
            return new io.lastlight.core.UserException("deriving table " + table + ": DuckDB ran out of its "
                    + memoryLimit() + " memory budget (" + first + "); give it more with JAVA_OPTS=-Dlastlight.duckdb.memory=8GB"
                    + " and run the build again: extracted files are kept and not re-read", e);
        }
        return new SQLException("deriving table " + table + ": " + first, e.getSQLState(), e);
    }

    /** The other derived tables {@code name}'s SQL reads (named as a whole word outside comments). */
    static List<String> reads(String name, List<String> derived) {
        String code = sql(name).replaceAll("--[^\\n]*", "");
        List<String> out = new ArrayList<>();
        for (String other : derived) {
            if (!other.equals(name) && Pattern.compile("\\b" + Pattern.quote(other) + "\\b").matcher(code).find()) out.add(other);
        }
        return out;
    }

    private static void await(Future<?> f) throws SQLException, IOException {
        try {
            f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while deriving tables");
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof SQLException se) throw se;
            if (c instanceof IOException io) throw io;
            if (c instanceof RuntimeException re) throw re;
            if (c instanceof Error err) throw err;
            throw new IOException(c);
        }
    }

    /** DuckDB's memory budget for deriving: {@code -Dlastlight.duckdb.memory=4GB}, else {@value #DEFAULT_MEMORY}. */
    public static String memoryLimit() {
        String v = System.getProperty("lastlight.duckdb.memory", DEFAULT_MEMORY);
        if (!v.matches("(?i)\\d+(\\.\\d+)?\\s*(KB|MB|GB|TB|KiB|MiB|GiB|TiB)")) {
            throw new io.lastlight.core.UserException("-Dlastlight.duckdb.memory=" + v + " is not a size such as 2GB or 512MB");
        }
        return v;
    }

    /** A size as {@link #memoryLimit()} accepts it, in bytes (KB = 1000 bytes, KiB = 1024, as DuckDB reads them). */
    public static long bytes(String size) {
        java.util.regex.Matcher m = Pattern.compile("(?i)(\\d+(?:\\.\\d+)?)\\s*([KMGT])(I?)B").matcher(size.trim());
        if (!m.matches()) throw new IllegalArgumentException("not a size: " + size);
        int power = "KMGT".indexOf(Character.toUpperCase(m.group(2).charAt(0))) + 1;
        double unit = Math.pow(m.group(3).isEmpty() ? 1000 : 1024, power);
        return (long) (Double.parseDouble(m.group(1)) * unit);
    }

    /** SELECT of exactly the schema's columns, cast to the declared types, sorted by the table key. */
    static String projection(TableSchema t, String inner) {
        return DuckDbViews.sortedProjection(t, inner);
    }

    static String sql(String table) {
        String res = "/io/lastlight/derive/" + table + ".sql";
        try (InputStream in = DerivedTables.class.getResourceAsStream(res)) {
            if (in == null) throw new IllegalStateException("no SQL for derived table " + table + " (" + res + ")");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
